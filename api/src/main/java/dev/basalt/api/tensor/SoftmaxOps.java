package dev.basalt.api.tensor;

import dev.basalt.api.backend.BinaryOp;
import dev.basalt.api.backend.ReduceOp;
import dev.basalt.api.backend.ScalarOp;
import dev.basalt.api.backend.SoftmaxKernel;
import dev.basalt.api.backend.UnaryOp;

/**
 * Softmax and log-softmax over one dimension, fused when the backend has {@link SoftmaxKernel}. Both
 * subtract the row maximum, so they stay finite for |x| around 1e4; a row of -inf gives softmax zeros.
 */
final class SoftmaxOps {

    private SoftmaxOps() {
    }

    static Tensor softmax(Tensor x, int dim) {
        int axis = x.shape().axis(dim);
        if (axis != x.rank() - 1) {
            return softmax(x.transpose(axis, -1), -1).transpose(axis, -1);
        }
        SoftmaxKernel kernel = x.backend().fused(SoftmaxKernel.class);
        Tensor xc = Raw.contiguousF32(x);
        Tensor y = kernel != null ? kernel.softmax(xc) : composedSoftmax(xc);
        return Autograd.record("softmax", Raw.castBack(y, x.dtype()), g -> {
            Tensor gc = Raw.contiguousF32(g);
            Tensor dx = kernel != null ? kernel.softmaxBackward(y, gc)
                    : Raw.binary(BinaryOp.MUL, y, Raw.binary(BinaryOp.SUB, gc,
                            Raw.reduce(ReduceOp.SUM, Raw.binary(BinaryOp.MUL, gc, y), -1)));
            return new Tensor[] {Raw.castBack(dx, x.dtype())};
        }, x);
    }

    static Tensor logSoftmax(Tensor x, int dim) {
        int axis = x.shape().axis(dim);
        if (axis != x.rank() - 1) {
            return logSoftmax(x.transpose(axis, -1), -1).transpose(axis, -1);
        }
        SoftmaxKernel kernel = x.backend().fused(SoftmaxKernel.class);
        Tensor xc = Raw.contiguousF32(x);
        Tensor y = kernel != null ? kernel.logSoftmax(xc) : composedLogSoftmax(xc);
        return Autograd.record("log_softmax", Raw.castBack(y, x.dtype()), g -> {
            Tensor gc = Raw.contiguousF32(g);
            Tensor dx = kernel != null ? kernel.logSoftmaxBackward(y, gc)
                    : Raw.binary(BinaryOp.SUB, gc, Raw.binary(BinaryOp.MUL, Raw.unary(UnaryOp.EXP, y),
                            Raw.reduce(ReduceOp.SUM, gc, -1)));
            return new Tensor[] {Raw.castBack(dx, x.dtype())};
        }, x);
    }

    /** Row maximum, with -inf rows lifted to the lowest finite float so that x - max never is -inf - -inf. */
    private static Tensor safeMax(Tensor x) {
        return Raw.scalar(ScalarOp.MAX, Raw.reduce(ReduceOp.MAX, x, -1), -Float.MAX_VALUE);
    }

    private static Tensor composedSoftmax(Tensor x) {
        Tensor e = Raw.unary(UnaryOp.EXP, Raw.binary(BinaryOp.SUB, x, safeMax(x)));
        Tensor s = Raw.scalar(ScalarOp.MAX, Raw.reduce(ReduceOp.SUM, e, -1), Float.MIN_NORMAL);
        return Raw.binary(BinaryOp.DIV, e, s);
    }

    /** {@code (x - max) - log(sum(exp(x - max)))}: x - lse would round lse at the magnitude of x (4e-4 at 1e4). */
    private static Tensor composedLogSoftmax(Tensor x) {
        Tensor shifted = Raw.binary(BinaryOp.SUB, x, safeMax(x));
        Tensor s = Raw.reduce(ReduceOp.SUM, Raw.unary(UnaryOp.EXP, shifted), -1);
        return Raw.binary(BinaryOp.SUB, shifted, Raw.unary(UnaryOp.LOG, Raw.scalar(ScalarOp.MAX, s, Float.MIN_NORMAL)));
    }
}
