package dev.basalt.bert;

import dev.basalt.api.BasaltException;
import dev.basalt.api.classify.LabelledText;
import dev.basalt.api.classify.LabelledTexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Labelled texts from JSONL fields and CSV columns, and one clear message for each kind of bad record. */
class LabelledTextsTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void jsonlReadsTheNamedFieldsAndAcceptsNumericLabels() throws IOException {
        Path file = write("train.jsonl", "{\"sentence\": \"a fine day\", \"label\": 1}\n\n{\"sentence\": \"rain\", \"label\": 0}\n");
        assertEquals(List.of(new LabelledText("a fine day", "1", file + ":1"), new LabelledText("rain", "0", file + ":3")),
                LabelledTexts.read(file, "sentence", "label"));
    }

    @Test
    void csvHonoursQuotedCommasAndDoubledQuotes() throws IOException {
        Path file = write("train.csv", "id,text,genre\n1,\"Well, he said \"\"no\"\".\",news\n2,plain,romance\n");
        assertEquals(List.of(new LabelledText("Well, he said \"no\".", "news", file + ":2"),
                new LabelledText("plain", "romance", file + ":3")), LabelledTexts.read(file, "text", "genre"));
    }

    @Test
    void unlabelledTextHasNoLabel() throws IOException {
        Path file = write("more.jsonl", "{\"text\": \"hello\"}\n");
        assertEquals(List.of(LabelledText.unlabelled("hello", file + ":1")), LabelledTexts.read(file, "text", ""));
    }

    @Test
    void aMissingJsonlLabelFieldNamesTheLineAndTheFieldsThere() throws IOException {
        Path file = write("train.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"lable\": \"y\"}\n");
        BasaltException e = assertThrows(BasaltException.class, () -> LabelledTexts.read(file, "text", "label"));
        assertEquals(file + ":2: no field \"label\"; this record has [lable, text]", sorted(e.getMessage()));
    }

    @Test
    void aLabelThatIsAnObjectIsRefused() throws IOException {
        Path file = write("train.jsonl", "{\"text\": \"a\", \"label\": {\"id\": 1}}\n");
        BasaltException e = assertThrows(BasaltException.class, () -> LabelledTexts.read(file, "text", "label"));
        assertEquals(file + ":1: field \"label\" is a object; it must be a string, number or boolean", e.getMessage());
    }

    @Test
    void aMissingCsvColumnNamesTheHeader() throws IOException {
        Path file = write("train.csv", "text,category\nhello,a\n");
        BasaltException e = assertThrows(BasaltException.class, () -> LabelledTexts.read(file, "text", "label"));
        assertEquals(file + ":1: no column \"label\"; the header names [text, category]", e.getMessage());
    }

    @Test
    void aCsvRowWithTheWrongFieldCountNamesItsLine() throws IOException {
        Path file = write("train.csv", "text,label\nhello,a,extra\n");
        BasaltException e = assertThrows(BasaltException.class, () -> LabelledTexts.read(file, "text", "label"));
        assertEquals(file + ":2: 3 fields, but the header names 2 columns [text, label]", e.getMessage());
    }

    @Test
    void brokenJsonAndOtherFileTypesAreRefused() throws IOException {
        Path json = write("train.jsonl", "{\"text\": \"a\",\n");
        assertEquals(json + ":1: not a JSON object", assertThrows(BasaltException.class,
                () -> LabelledTexts.read(json, "text", "label")).getMessage().replaceAll(" \\(.*", ""));
        Path tsv = write("train.tsv", "text\tlabel\n");
        assertEquals(tsv + ": labelled data is read from .jsonl or .csv files", assertThrows(BasaltException.class,
                () -> LabelledTexts.read(tsv, "text", "label")).getMessage());
    }

    /** The field list of a JSON object comes in no promised order; the message is compared with it sorted. */
    private static String sorted(String message) {
        int open = message.lastIndexOf('[');
        List<String> names = List.of(message.substring(open + 1, message.length() - 1).split(", "));
        return message.substring(0, open) + names.stream().sorted().toList().toString();
    }

    @Test
    void labelsLoseTheirSurroundingSpacesAndAnEmptyOneIsRefused() throws IOException {
        Path spaced = write("spaced.csv", "text,label\na, pos\nb,neg \n");
        assertEquals(List.of("pos", "neg"), LabelledTexts.read(spaced, "text", "label").stream()
                .map(LabelledText::label).toList());
        Path empty = write("empty.csv", "text,label\na,pos\nb,\n");
        BasaltException e = assertThrows(BasaltException.class, () -> LabelledTexts.read(empty, "text", "label"));
        assertEquals(empty + ":3: the label is empty; every training or validation record needs one", e.getMessage());
        Path nullLabel = write("null.jsonl", "{\"text\": \"a\", \"label\": null}\n");
        e = assertThrows(BasaltException.class, () -> LabelledTexts.read(nullLabel, "text", "label"));
        assertEquals(nullLabel + ":1: field \"label\" is null; it must be a string, number or boolean", e.getMessage());
    }

    @Test
    void aBlankTextIsRefusedWithItsLine() throws IOException {
        Path jsonl = write("blank.jsonl", "{\"text\": \"fine\", \"label\": \"a\"}\n{\"text\": \"   \", \"label\": \"b\"}\n");
        BasaltException e = assertThrows(BasaltException.class, () -> LabelledTexts.read(jsonl, "text", "label"));
        assertEquals(jsonl + ":2: the text is empty; every record needs a text to classify", e.getMessage());
        Path csv = write("blank.csv", "text,label\n\"\",a\n");
        e = assertThrows(BasaltException.class, () -> LabelledTexts.read(csv, "text", ""));
        assertEquals(csv + ":2: the text is empty; every record needs a text to classify", e.getMessage());
    }

    @Test
    void aByteOrderMarkBeforeTheCsvHeaderIsSkipped() throws IOException {
        Path file = write("excel.csv", "\uFEFFtext,label\nhello,greeting\n");
        assertEquals(List.of(new LabelledText("hello", "greeting", file + ":2")), LabelledTexts.read(file, "text", "label"));
    }

    @Test
    void binaryFilesAndFoldersAreOneMessage() throws IOException {
        Path binary = Files.write(dir.resolve("train.jsonl.gz"), new byte[] {(byte) 0x1f, (byte) 0x8b, 8, 0, (byte) 0xff});
        BasaltException e = assertThrows(BasaltException.class, () -> LabelledTexts.read(binary, "text", "label"));
        assertTrue(e.getMessage().startsWith(binary + " is not UTF-8 text"), e.getMessage());
        e = assertThrows(BasaltException.class, () -> LabelledTexts.read(dir, "text", "label"));
        assertEquals(dir + " is a folder; give a .jsonl or .csv file", e.getMessage());
    }

    @Test
    void numericLabelsAreNumberedInNumericOrder() {
        List<LabelledText> texts = java.util.stream.Stream.of("10", "2", "1")
                .map(label -> new LabelledText("t", label, "f:1")).toList();
        assertEquals(List.of("1", "2", "10"), dev.basalt.api.classify.LabelSet.of(texts).labels());
    }
}
