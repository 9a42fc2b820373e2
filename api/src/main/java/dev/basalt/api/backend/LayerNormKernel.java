package dev.basalt.api.backend;

import dev.basalt.api.tensor.Tensor;

/**
 * Fused layer normalisation over the last dimension. Inputs are contiguous; {@code weight}/{@code bias} are
 * {@code [D]} or null.
 */
public interface LayerNormKernel {

    /** Returns {@code {y, mean, rstd}}, the statistics shaped {@code [rows]}. */
    Tensor[] forward(Tensor x, Tensor weight, Tensor bias, float eps);

    /** Returns {@code {dx, dweight, dbias}} (the last two null when weight/bias are null). */
    Tensor[] backward(Tensor dy, Tensor x, Tensor weight, Tensor bias, Tensor mean, Tensor rstd);
}
