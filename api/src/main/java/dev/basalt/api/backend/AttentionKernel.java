package dev.basalt.api.backend;

import dev.basalt.api.tensor.Tensor;

/**
 * Fused scaled-dot-product attention over contiguous {@code q [B, H, Tq, D]}, {@code k, v [B, H, Tk, D]}.
 * Scores are {@code scale · q·kᵀ + bias}; position {@code (i, j)} is masked when {@code causal} and
 * {@code j > i + (Tk - Tq)}, or when {@code keyPadding[b, j] == 0}. A row with every position masked outputs
 * zeros. {@code keyPadding} is {@code [B, Tk]} (F32, 1 = attend) or null; {@code bias} is contiguous
 * {@code [B, H, Tq, Tk]} (already broadcast by the engine) or null.
 */
public interface AttentionKernel {

    /** Returns {@code {out [B,H,Tq,D], lse [B,H,Tq]}}; lse is the log-sum-exp of each row (-inf when fully masked). */
    Tensor[] forward(Tensor q, Tensor k, Tensor v, Tensor keyPadding, Tensor bias, boolean causal, float scale);

    /**
     * Returns {@code {dq, dk, dv, dbias}}; dbias ({@code [B, H, Tq, Tk]}) only when {@code biasGrad}, else null.
     */
    Tensor[] backward(Tensor dout, Tensor q, Tensor k, Tensor v, Tensor out, Tensor lse, Tensor keyPadding,
                      Tensor bias, boolean causal, float scale, boolean biasGrad);
}
