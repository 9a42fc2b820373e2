package dev.basalt.api.nn;

import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;

/** RMS normalisation over the last dimension with a learned {@code weight} (ones). */
public final class RmsNorm extends Module {

    private final Tensor weight;
    private final float eps;

    public RmsNorm(int dim, float eps) {
        weight = parameter("weight", Tensor.ones(dim));
        this.eps = eps;
    }

    public Tensor forward(Tensor x) {
        return Functional.rmsNorm(x, weight, eps);
    }
}
