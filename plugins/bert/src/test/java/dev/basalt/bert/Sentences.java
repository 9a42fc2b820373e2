package dev.basalt.bert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** English sentences from the shared data: Tatoeba's English column and Brown corpus sentences. */
final class Sentences {

    private Sentences() {
    }

    /** {@code count / 2} Tatoeba lines spread evenly through a file sorted from short to long. */
    static List<String> tatoeba(Path cmn, int count) throws IOException {
        List<String> lines = Files.readAllLines(cmn, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(lines.get((int) ((long) i * (lines.size() - 1) / Math.max(1, count - 1))).split("\t")[0]);
        }
        return out;
    }

    /**
     * {@code count} Brown sentences, POS tags stripped ({@code word/tag}): about one in five lines of every 7th file
     * (several genres), by a fixed hash of the line.
     */
    static List<String> brown(Path texts, int count) throws IOException {
        List<String> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(texts)) {
            files = list.sorted().toList();
        }
        for (int f = 0; out.size() < count && f < files.size(); f += 7) {
            for (String line : Files.readAllLines(files.get(f), StandardCharsets.UTF_8)) {
                if (line.isBlank() || out.size() >= count || Math.floorMod(line.hashCode(), 5) != 0) {
                    continue;
                }
                StringBuilder sentence = new StringBuilder();
                for (String token : line.strip().split("\\s+")) {
                    int slash = token.lastIndexOf('/');
                    sentence.append(sentence.isEmpty() ? "" : " ").append(slash > 0 ? token.substring(0, slash) : token);
                }
                if (sentence.length() > 20) {
                    out.add(sentence.toString());
                }
            }
        }
        return out;
    }
}
