package dev.basalt.api.backend;

import dev.basalt.api.tensor.Tensor;

/** Fused RMS normalisation over the last dimension: {@code y = x / sqrt(mean(x²) + eps) * weight}. */
public interface RmsNormKernel {

    /** Returns {@code {y, rstd}}, rstd shaped {@code [rows]}. {@code weight} is {@code [D]} or null. */
    Tensor[] forward(Tensor x, Tensor weight, float eps);

    /** Returns {@code {dx, dweight}} (dweight null when weight is null). */
    Tensor[] backward(Tensor dy, Tensor x, Tensor weight, Tensor rstd);
}
