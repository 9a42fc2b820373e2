package dev.basalt.runtime.generate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Beam search on a toy language model whose logits are a fixed pseudo-random function of the whole prefix. With more
 * beams than there are sequences nothing is pruned, so the result must be the best of all sequences under HF's score
 * ({@code sum log p / length^penalty}, the end token counted in the length), found here by enumerating them all. With
 * one beam it must be greedy decoding.
 */
class BeamSearchTest {

    private static final int VOCAB = 4;
    private static final int START = 0;
    private static final int END = 3;

    /** Logits of the next token after {@code prefix} (which begins with the start token). */
    private static float[] logits(int[] prefix, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 31 + Arrays.hashCode(prefix));
        float[] out = new float[VOCAB];
        for (int v = 0; v < VOCAB; v++) {
            out[v] = (float) (random.nextDouble() * 4 - 2);
        }
        return out;
    }

    /** The toy model as a beam-search step: it remembers each row's prefix. */
    private static BeamSearch.Step toy(long seed) {
        List<int[]> prefixes = new ArrayList<>(List.of(new int[0]));
        return (parents, tokens) -> {
            List<int[]> next = new ArrayList<>();
            float[][] out = new float[parents.length][];
            for (int r = 0; r < parents.length; r++) {
                int[] parent = prefixes.get(parents[r]);
                int[] prefix = Arrays.copyOf(parent, parent.length + 1);
                prefix[parent.length] = tokens[r];
                next.add(prefix);
                out[r] = logits(prefix, seed);
            }
            prefixes.clear();
            prefixes.addAll(next);
            return out;
        };
    }

    private record Best(int[] tokens, double score) {
    }

    /** Every sequence of non-end tokens, ended by the end token before {@code max} or cut at {@code max}. */
    private static Best exhaustive(int max, double penalty, long seed) {
        Best best = new Best(null, Double.NEGATIVE_INFINITY);
        List<int[]> level = List.of(new int[0]);
        List<Double> sums = List.of(0.0);
        for (int length = 1; length <= max; length++) {
            List<int[]> nextLevel = new ArrayList<>();
            List<Double> nextSums = new ArrayList<>();
            for (int i = 0; i < level.size(); i++) {
                int[] tokens = level.get(i);
                int[] prefix = new int[tokens.length + 1];
                prefix[0] = START;
                System.arraycopy(tokens, 0, prefix, 1, tokens.length);
                double[] logp = BeamSearch.logSoftmax(logits(prefix, seed));
                double ended = (sums.get(i) + logp[END]) / Math.pow(length, penalty);
                if (ended > best.score) {
                    best = new Best(tokens, ended);
                }
                for (int v = 0; v < VOCAB; v++) {
                    if (v != END) {
                        int[] longer = Arrays.copyOf(tokens, length);
                        longer[length - 1] = v;
                        nextLevel.add(longer);
                        nextSums.add(sums.get(i) + logp[v]);
                    }
                }
            }
            level = nextLevel;
            sums = nextSums;
        }
        for (int i = 0; i < level.size(); i++) {
            double cut = sums.get(i) / Math.pow(max, penalty);
            if (cut > best.score) {
                best = new Best(level.get(i), cut);
            }
        }
        return best;
    }

    @ParameterizedTest
    @CsvSource({"1, 1.0", "2, 1.0", "3, 0.0", "4, 2.0", "5, -1.0", "6, 1.0", "7, 0.5"})
    void unprunedBeamsFindTheBestOfAllSequences(long seed, double penalty) {
        int max = 4;
        // 4 · 3^(max-1) = 108 candidates at the last step: 128 beams keep every one and finish every ending.
        BeamSearch.Hypothesis found = new BeamSearch(128, penalty).search(toy(seed), START, END, max);
        Best expected = exhaustive(max, penalty, seed);
        assertArrayEquals(expected.tokens, found.tokens(), "seed " + seed);
        // Sums of the same doubles in the same order, divided alike.
        assertEquals(expected.score, found.score(), 1e-12);
    }

    @Test
    void oneBeamIsGreedyDecoding() {
        for (long seed = 1; seed <= 20; seed++) {
            int max = 6;
            List<Integer> greedy = new ArrayList<>();
            int[] prefix = {START};
            for (int step = 0; step < max; step++) {
                float[] l = logits(prefix, seed);
                int next = 0;
                for (int v = 1; v < VOCAB; v++) {
                    next = l[v] > l[next] ? v : next;
                }
                if (next == END) {
                    break;
                }
                greedy.add(next);
                prefix = Arrays.copyOf(prefix, prefix.length + 1);
                prefix[prefix.length - 1] = next;
            }
            int[] found = new BeamSearch(1, 1.0).search(toy(seed), START, END, max).tokens();
            assertArrayEquals(greedy.stream().mapToInt(Integer::intValue).toArray(), found, "seed " + seed);
        }
    }
}
