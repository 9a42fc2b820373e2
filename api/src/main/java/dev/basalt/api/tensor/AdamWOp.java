package dev.basalt.api.tensor;

import dev.basalt.api.backend.AdamWKernel;
import dev.basalt.api.backend.BinaryOp;
import dev.basalt.api.backend.ScalarOp;
import dev.basalt.api.backend.UnaryOp;

/** One AdamW update in place: the fused kernel, or the same arithmetic from primitives. */
final class AdamWOp {

    private AdamWOp() {
    }

    static void step(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                     float weightDecay, long step) {
        if (!param.isContiguous() || !m.isContiguous() || !v.isContiguous() || m.dtype() != DType.F32
                || v.dtype() != DType.F32 || !grad.shape().equals(param.shape())) {
            throw new IllegalArgumentException("AdamW needs contiguous param, F32 moments and a gradient shaped like "
                    + "the parameter " + param.shape());
        }
        try (NoGrad ignored = NoGrad.enter()) {
            AdamWKernel kernel = param.backend().fused(AdamWKernel.class);
            if (kernel != null && param.dtype() == DType.F32) {
                kernel.step(param, Raw.contiguousF32(grad), m, v, lr, beta1, beta2, eps, weightDecay, step);
                return;
            }
            var b = param.backend();
            b.scalar(ScalarOp.MUL, m, beta1, m);
            m.addInPlace(grad, 1 - beta1);
            b.scalar(ScalarOp.MUL, v, beta2, v);
            v.addInPlace(Raw.unary(UnaryOp.SQUARE, grad), 1 - beta2);
            double bc1 = 1 - Math.pow(beta1, step);
            double bc2 = 1 - Math.pow(beta2, step);
            b.scalar(ScalarOp.MUL, param, 1 - (double) lr * weightDecay, param);
            // PyTorch's order: denom = sqrt(v)/sqrt(bc2) + eps; param -= (lr/bc1) * m/denom
            Tensor denom = Raw.scalar(ScalarOp.ADD, Raw.scalar(ScalarOp.MUL, Raw.unary(UnaryOp.SQRT, v),
                    1 / Math.sqrt(bc2)), eps);
            param.addInPlace(Raw.binary(BinaryOp.DIV, m, denom), (float) (-lr / bc1));
        }
    }
}
