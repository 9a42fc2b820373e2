package dev.basalt.api.tensor;

import dev.basalt.api.backend.LayerNormKernel;
import dev.basalt.api.backend.RmsNormKernel;

/** LayerNorm and RMSNorm over the last dimension: fused kernels when present, else composed. */
final class NormOps {

    private NormOps() {
    }

    static Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, float eps) {
        checkParam(x, weight);
        checkParam(x, bias);
        LayerNormKernel kernel = x.backend().fused(LayerNormKernel.class);
        if (kernel == null) {
            // in fp32 and back to x's type, as the fused kernel does
            Tensor xf = x.to(DType.F32);
            Tensor centred = xf.sub(xf.mean(-1, true));
            Tensor y = centred.mul(centred.square().mean(-1, true).add(eps).rsqrt());
            if (weight != null) {
                y = y.mul(weight);
            }
            return (bias != null ? y.add(bias) : y).to(x.dtype());
        }
        Tensor xc = Raw.contiguousF32(x);
        Tensor wc = weight == null ? null : Raw.contiguousF32(weight);
        Tensor bc = bias == null ? null : Raw.contiguousF32(bias);
        Tensor[] fwd = kernel.forward(xc, wc, bc, eps);
        return Autograd.record("layer_norm", Raw.castBack(fwd[0], x.dtype()), g -> {
            Tensor[] d = kernel.backward(Raw.contiguousF32(g), xc, wc, bc, fwd[1], fwd[2]);
            return new Tensor[] {Raw.castBack(d[0], x.dtype()), castLike(d[1], weight), castLike(d[2], bias)};
        }, x, weight, bias);
    }

    static Tensor rmsNorm(Tensor x, Tensor weight, float eps) {
        checkParam(x, weight);
        RmsNormKernel kernel = x.backend().fused(RmsNormKernel.class);
        if (kernel == null) {
            Tensor xf = x.to(DType.F32);
            Tensor y = xf.mul(xf.square().mean(-1, true).add(eps).rsqrt());
            return (weight != null ? y.mul(weight) : y).to(x.dtype());
        }
        Tensor xc = Raw.contiguousF32(x);
        Tensor wc = weight == null ? null : Raw.contiguousF32(weight);
        Tensor[] fwd = kernel.forward(xc, wc, eps);
        return Autograd.record("rms_norm", Raw.castBack(fwd[0], x.dtype()), g -> {
            Tensor[] d = kernel.backward(Raw.contiguousF32(g), xc, wc, fwd[1]);
            return new Tensor[] {Raw.castBack(d[0], x.dtype()), castLike(d[1], weight)};
        }, x, weight);
    }

    private static Tensor castLike(Tensor grad, Tensor param) {
        return grad == null || param == null ? null : Raw.castBack(grad, param.dtype());
    }

    private static void checkParam(Tensor x, Tensor p) {
        if (p != null && (p.rank() != 1 || p.dim(0) != x.dim(-1))) {
            throw new IllegalArgumentException("norm parameter of shape " + p.shape() + " does not match the last "
                    + "dimension of " + x.shape());
        }
    }
}
