package dev.basalt.api.backend;

import dev.basalt.api.tensor.Tensor;

/**
 * Fused inverted dropout over a contiguous tensor. Element {@code i} is kept when
 * {@link dev.basalt.api.tensor.CounterRandom#uniform(long, long) CounterRandom.uniform(seed, i)} {@code >= p},
 * so every backend drops the same elements for the same seed, and backward needs no stored mask.
 */
public interface DropoutKernel {

    /** {@code y = keep ? x / (1-p) : 0}. Also used for backward, on the upstream gradient. */
    Tensor apply(Tensor x, float p, long seed);
}
