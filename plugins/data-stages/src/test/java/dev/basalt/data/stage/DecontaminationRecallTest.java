package dev.basalt.data.stage;

import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;
import dev.basalt.data.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An evaluation set (tinyshakespeare speeches of at least 20 words) planted in a real corpus (Europarl and
 * Brown): 200 documents get a whole item, re-spaced, re-wrapped and partly upper-cased; 100 get only the first 12
 * words of one, below the 13-word overlap. The truth for every document, planted or not, is computed here from
 * scratch: does it share a run of 13 normalised words with an item.
 */
class DecontaminationRecallTest {

    private static final int NGRAM = 13;

    @TempDir
    Path dir;

    /** The words of {@code text} with the spaces between them replaced by random whitespace runs. */
    private static String respaced(String text, Random random) {
        String[] separators = {" ", "  ", "\n", "\t", " \n\n ", "\r\n", "   \t "};
        String[] words = text.split("\\s+");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                out.append(separators[random.nextInt(separators.length)]);
            }
            out.append(random.nextInt(4) == 0 ? words[i].toUpperCase(Locale.ROOT) : words[i]);
        }
        return out.toString();
    }

    /** The document with {@code passage} inserted between two of its words. */
    private static String planted(String document, String passage, Random random) {
        String[] words = document.split(" ");
        int at = random.nextInt(words.length + 1);
        return String.join(" ", List.of(words).subList(0, at)) + "\n" + passage + "\n"
                + String.join(" ", List.of(words).subList(at, words.length));
    }

    private static Set<String> grams(String text) {
        List<String> words = Shingles.words(text);
        Set<String> grams = new HashSet<>();
        for (int i = 0; i + NGRAM <= words.size(); i++) {
            grams.add(String.join(" ", words.subList(i, i + NGRAM)));
        }
        return grams;
    }

    @Test
    void plantedEvaluationSetIsFoundAndCleanDocumentsStay() throws IOException {
        List<String> items = new ArrayList<>();
        for (String speech : SharedData.shakespeareSpeeches()) {
            if (Shingles.words(speech).size() >= 20 && items.size() < 300) {
                items.add(speech.replaceAll("\\s+", " "));
            }
        }
        Path evalFile = dir.resolve("shakespeare-eval.txt");
        Files.write(evalFile, items, StandardCharsets.UTF_8);
        Set<String> evalGrams = new HashSet<>();
        items.forEach(item -> evalGrams.addAll(grams(item)));

        List<String> corpus = new ArrayList<>(SharedData.europarlBodies(3000));
        corpus.addAll(SharedData.brownDocuments(500));
        Random random = new Random(5);
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            indices.add(i);
        }
        Collections.shuffle(indices, random);
        Set<Integer> contaminated = new HashSet<>();
        for (int k = 0; k < 300; k++) {
            int doc = indices.get(k);
            String item = items.get(random.nextInt(items.size()));
            if (k < 200) {
                corpus.set(doc, planted(corpus.get(doc), respaced(item, random), random));
                contaminated.add(doc);
            } else {
                // Twelve normalised words ("I'll" is two), one short of an overlap.
                String fragment = String.join(" ", Shingles.words(item).subList(0, NGRAM - 1));
                corpus.set(doc, planted(corpus.get(doc), respaced(fragment, random), random));
            }
        }

        DataStage stage = StageHarness.stage("decontaminate", "eval-files", List.of(evalFile.toString()),
                "report-limit", 10);
        int truePositives = 0;
        int falseNegatives = 0;
        int falsePositives = 0;
        int naturalOverlaps = 0;
        for (int i = 0; i < corpus.size(); i++) {
            boolean removed = stage.apply(new Document(Integer.toString(i), "corpus", corpus.get(i)))
                    instanceof StageResult.Removed;
            boolean overlaps = !Collections.disjoint(grams(corpus.get(i)), evalGrams);
            assertTrue(overlaps || !contaminated.contains(i), "a planted item is a 13-word overlap: " + i);
            if (overlaps && !contaminated.contains(i)) {
                naturalOverlaps++;
            }
            if (overlaps && removed) {
                truePositives++;
            } else if (overlaps) {
                falseNegatives++;
            } else if (removed) {
                falsePositives++;
            }
        }
        double recall = (double) truePositives / (truePositives + falseNegatives);
        long plantedFound = contaminated.stream().filter(i -> grams(corpus.get(i)).stream().anyMatch(evalGrams::contains))
                .count();
        System.out.printf("decontaminate: %d documents, %d planted items, %d natural overlaps; recall %.4f (%d of %d), "
                        + "%d clean documents removed%n", corpus.size(), contaminated.size(), naturalOverlaps, recall,
                truePositives, truePositives + falseNegatives, falsePositives);
        assertEquals(200, plantedFound);
        // The match is exact on normalised words, so every overlap is found and nothing else is removed (a
        // false match would need a 64-bit hash collision).
        assertEquals(1.0, recall);
        assertEquals(0, falsePositives);

        Map<String, Object> report = ((ReportingStage) stage).report();
        @SuppressWarnings("unchecked")
        Map<String, Object> file = ((List<Map<String, Object>>) report.get("eval-files")).get(0);
        assertEquals(items.size(), file.get("items"));
        assertEquals((long) truePositives, file.get("documents-removed"));
        assertEquals(10, ((List<?>) report.get("examples")).size());
    }
}
