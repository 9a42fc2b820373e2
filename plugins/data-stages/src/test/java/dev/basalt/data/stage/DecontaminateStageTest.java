package dev.basalt.data.stage;

import dev.basalt.api.BasaltException;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static dev.basalt.data.stage.StageHarness.keptIndices;
import static dev.basalt.data.stage.StageHarness.stage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecontaminateStageTest {

    private static final String FOX = "The quick brown fox jumps over the lazy dog while the farmer watches from the old wooden gate.";
    private static final String WATER = "Water boils at one hundred degrees at sea level.";
    private static final String PARIS = "Paris is the capital of France.";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static DataStage decontaminate(List<Path> files, Object... settings) {
        Object[] all = new Object[settings.length + 2];
        all[0] = "eval-files";
        all[1] = files.stream().map(Path::toString).toList();
        System.arraycopy(settings, 0, all, 2, settings.length);
        return stage("decontaminate", all);
    }

    private static Map<String, Object> report(DataStage stage) {
        return ((ReportingStage) stage).report();
    }

    @Test
    void thirteenGramsOfNormalisedWordsRegardlessOfLineBreaksAndSpacing() throws IOException {
        // FOX has 19 words; WATER 9 (at least min-eval-words 8, fewer than 13: matched whole); PARIS 6 (ignored).
        Path eval = write("eval.txt", FOX + "\n" + WATER + "\n\n" + PARIS + "\n");
        DataStage stage = decontaminate(List.of(eval));
        List<String> documents = List.of(
                // 0: words 3-15 of FOX, across lines, in other case, spacing and punctuation.
                "Yesterday a BROWN fox,\njumps   over the lazy\n\ndog -- while the Farmer watches\tfrom the end.",
                // 1: words 3-14 only: twelve words.
                "A brown fox jumps over the lazy dog while the farmer watches from a distance.",
                // 2: all of WATER, with a hyphen where it had a space.
                "Did you know? WATER boils at one hundred degrees at sea-level! Yes.",
                // 3: WATER without its last word.
                "Water boils at one hundred degrees at sea, they say.",
                // 4: all of PARIS, too short to protect.
                "Paris is the capital of France.",
                // 5: unrelated.
                "Basalt is a volcanic rock.");
        assertEquals(List.of(1, 3, 4, 5), keptIndices(stage, documents));
        assertEquals(new StageResult.Removed("eval-overlap"), stage.apply(new Document("again", "s", documents.get(0))));

        Map<String, Object> report = report(stage);
        assertEquals(13, report.get("ngram"));
        assertEquals(1, report.get("ignored-short-items"));
        assertEquals(List.of(), report.get("bad-eval-records"));
        assertEquals(List.of(Map.of("file", eval.toString(), "items", 2, "documents-removed", 3L)), report.get("eval-files"));
        assertEquals(List.of(
                Map.of("document", "0", "eval-file", eval.toString(),
                        "matched", "brown fox jumps over the lazy dog while the farmer watches from the"),
                Map.of("document", "2", "eval-file", eval.toString(),
                        "matched", "water boils at one hundred degrees at sea level"),
                Map.of("document", "again", "eval-file", eval.toString(),
                        "matched", "brown fox jumps over the lazy dog while the farmer watches from the")),
                report.get("examples"));
    }

    @Test
    void ngramLengthAndMinimumMatchesAreSettings() throws IOException {
        Path eval = write("eval.txt", FOX + "\n");
        String thirteen = "so brown fox jumps over the lazy dog while the farmer watches from the end";
        String fourteen = "so brown fox jumps over the lazy dog while the farmer watches from the old end";
        // Thirteen common words are one overlapping 13-gram, fourteen are two.
        assertEquals(List.of(0), keptIndices(decontaminate(List.of(eval), "min-matches", 2), List.of(thirteen, fourteen)));
        // With 5-grams, five common words are enough.
        String five = "we saw the lazy dog while the cat slept";
        assertEquals(List.of(), keptIndices(decontaminate(List.of(eval), "ngram", 5), List.of(five)));
        assertEquals(List.of(0), keptIndices(decontaminate(List.of(eval)), List.of(five)));
    }

    @Test
    void jsonlAndCompressedEvalFilesWithBadRecords() throws IOException {
        Path jsonl = dir.resolve("eval.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(jsonl))) {
            out.write(("{\"question\": \"" + FOX + "\"}\n{\"question\": broken\n{\"other\": \"x\"}\n{\"question\": \""
                    + WATER + "\"}\n").getBytes(StandardCharsets.UTF_8));
        }
        Path text = write("other.txt", "An entirely different evaluation item that has more than thirteen words in it for sure.\n");
        DataStage stage = decontaminate(List.of(text, jsonl), "eval-text-field", "question");
        List<String> documents = List.of(FOX, "so water boils at one hundred degrees at sea level",
                "an entirely different evaluation item that has more than thirteen words in it");
        assertEquals(List.of(), keptIndices(stage, documents));
        Map<String, Object> report = report(stage);
        assertEquals(List.of(
                Map.of("file", text.toString(), "items", 1, "documents-removed", 1L),
                Map.of("file", jsonl.toString(), "items", 2, "documents-removed", 2L)), report.get("eval-files"));
        List<?> bad = (List<?>) report.get("bad-eval-records");
        assertEquals(2, bad.size(), bad.toString());
        assertTrue(bad.get(0).toString().contains(":2: broken JSON"), bad.toString());
        assertTrue(bad.get(1).toString().contains(":3: no string field \"question\""), bad.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportListsAtMostReportLimitExamples() throws IOException {
        Path eval = write("eval.txt", FOX + "\n");
        DataStage stage = decontaminate(List.of(eval), "report-limit", 1);
        assertEquals(List.of(), keptIndices(stage, List.of(FOX, FOX.toUpperCase(), FOX.replace(' ', '\n'))));
        Map<String, Object> report = report(stage);
        assertEquals(1, ((List<?>) report.get("examples")).size());
        assertEquals(3L, ((List<Map<String, Object>>) report.get("eval-files")).get(0).get("documents-removed"));
    }

    @Test
    void badSettingsAreClearErrors() {
        BasaltException empty = assertThrows(BasaltException.class, () -> stage("decontaminate"));
        assertTrue(empty.getMessage().contains("eval-files"), empty.getMessage());
        BasaltException missing = assertThrows(BasaltException.class,
                () -> decontaminate(List.of(dir.resolve("nope.txt"))));
        assertTrue(missing.getMessage().contains("nope.txt"), missing.getMessage());
    }
}
