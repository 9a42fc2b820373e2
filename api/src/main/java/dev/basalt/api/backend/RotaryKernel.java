package dev.basalt.api.backend;

import dev.basalt.api.tensor.Tensor;

/**
 * Fused rotary position embedding on contiguous {@code x [..., T, D]} with tables {@code cos, sin [T, D/2]}.
 * Pairs are {@code (i, i + D/2)} (the "rotate half" layout), or {@code (2i, 2i+1)} when {@code interleaved}.
 * The backward pass is the same rotation with {@code inverse = true} (angle negated).
 */
public interface RotaryKernel {

    Tensor apply(Tensor x, Tensor cos, Tensor sin, boolean interleaved, boolean inverse);
}
