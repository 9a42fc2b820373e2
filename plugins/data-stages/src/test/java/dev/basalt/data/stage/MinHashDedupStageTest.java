package dev.basalt.data.stage;

import dev.basalt.api.BasaltException;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static dev.basalt.data.stage.StageHarness.keptIndices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MinHashDedupStageTest {

    private static MinHashDedupStage minhash(Object... settings) {
        return (MinHashDedupStage) StageHarness.stage("dedup-minhash", settings);
    }

    @Test
    void documentsShorterThanOneShingleGetARealSignature() {
        MinHashDedupStage stage = minhash();
        // Two words and five-word shingles: one shingle of both words, not an empty set.
        assertEquals(1, stage.shingles("red apple").length);
        int[] red = stage.signature(stage.shingles("red apple"));
        int[] green = stage.signature(stage.shingles("green apple"));
        assertNotEquals(Arrays.stream(red).boxed().toList(), Arrays.stream(green).boxed().toList());
        List<String> texts = List.of(
                "red apple",          // 0
                "Red, apple!",        // 1: the same words
                "green apple",        // 2
                "red",                // 3
                "red apple pie",      // 4: three words, another single shingle
                "red apple\npie",     // 5: the same words as 4
                "a b c d",            // 6: four words
                "a b c d e",          // 7: exactly one shingle, not the shingle of 6
                "",                   // 8: no words
                "!!! ...");           // 9: no words either: the same empty word sequence as 8
        assertEquals(List.of(0, 2, 3, 4, 6, 7, 8), keptIndices(minhash(), texts));
    }

    @Test
    void wordShinglesIgnoreCaseLineBreaksAndPunctuation() {
        Random random = new Random(1);
        String text = String.join(" ", Shingles.randomWords(random, 120));
        String reflowed = text.toUpperCase().replace(" ", "\n").replaceFirst("\n", ",  ");
        assertEquals(List.of(0), keptIndices(minhash(), List.of(text, reflowed)));
    }

    @Test
    void charShingles() {
        MinHashDedupStage chars = minhash("shingle-unit", "char", "shingle-size", 5);
        String text = "The quick brown fox jumps over the lazy dog near the riverbank every morning.";
        List<String> texts = List.of(text, "THE QUICK   brown fox jumps over\nthe lazy dog near the riverbank every morning.",
                "abc", "abd", "abc");
        assertEquals(List.of(0, 2, 3), keptIndices(chars, texts));
    }

    /** Clusters of near-copies mixed in random order: each keeps exactly its first member. */
    @Test
    void exactlyOneSurvivorPerCluster() {
        Random random = new Random(7);
        int clusters = 40;
        int copies = 5;
        List<List<String>> members = new ArrayList<>();
        List<int[]> order = new ArrayList<>();
        for (int c = 0; c < clusters; c++) {
            List<String> base = Shingles.randomWords(random, 300);
            List<String> cluster = new ArrayList<>();
            cluster.add(String.join(" ", base));
            for (int k = 0; k < copies; k++) {
                cluster.add(String.join(" ", Shingles.edited(base, 1, random)));
            }
            Collections.shuffle(cluster, random);
            members.add(cluster);
            for (int m = 0; m < cluster.size(); m++) {
                order.add(new int[] {c, m});
            }
        }
        Collections.shuffle(order, random);
        // The construction: every two members of a cluster share >= 0.92 of their shingles (one edit each
        // changes at most 5 of 296), two clusters almost none.
        for (List<String> cluster : members) {
            for (int i = 0; i < cluster.size(); i++) {
                for (int j = i + 1; j < cluster.size(); j++) {
                    double jaccard = Shingles.jaccard(Shingles.of(cluster.get(i), 5), Shingles.of(cluster.get(j), 5));
                    assertTrue(jaccard >= 0.92, "within a cluster: " + jaccard);
                }
            }
        }
        assertTrue(Shingles.jaccard(Shingles.of(members.get(0).get(0), 5), Shingles.of(members.get(1).get(0), 5)) < 0.01);

        MinHashDedupStage stage = minhash();
        List<Integer> survivorCluster = new ArrayList<>();
        List<int[]> removals = new ArrayList<>();
        int[] current = new int[1];
        stage.onDuplicate((removed, survivor, estimate) -> removals.add(new int[] {current[0], survivor}));
        int[] survivorsPerCluster = new int[clusters];
        int[] firstSeen = new int[clusters];
        Arrays.fill(firstSeen, -1);
        for (int[] item : order) {
            int c = item[0];
            current[0] = c;
            if (firstSeen[c] < 0) {
                firstSeen[c] = item[1];
            }
            StageResult result = stage.apply(new Document(c + "/" + item[1], "test", members.get(c).get(item[1])));
            if (result instanceof StageResult.Kept) {
                survivorsPerCluster[c]++;
                survivorCluster.add(c);
                assertEquals(firstSeen[c], item[1], "the survivor is the first member seen");
            } else {
                assertEquals(new StageResult.Removed("near-duplicate"), result);
            }
        }
        for (int c = 0; c < clusters; c++) {
            assertEquals(1, survivorsPerCluster[c], "survivors of cluster " + c);
        }
        assertEquals(clusters * copies, removals.size());
        for (int[] removal : removals) {
            assertEquals(removal[0], survivorCluster.get(removal[1]), "a removal points at its own cluster's survivor");
        }
    }

    /**
     * Documents are compared with survivors only. In a chain A ~ B ~ C where A and C are not similar enough, B
     * goes as a copy of A and C stays: no two survivors are duplicates, and nothing is removed for resembling a
     * removed document.
     */
    @Test
    void chainsAreComparedWithSurvivorsOnly() {
        List<String> words = Shingles.randomWords(new Random(3), 130);
        String a = String.join(" ", words.subList(0, 100));
        String b = String.join(" ", words.subList(15, 115));
        String c = String.join(" ", words.subList(30, 130));
        // Exact: A and B share words 15..99 (81 of 111 shingles), A and C words 30..99 (66 of 126).
        assertEquals(81.0 / 111, Shingles.jaccard(Shingles.of(a, 5), Shingles.of(b, 5)), 1e-12);
        assertEquals(81.0 / 111, Shingles.jaccard(Shingles.of(b, 5), Shingles.of(c, 5)), 1e-12);
        assertEquals(66.0 / 126, Shingles.jaccard(Shingles.of(a, 5), Shingles.of(c, 5)), 1e-12);
        // 1024 permutations: the estimate's standard deviation is at most 0.016, far below the gaps of 0.13 and
        // 0.076 to the threshold 0.6.
        MinHashDedupStage stage = minhash("permutations", 1024, "bands", 128, "rows", 8, "threshold", 0.6);
        List<double[]> estimates = new ArrayList<>();
        stage.onDuplicate((removed, survivor, estimate) -> estimates.add(new double[] {survivor, estimate}));
        assertEquals(List.of(0, 2), keptIndices(stage, List.of(a, b, c)));
        assertEquals(1, estimates.size());
        assertEquals(0, estimates.get(0)[0]);
        assertEquals(81.0 / 111, estimates.get(0)[1], 0.05);
    }

    @Test
    void neededMatchesFollowTheThreshold() {
        assertEquals(103, minhash().neededMatches(), "ceil(0.8 * 128)");
        assertEquals(64, minhash("threshold", 0.5).neededMatches());
        assertEquals(128, minhash("threshold", 1.0).neededMatches());
    }

    @Test
    void badSettingsAreClearErrors() {
        BasaltException bands = assertThrows(BasaltException.class, () -> minhash("bands", 20, "rows", 8));
        assertTrue(bands.getMessage().contains("bands * rows"), bands.getMessage());
        assertThrows(BasaltException.class, () -> minhash("threshold", 0));
        assertThrows(BasaltException.class, () -> minhash("shingle-unit", "sentence"));
        assertThrows(BasaltException.class, () -> minhash("shingle-size", 0));
    }
}
