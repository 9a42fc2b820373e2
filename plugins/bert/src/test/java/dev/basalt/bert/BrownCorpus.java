package dev.basalt.bert;

import dev.basalt.api.classify.LabelledText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The NLTK Brown corpus as the sample reads it: file ids by genre (cats.txt) and untagged word passages. */
final class BrownCorpus {

    private BrownCorpus() {
    }

    /** File ids of each genre, in file order. */
    static Map<String, List<String>> documentsByGenre(Path brown) throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        for (String line : Files.readAllLines(brown.resolve("cats.txt"))) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2) {
                out.computeIfAbsent(parts[1], g -> new ArrayList<>()).add(parts[0]);
            }
        }
        out.values().forEach(files -> files.sort(null));
        return out;
    }

    /**
     * The first {@code count} passages of {@code words} words of a document, tags removed ({@code word/tag} gives
     * {@code word}). The origin reads {@code file#genre#passage}, so the sample can count correct pseudo-labels.
     */
    static List<LabelledText> passages(Path brown, String file, String genre, int words, int count) throws IOException {
        List<String> tokens = new ArrayList<>();
        for (String token : Files.readString(brown.resolve("texts").resolve(file)).split("\\s+")) {
            int slash = token.lastIndexOf('/');
            if (slash > 0) {
                tokens.add(token.substring(0, slash));
            }
        }
        List<LabelledText> out = new ArrayList<>();
        for (int p = 0; p < count && (p + 1) * words <= tokens.size(); p++) {
            out.add(new LabelledText(String.join(" ", tokens.subList(p * words, (p + 1) * words)), genre,
                    file + "#" + genre + "#" + p));
        }
        return out;
    }
}
