package dev.basalt.runtime.generate;

import dev.basalt.api.Rng;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Sampling rules checked against their closed-form definitions (Hugging Face's semantics). */
class TokenSamplerTest {

    private static final int DRAWS = 40_000;

    private static SamplingOptions options(double temperature, int topK, double topP, double minP, double penalty) {
        return new SamplingOptions(10, temperature, topK, topP, minP, penalty, List.of(), List.of(), 1);
    }

    /** Logits whose softmax at temperature 1 is exactly the given distribution. */
    private static float[] logitsOf(double... probs) {
        float[] logits = new float[probs.length];
        for (int i = 0; i < probs.length; i++) {
            logits[i] = (float) Math.log(probs[i]);
        }
        return logits;
    }

    private static double[] frequencies(SamplingOptions options, float[] logits) {
        TokenSampler sampler = new TokenSampler(options);
        Rng rng = new Rng(99);
        double[] counts = new double[logits.length];
        for (int i = 0; i < DRAWS; i++) {
            counts[sampler.next(logits.clone(), new int[0], 0, rng)]++;
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] /= DRAWS;
        }
        return counts;
    }

    /** Five binomial standard deviations at 40,000 draws is at most 0.0125. */
    private static void assertFrequency(double expected, double actual) {
        assertEquals(expected, actual, 0.0125);
    }

    @Test
    void temperatureZeroIsTheArgMax() {
        TokenSampler greedy = new TokenSampler(options(0, 0, 1, 0, 1));
        assertEquals(2, greedy.next(new float[] {0.1f, -3f, 2.5f, 2.4f}, new int[0], 0, new Rng(1)));
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOnce() {
        float[] logits = {2f, -2f, 1f, 3f};
        TokenSampler.applyRepetitionPenalty(logits, new int[] {0, 1, 1, 0}, 4, 2.0);
        assertArrayEquals(new float[] {1f, -4f, 1f, 3f}, logits);
        TokenSampler greedy = new TokenSampler(options(0, 0, 1, 0, 4.0));
        assertEquals(1, greedy.next(new float[] {4f, 3f, -1f}, new int[] {0}, 1, new Rng(1)), "4/4 = 1 < 3");
    }

    @Test
    void temperatureOneDrawsFromTheSoftmax() {
        double[] f = frequencies(options(1, 0, 1, 0, 1), logitsOf(0.5, 0.3, 0.2));
        assertFrequency(0.5, f[0]);
        assertFrequency(0.3, f[1]);
        assertFrequency(0.2, f[2]);
    }

    @Test
    void temperatureTwoFlattensTheDistribution() {
        // softmax(log p / 2) is proportional to sqrt(p)
        double[] p = {0.64, 0.36};
        double[] f = frequencies(options(2, 0, 1, 0, 1), logitsOf(p));
        assertFrequency(0.8 / (0.8 + 0.6), f[0]);
    }

    @Test
    void topKKeepsTheKMostLikelyAndRenormalises() {
        double[] f = frequencies(options(1, 2, 1, 0, 1), logitsOf(0.5, 0.3, 0.2));
        assertFrequency(0.625, f[0]);
        assertFrequency(0.375, f[1]);
        assertEquals(0, f[2]);
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        double[] f = frequencies(options(1, 0, 0.6, 0, 1), logitsOf(0.5, 0.3, 0.2));
        assertFrequency(0.625, f[0]);
        assertEquals(0, f[2]);
        double[] one = frequencies(options(1, 0, 0.4, 0, 1), logitsOf(0.5, 0.3, 0.2));
        assertEquals(1.0, one[0]);
    }

    @Test
    void minPDropsTokensBelowItsShareOfTheMostLikely() {
        double[] f = frequencies(options(1, 0, 1, 0.5, 1), logitsOf(0.5, 0.3, 0.2));
        assertFrequency(0.625, f[0]);
        assertEquals(0, f[2], "0.2 < 0.5 x 0.5");
    }

    @Test
    void theSameSeedDrawsTheSameTokens() {
        TokenSampler sampler = new TokenSampler(options(1, 0, 1, 0, 1));
        float[] logits = logitsOf(0.25, 0.25, 0.25, 0.25);
        Rng a = new Rng(5);
        Rng b = new Rng(5);
        for (int i = 0; i < 100; i++) {
            assertEquals(sampler.next(logits.clone(), new int[0], 0, a), sampler.next(logits.clone(), new int[0], 0, b));
        }
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> options(-1, 0, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> options(1, 0, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> options(1, 0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> options(1, 0, 1, 0, 0));
    }
}
