package dev.basalt.api.nn;

import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;

/** Layer normalisation over the last dimension with {@code weight} (ones) and optional {@code bias} (zeros). */
public final class LayerNorm extends Module {

    private final Tensor weight;
    private final Tensor bias;
    private final float eps;

    public LayerNorm(int dim, boolean withBias, float eps) {
        weight = parameter("weight", Tensor.ones(dim));
        bias = withBias ? parameter("bias", Tensor.zeros(dim)) : null;
        this.eps = eps;
    }

    public Tensor forward(Tensor x) {
        return Functional.layerNorm(x, weight, bias, eps);
    }
}
