package dev.basalt.api.nn;

import dev.basalt.api.tensor.Tensor;

/**
 * {@code y = x · Wᵀ + b} with {@code weight [out, in]} (PyTorch's layout), initialised N(0, std²), bias zero.
 * GPT-2 checkpoints store Conv1D weights as {@code [in, out]}; transpose them when loading.
 */
public final class Linear extends Module {

    private final Tensor weight;
    private final Tensor bias;

    public Linear(int in, int out, boolean withBias, float std, long seed) {
        weight = parameter("weight", Tensor.randn(seed, out, in).mul(std).detach());
        bias = withBias ? parameter("bias", Tensor.zeros(out)) : null;
    }

    public Tensor forward(Tensor x) {
        return Tensor.linear(x, weight, bias);
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null. */
    public Tensor bias() {
        return bias;
    }
}
