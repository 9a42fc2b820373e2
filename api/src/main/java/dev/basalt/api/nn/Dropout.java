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
}
