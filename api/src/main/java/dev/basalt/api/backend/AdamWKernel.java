package dev.basalt.api.backend;

import dev.basalt.api.tensor.Tensor;

/**
 * One fused AdamW update, in place on contiguous {@code param}, {@code m}, {@code v} (F32 moments):
 * <pre>
 * m = b1·m + (1-b1)·g;  v = b2·v + (1-b2)·g²
 * param -= lr·wd·param                                   (decoupled weight decay)
 * param -= lr · (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)
 * </pre>
 */
public interface AdamWKernel {

    void step(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
              float weightDecay, long step);
}
