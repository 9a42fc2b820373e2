package dev.basalt.api.backend;

import dev.basalt.api.tensor.Tensor;

/**
 * Fused log-softmax plus negative log-likelihood over rows of logits {@code [N, C]} with I32 targets {@code [N]}.
 * With label smoothing {@code e} a row's loss is {@code (1-e)·(lse - x[t]) + e·(lse - mean(x))}; rows whose
 * target is {@code ignoreIndex} have loss 0 and gradient 0.
 */
public interface CrossEntropyKernel {

    /** Returns {@code {loss, lse}}: per-row losses {@code [N]} and per-row log-sum-exp {@code [N]}. */
    Tensor[] forward(Tensor logits, Tensor targets, int ignoreIndex, float smoothing);

    /** The gradient of {@code sum(dloss · loss)} with respect to logits. */
    Tensor backward(Tensor logits, Tensor targets, Tensor lse, Tensor dloss, int ignoreIndex, float smoothing);
}
