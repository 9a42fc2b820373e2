package dev.basalt.api.tensor;

import dev.basalt.api.backend.AttentionKernel;

/** Scaled-dot-product attention: the backend's tiled kernel when present, else the materialised composition. */
final class AttentionOp {

    private AttentionOp() {
    }

    static Tensor apply(Tensor q, Tensor k, Tensor v, AttentionMask mask) {
        if (q.rank() != 4 || k.rank() != 4 || v.rank() != 4) {
            throw new IllegalArgumentException("attention needs q, k, v shaped [B, H, T, D], got " + q.shape() + ", "
                    + k.shape() + ", " + v.shape());
        }
        int b = q.dim(0);
        int h = q.dim(1);
        int tq = q.dim(2);
        int tk = k.dim(2);
        if (k.dim(0) != b || k.dim(1) != h || v.dim(0) != b || v.dim(1) != h || v.dim(2) != tk
                || k.dim(3) != q.dim(3)) {
            throw new IllegalArgumentException("attention: q " + q.shape() + ", k " + k.shape() + ", v " + v.shape()
                    + " do not fit");
        }
        float scale = Float.isNaN(mask.scale()) ? (float) (1 / Math.sqrt(q.dim(3))) : mask.scale();
        Shape scores = Shape.of(b, h, tq, tk);
        Tensor padding = mask.keyPadding() == null ? null : Raw.contiguousF32(mask.keyPadding().reshape(b, tk));
        AttentionKernel kernel = q.backend().fused(AttentionKernel.class);
        if (kernel == null) {
            // in fp32 and back to q's type, as the fused kernel does
            return composed(q.to(DType.F32), k.to(DType.F32), v.to(DType.F32), mask, padding, scale, scores)
                    .to(q.dtype());
        }
        Tensor bias = mask.bias();
        Tensor biasView = bias == null ? null
                : (bias.dtype() == DType.F32 ? bias : Raw.copy(bias, DType.F32)).broadcastView(scores);
        Tensor qc = Raw.contiguousF32(q);
        Tensor kc = Raw.contiguousF32(k);
        Tensor vc = Raw.contiguousF32(v);
        Tensor[] fwd = kernel.forward(qc, kc, vc, padding, biasView, mask.causal(), scale);
        Tensor out = Raw.castBack(fwd[0], q.dtype());
        return Autograd.record("attention", out, g -> {
            boolean biasGrad = bias != null && bias.requiresGrad();
            Tensor[] d = kernel.backward(Raw.contiguousF32(g), qc, kc, vc, fwd[0], fwd[1], padding, biasView,
                    mask.causal(), scale, biasGrad);
            return new Tensor[] {Raw.castBack(d[0], q.dtype()), Raw.castBack(d[1], k.dtype()),
                    Raw.castBack(d[2], v.dtype()), biasGrad ? ReduceOps.sumTo(d[3], bias.shape()) : null};
        }, q, k, v, bias);
    }

    /** The reference composition; quadratic memory, used when a backend has no attention kernel. */
    static Tensor composed(Tensor q, Tensor k, Tensor v, AttentionMask mask, Tensor padding, float scale,
                           Shape scores) {
        Tensor s = Tensor.matmul(q, k, false, true).mul(scale);
        if (mask.bias() != null) {
            s = s.add(mask.bias());
        }
        Tensor keep = keepMask(q.backend(), mask.causal(), padding, scores);
        if (keep != null) {
            s = Tensor.where(keep, s, ElementwiseOps.constant(s, Double.NEGATIVE_INFINITY));
        }
        return s.softmax(-1).matmul(v);
    }

    private static Tensor keepMask(dev.basalt.api.backend.Backend backend, boolean causal, Tensor padding,
                                   Shape scores) {
        int tq = scores.dim(2);
        int tk = scores.dim(3);
        Tensor keep = null;
        if (causal) {
            float[] m = new float[tq * tk];
            for (int i = 0; i < tq; i++) {
                for (int j = 0; j <= Math.min(tk - 1, i + tk - tq); j++) {
                    m[i * tk + j] = 1;
                }
            }
            keep = Raw.fromFloats(backend, m, Shape.of(tq, tk));
        }
        if (padding != null) {
            Tensor p = padding.reshape(scores.dim(0), 1, 1, tk);
            keep = keep == null ? p : keep.mul(p);
        }
        return keep;
    }
}
