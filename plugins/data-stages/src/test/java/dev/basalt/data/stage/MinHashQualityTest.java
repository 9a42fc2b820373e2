package dev.basalt.data.stage;

import com.typesafe.config.Config;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;
import dev.basalt.data.SharedData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Precision and recall of MinHash LSH with the shipped settings (reference.conf), against the true Jaccard
 * similarity of word 5-gram sets computed exactly here. A pair is a true duplicate when its Jaccard similarity
 * is at least the configured threshold. The bounds come from {@link LshTheory}: the expected number of found
 * duplicates is at least the sum of S(s) T(s) over the true pairs, the expected number of false alarms at most
 * the sum of min(S(s), T(s)) over the others, and measured counts may fall short by four standard deviations.
 */
class MinHashQualityTest {

    private static final Config DEFAULTS = Stages.defaults("dedup-minhash");
    private static final int SHINGLE = DEFAULTS.getInt("shingle-size");
    private static final double THRESHOLD = DEFAULTS.getDouble("threshold");

    private static MinHashDedupStage stage() {
        return (MinHashDedupStage) StageHarness.stage("dedup-minhash");
    }

    private static LshTheory theory(MinHashDedupStage stage) {
        return LshTheory.of(stage, DEFAULTS.getInt("permutations"), DEFAULTS.getInt("bands"), DEFAULTS.getInt("rows"));
    }

    /** One labelled pair: its true Jaccard similarity and whether the stage removed the later document. */
    record Outcome(double jaccard, boolean removed) {
    }

    /** Counts against the threshold, and the bounds the theory gives for them. */
    record Summary(int truePairs, int truePositives, int falsePositives, int otherPairs, double recallBound,
                   double precisionBound, double expectedRecallLow, double expectedRecallHigh) {

        static Summary of(List<Outcome> outcomes, LshTheory theory) {
            int truePairs = 0;
            int tp = 0;
            int fp = 0;
            double expectedTp = 0;
            double expectedTpHigh = 0;
            double tpVariance = 0;
            double expectedFp = 0;
            double fpVariance = 0;
            for (Outcome o : outcomes) {
                if (o.jaccard() >= THRESHOLD) {
                    truePairs++;
                    tp += o.removed() ? 1 : 0;
                    expectedTp += theory.lower(o.jaccard());
                    expectedTpHigh += theory.upper(o.jaccard());
                    tpVariance += theory.variance(o.jaccard());
                } else {
                    fp += o.removed() ? 1 : 0;
                    expectedFp += theory.upper(o.jaccard());
                    fpVariance += theory.variance(o.jaccard());
                }
            }
            double tpFloor = Math.max(0, expectedTp - 4 * Math.sqrt(tpVariance));
            double fpCeiling = expectedFp + 4 * Math.sqrt(fpVariance);
            return new Summary(truePairs, tp, fp, outcomes.size() - truePairs, tpFloor / truePairs,
                    tpFloor / (tpFloor + fpCeiling), expectedTp / truePairs, expectedTpHigh / truePairs);
        }

        double recall() {
            return (double) truePositives / truePairs;
        }

        double precision() {
            return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        }

        void check(String what) {
            System.out.printf("dedup-minhash %s: %d pairs with Jaccard >= %.2f, %d others; recall %.4f (expected "
                            + "%.4f to %.4f, bound %.4f), precision %.4f (bound %.4f), %d false positives%n", what,
                    truePairs, THRESHOLD, otherPairs, recall(), expectedRecallLow, expectedRecallHigh, recallBound,
                    precision(), precisionBound, falsePositives);
            assertTrue(recall() >= recallBound, what + ": recall " + recall() + " < " + recallBound);
            assertTrue(precision() >= precisionBound, what + ": precision " + precision() + " < " + precisionBound);
        }
    }

    /** Share of outcomes in [from, to) of Jaccard that were removed. */
    private static double removedShare(List<Outcome> outcomes, double from, double to) {
        List<Outcome> in = outcomes.stream().filter(o -> o.jaccard() >= from && o.jaccard() < to).toList();
        assertTrue(in.size() >= 50, "too few pairs in [" + from + ", " + to + "): " + in.size());
        return (double) in.stream().filter(Outcome::removed).count() / in.size();
    }

    /**
     * 1500 pairs of a random 200-word document and a copy with 1 to 14 word edits, which puts the true
     * similarity between about 0.45 and 0.95. Pairs share nothing with each other.
     */
    @Test
    void syntheticPairsAgainstTrueJaccard() {
        MinHashDedupStage stage = stage();
        LshTheory theory = theory(stage);
        List<Integer> survivorPair = new ArrayList<>();
        List<Integer> matchedPair = new ArrayList<>();
        stage.onDuplicate((removed, survivor, estimate) -> matchedPair.add(survivorPair.get(survivor)));
        Random random = new Random(2024);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            List<String> base = Shingles.randomWords(random, 200);
            String a = String.join(" ", base);
            String b = String.join(" ", Shingles.edited(base, 1 + random.nextInt(14), random));
            double jaccard = Shingles.jaccard(Shingles.of(a, SHINGLE), Shingles.of(b, SHINGLE));
            assertTrue(stage.apply(new Document("a" + i, "test", a)) instanceof StageResult.Kept, "base " + i);
            survivorPair.add(i);
            boolean removed = stage.apply(new Document("b" + i, "test", b)) instanceof StageResult.Removed;
            if (removed) {
                assertEquals(i, matchedPair.getLast(), "pair " + i + " matched its own base");
            } else {
                survivorPair.add(i);
            }
            outcomes.add(new Outcome(jaccard, removed));
        }
        Summary summary = Summary.of(outcomes, theory);
        assertTrue(summary.truePairs() > 300 && summary.otherPairs() > 800, summary.toString());
        summary.check("synthetic");
        // Away from the threshold the S-curve and the binomial tail are near 0 or 1 (for 16 bands of 8 rows and
        // 103 of 128 matches: at s = 0.9 a pair is found with probability > 0.999, at s = 0.7 it is falsely
        // matched with probability < 0.007), so these bounds are written down.
        double foundHigh = removedShare(outcomes, 0.9, 1.01);
        double foundLow = removedShare(outcomes, 0, 0.7);
        System.out.printf("dedup-minhash synthetic: found %.4f of pairs with Jaccard >= 0.9, %.4f of pairs below 0.7%n",
                foundHigh, foundLow);
        assertTrue(foundHigh >= 0.99, "recall at Jaccard >= 0.9: " + foundHigh);
        assertTrue(foundLow <= 0.01, "false positives below Jaccard 0.7: " + foundLow);
    }

    /** A document of a corpus, and the corpus document it is an injected near-copy of (-1 for none). */
    record Item(String corpus, String text, int copyOf) {
    }

    /**
     * Europarl, Brown (tags stripped) and tinyshakespeare speeches, with 150 injected near-copies per corpus
     * (1 to 3 word edits of a document of at least 80 words) placed at random after their originals. Recall is
     * over the copies whose true similarity to their original reaches the threshold; precision is over all
     * removals, including the corpora's own duplicates, each judged by its true similarity to the survivor it
     * was matched with.
     */
    @Test
    void realTextWithInjectedNearDuplicates() {
        Map<String, List<String>> corpora = new LinkedHashMap<>();
        corpora.put("europarl", SharedData.europarlBodies(3000));
        corpora.put("brown", SharedData.brownDocuments(500));
        corpora.put("shakespeare", SharedData.shakespeareSpeeches().stream()
                .filter(s -> Shingles.words(s).size() >= 10).toList());
        Random random = new Random(99);
        List<Item> items = new ArrayList<>();
        List<Double> keys = new ArrayList<>();
        for (Map.Entry<String, List<String>> corpus : corpora.entrySet()) {
            List<String> docs = corpus.getValue();
            int offset = items.size();
            for (String doc : docs) {
                keys.add((double) items.size());
                items.add(new Item(corpus.getKey(), doc, -1));
            }
            List<Integer> longOnes = new ArrayList<>();
            for (int i = 0; i < docs.size(); i++) {
                if (Shingles.words(docs.get(i)).size() >= 80) {
                    longOnes.add(i);
                }
            }
            java.util.Collections.shuffle(longOnes, random);
            for (int original : longOnes.subList(0, 150)) {
                List<String> words = List.of(docs.get(original).split("\\s+"));
                String copy = String.join(" ", Shingles.edited(words, 1 + random.nextInt(3), random));
                int at = offset + original;
                keys.add(at + 0.5 + random.nextDouble() * (offset + docs.size() - at));
                items.add(new Item(corpus.getKey(), copy, at));
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(keys::get));

        MinHashDedupStage stage = stage();
        List<Integer> survivors = new ArrayList<>();
        int[] matched = {-1};
        stage.onDuplicate((removed, survivor, estimate) -> matched[0] = survivors.get(survivor));
        Map<String, List<Outcome>> copies = new LinkedHashMap<>();
        List<Outcome> removals = new ArrayList<>();
        for (int index : order) {
            Item item = items.get(index);
            StageResult result = stage.apply(new Document(Integer.toString(index), item.corpus(), item.text()));
            boolean removed = result instanceof StageResult.Removed;
            if (removed) {
                Set<String> mine = Shingles.of(item.text(), SHINGLE);
                Set<String> survivor = Shingles.of(items.get(matched[0]).text(), SHINGLE);
                removals.add(new Outcome(Shingles.jaccard(mine, survivor), true));
            } else {
                survivors.add(index);
            }
            if (item.copyOf() >= 0) {
                double jaccard = Shingles.jaccard(Shingles.of(item.text(), SHINGLE),
                        Shingles.of(items.get(item.copyOf()).text(), SHINGLE));
                copies.computeIfAbsent(item.corpus(), k -> new ArrayList<>()).add(new Outcome(jaccard, removed));
            }
        }
        LshTheory theory = theory(stage);
        List<Outcome> allCopies = new ArrayList<>();
        copies.forEach((corpus, outcomes) -> {
            List<Outcome> truePairs = outcomes.stream().filter(o -> o.jaccard() >= THRESHOLD).toList();
            long found = truePairs.stream().filter(Outcome::removed).count();
            System.out.printf("dedup-minhash %s: %d documents, %d injected copies, %d at Jaccard >= %.2f, %d found%n",
                    corpus, corpora.get(corpus).size(), outcomes.size(), truePairs.size(), THRESHOLD, found);
            allCopies.addAll(outcomes);
        });
        Summary recall = Summary.of(allCopies.stream().filter(o -> o.jaccard() >= THRESHOLD).toList(), theory);
        long correct = removals.stream().filter(o -> o.jaccard() >= THRESHOLD).count();
        long nearMiss = removals.stream().filter(o -> o.jaccard() >= THRESHOLD - 0.1).count();
        double precision = (double) correct / removals.size();
        System.out.printf("dedup-minhash real text: recall %.4f of %d injected copies at Jaccard >= %.2f (expected "
                        + "%.4f to %.4f, bound %.4f); %d removals, precision %.4f (%d at Jaccard >= %.2f)%n",
                recall.recall(), recall.truePairs(), THRESHOLD, recall.expectedRecallLow(), recall.expectedRecallHigh(),
                recall.recallBound(), removals.size(), precision, nearMiss, THRESHOLD - 0.1);
        assertTrue(recall.truePairs() >= 300, "copies at the threshold or above: " + recall.truePairs());
        assertTrue(recall.recall() >= recall.recallBound(), "recall " + recall.recall() + " < " + recall.recallBound());
        // Natural text has few pairs just under the threshold, so precision should be high; 0.95 is written here.
        assertTrue(precision >= 0.95, "precision " + precision);
    }
}
