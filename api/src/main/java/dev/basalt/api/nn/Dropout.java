package dev.basalt.api.nn;

import dev.basalt.api.tensor.CounterRandom;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;

/**
 * Dropout that is active only in training mode. Each call draws a fresh mask from a seed derived from the
 * module's seed and its call count, so a run with the same seed drops the same elements.
 */
public final class Dropout extends Module {

    private final float p;
    private final long seed;
    private long calls;

    public Dropout(float p, long seed) {
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        this.p = p;
        this.seed = seed;
    }

    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        return Functional.dropout(x, p, CounterRandom.bits(seed, calls++));
    }

    /**
     * Dropout of one site of a model whose masks are seeded per training step: the mask depends only on
     * {@code (stepSeed, site)}, so a resumed run drops exactly the elements the uninterrupted run dropped.
     * {@code stepSeed < 0} or {@code p == 0} means no dropout (evaluation, generation).
     */
    public static Tensor atSite(Tensor x, double p, long stepSeed, int site) {
        if (stepSeed < 0 || p == 0) {
            return x;
        }
        return Functional.dropout(x, (float) p, CounterRandom.bits(stepSeed, site));
    }

    /** The non-negative seed of a part (a layer, numbered from 0) derived from a step seed; -1 stays -1. */
    public static long partSeed(long stepSeed, int part) {
        return stepSeed < 0 ? -1 : CounterRandom.bits(stepSeed, part + 1) & Long.MAX_VALUE;
    }
}
