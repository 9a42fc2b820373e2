package dev.basalt.objectives;

import dev.basalt.api.Rng;

import java.util.Arrays;

/**
 * T5's {@code random_spans_noise_mask}: which tokens of a sequence are noise, in spans whose count and total size
 * are fixed by the length. Sequences shorter than 2 are treated as length 2 and cut back, as T5 does, so they are
 * never noise.
 *
 * @param noiseDensity        share of tokens that are noise
 * @param meanNoiseSpanLength average tokens per noise span, at least 1
 */
record NoiseSpans(double noiseDensity, double meanNoiseSpanLength) {

    /** Noise tokens of a sequence of {@code length}: {@code round(length × density)}, kept in [1, length − 1]. */
    int noiseTokens(int length) {
        int n = Math.max(length, 2);
        return (int) Math.min(Math.max(Math.rint(n * noiseDensity), 1), n - 1);
    }

    /** Noise spans: {@code round(min(noise, non-noise) / mean span length)}, at least 1. */
    int spans(int length) {
        int n = Math.max(length, 2);
        int noise = noiseTokens(length);
        return (int) Math.max(1, Math.rint(Math.min(noise, n - noise) / meanNoiseSpanLength));
    }

    /** Noise tokens that the mask of a sequence of {@code length} actually holds (none below length 2). */
    int realizedNoise(int length) {
        return length < 2 ? 0 : noiseTokens(length);
    }

    /** Noise spans that the mask of a sequence of {@code length} actually holds. */
    int realizedSpans(int length) {
        return length < 2 ? 0 : spans(length);
    }

    /**
     * The noise mask. Non-noise and noise spans alternate, starting with non-noise; both kinds are random
     * compositions of their token counts into {@link #spans} non-empty parts.
     */
    boolean[] mask(int length, Rng rng) {
        int n = Math.max(length, 2);
        int noise = noiseTokens(length);
        int spans = spans(length);
        int[] noiseLengths = segment(noise, spans, rng);
        int[] plainLengths = segment(n - noise, spans, rng);
        boolean[] mask = new boolean[n];
        int at = 0;
        for (int s = 0; s < spans; s++) {
            at += plainLengths[s];
            Arrays.fill(mask, at, at + noiseLengths[s], true);
            at += noiseLengths[s];
        }
        return length == n ? mask : Arrays.copyOf(mask, length);
    }

    /** A uniformly random split of {@code items} into {@code parts} non-empty runs: parts − 1 distinct cuts. */
    private static int[] segment(int items, int parts, Rng rng) {
        int[] cuts = new int[items - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        for (int i = 0; i < parts - 1; i++) {
            int j = i + rng.nextInt(cuts.length - i);
            int swap = cuts[i];
            cuts[i] = cuts[j];
            cuts[j] = swap;
        }
        int[] chosen = Arrays.copyOf(cuts, parts - 1);
        Arrays.sort(chosen);
        int[] lengths = new int[parts];
        int previous = 0;
        for (int p = 0; p < parts - 1; p++) {
            lengths[p] = chosen[p] - previous;
            previous = chosen[p];
        }
        lengths[parts - 1] = items - previous;
        return lengths;
    }
}
