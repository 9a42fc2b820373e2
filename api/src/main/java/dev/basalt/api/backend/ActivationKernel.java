package dev.basalt.api.backend;

import dev.basalt.api.tensor.Tensor;

/** Fused activations and their derivatives, over contiguous tensors. */
public interface ActivationKernel {

    Tensor forward(Activation kind, Tensor x);

    /** {@code dx = dy · f'(x)}. */
    Tensor backward(Activation kind, Tensor x, Tensor dy);
}
