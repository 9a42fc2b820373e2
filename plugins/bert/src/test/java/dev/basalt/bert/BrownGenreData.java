package dev.basalt.bert;

import dev.basalt.api.classify.LabelledText;
import dev.basalt.api.format.AtomicFiles;
import dev.basalt.api.format.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the data of the Brown genre sample (samples/brown-genre-self-training.sh) for {@code basalt train
 * samples/brown-genre.conf}: passages of three Brown genres as train.jsonl (a few labelled), unlabelled.jsonl and
 * test.jsonl, beside the all-MiniLM-L6-v2 ONNX file and tokenizer the run starts from. Documents are split between
 * the three files, so no test passage shares a document with training. The unlabelled records keep their true genre
 * in a field the run does not read ({@code genre}), so pseudo-labels can be checked afterwards.
 *
 * <p>Arguments: the Brown folder (with cats.txt and texts/), the output folder, then optional key=value overrides of
 * the settings below.
 */
public final class BrownGenreData {

    private BrownGenreData() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: BrownGenreData BROWN_FOLDER OUTPUT_FOLDER [key=value ...]");
        }
        Path brown = Path.of(args[0]);
        Path output = Path.of(args[1]);
        Map<String, String> s = new LinkedHashMap<>(Map.of("genres", "news,romance,government", "words", "30",
                "labelled-docs", "2", "passages-per-labelled-doc", "4", "unlabelled-docs", "10",
                "passages-per-doc", "6", "test-docs", "6"));
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            if (!s.containsKey(kv[0]) || kv.length != 2) {
                throw new IllegalArgumentException("unknown setting " + args[i] + "; settings are " + s.keySet());
            }
            s.put(kv[0], kv[1]);
        }
        Map<String, List<String>> documents = BrownCorpus.documentsByGenre(brown);
        int words = Integer.parseInt(s.get("words"));
        int labelledDocs = Integer.parseInt(s.get("labelled-docs"));
        int unlabelledDocs = Integer.parseInt(s.get("unlabelled-docs"));
        int testDocs = Integer.parseInt(s.get("test-docs"));
        int perDoc = Integer.parseInt(s.get("passages-per-doc"));
        List<LabelledText> labelled = new ArrayList<>();
        List<LabelledText> unlabelled = new ArrayList<>();
        List<LabelledText> test = new ArrayList<>();
        for (String genre : s.get("genres").split(",")) {
            List<String> files = documents.get(genre);
            if (files == null || files.size() < labelledDocs + unlabelledDocs + testDocs) {
                throw new IllegalArgumentException("genre " + genre + " has too few documents: " + documents.keySet());
            }
            for (int d = 0; d < labelledDocs; d++) {
                labelled.addAll(BrownCorpus.passages(brown, files.get(d), genre, words,
                        Integer.parseInt(s.get("passages-per-labelled-doc"))));
            }
            for (int d = labelledDocs; d < labelledDocs + unlabelledDocs; d++) {
                unlabelled.addAll(BrownCorpus.passages(brown, files.get(d), genre, words, perDoc));
            }
            for (int d = files.size() - testDocs; d < files.size(); d++) {
                test.addAll(BrownCorpus.passages(brown, files.get(d), genre, words, perDoc));
            }
        }
        Files.createDirectories(output);
        write(output.resolve("train.jsonl"), labelled, "label");
        write(output.resolve("unlabelled.jsonl"), unlabelled, "genre");
        write(output.resolve("test.jsonl"), test, "label");
        for (String name : new String[] {MiniLm.ONNX, MiniLm.TOKENIZER}) {
            Files.copy(MiniLm.folder().resolve(name), output.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.printf("%s: %d labelled, %d unlabelled, %d test passages; settings %s%n", output,
                labelled.size(), unlabelled.size(), test.size(), s);
    }

    private static void write(Path file, List<LabelledText> passages, String labelField) throws IOException {
        AtomicFiles.writeString(file, passages.stream()
                .map(p -> "{\"text\": " + Json.quote(p.text()) + ", \"" + labelField + "\": " + Json.quote(p.label())
                        + ", \"source\": " + Json.quote(p.origin()) + "}")
                .collect(Collectors.joining("\n", "", "\n")));
    }
}
