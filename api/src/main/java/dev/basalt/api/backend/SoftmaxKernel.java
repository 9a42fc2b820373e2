package dev.basalt.api.backend;

import dev.basalt.api.tensor.Tensor;

/**
 * Fused softmax and log-softmax over the last dimension of a contiguous tensor. A row that is entirely
 * {@code -inf} gives zeros (softmax) and {@code -inf} (log-softmax), never NaN.
 */
public interface SoftmaxKernel {

    Tensor softmax(Tensor x);

    /** {@code dx = y * (dy - sum(dy * y))}. */
    Tensor softmaxBackward(Tensor y, Tensor dy);

    Tensor logSoftmax(Tensor x);

    /** {@code dx = dy - exp(y) * sum(dy)}. */
    Tensor logSoftmaxBackward(Tensor y, Tensor dy);
}
