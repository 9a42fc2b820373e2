package dev.basalt.api.tensor;

import java.util.Arrays;

/**
 * Batched matrix product with transpose flags; transposed views are passed as flags, never copied. With a bias (a
 * linear layer), the bias is written into the output first and the product added to it, so the bias costs no pass
 * over the output of its own.
 */
final class MatmulOp {

    private MatmulOp() {
    }

    static Tensor apply(Tensor a, Tensor b, boolean transA, boolean transB) {
        checkRanks(a, b);
        Tensor out = forward(a, b, transA, transB, null);
        return Autograd.record("matmul", out, g -> gradients(g, a, b, transA, transB), a, b);
    }

    /** {@code x · weightᵀ + bias}, the bias broadcast over the rows of the product. */
    static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        checkRanks(x, weight);
        int n = weight.dim(-2);
        if (bias.rank() != 1 || bias.dim(0) != n) {
            throw new IllegalArgumentException("linear: the bias must be [" + n + "] for a weight " + weight.shape()
                    + ", got " + bias.shape());
        }
        Tensor out = forward(x, weight, false, true, bias);
        return Autograd.record("linear", out, g -> {
            Tensor[] products = gradients(g, x, weight, false, true);
            Tensor gBias = bias.requiresGrad() ? ReduceOps.sumTo(g, bias.shape()) : null;
            return new Tensor[] {products[0], products[1], gBias};
        }, x, weight, bias);
    }

    private static void checkRanks(Tensor a, Tensor b) {
        if (a.rank() < 2 || b.rank() < 2) {
            throw new IllegalArgumentException("matmul needs rank >= 2 operands, got " + a.shape() + " and " + b.shape());
        }
    }

    /** dA and dB of {@code op(a) · op(b)} for the upstream gradient g; null where no gradient is needed. */
    private static Tensor[] gradients(Tensor g, Tensor a, Tensor b, boolean transA, boolean transB) {
        Tensor ga = null;
        Tensor gb = null;
        if (a.requiresGrad()) {
            ga = transA ? apply(b, g, transB, true) : apply(g, b, false, !transB);
            ga = ReduceOps.sumTo(ga, a.shape());
        }
        if (b.requiresGrad()) {
            gb = weightGradient(a, b, g, transA, transB);
        }
        return new Tensor[] {ga, gb};
    }

    /** dB; when b is a shared 2-d weight, folds the batch into rows instead of summing per-batch products. */
    private static Tensor weightGradient(Tensor a, Tensor b, Tensor g, boolean transA, boolean transB) {
        if (b.rank() == 2 && a.rank() > 2 && !transA) {
            Tensor a2 = a.reshape(-1, a.dim(-1));
            Tensor g2 = g.reshape(-1, g.dim(-1));
            return transB ? apply(g2, a2, true, false) : apply(a2, g2, true, false);
        }
        Tensor gb = transB ? apply(g, a, true, transA) : apply(a, g, !transA, false);
        return ReduceOps.sumTo(gb, b.shape());
    }

    /** The product, plus {@code bias} (null for none) broadcast over its rows. */
    static Tensor forward(Tensor a, Tensor b, boolean transA, boolean transB, Tensor bias) {
        int m = transA ? a.dim(-1) : a.dim(-2);
        int ka = transA ? a.dim(-2) : a.dim(-1);
        int kb = transB ? b.dim(-1) : b.dim(-2);
        int n = transB ? b.dim(-2) : b.dim(-1);
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: inner sizes differ: " + a.shape() + (transA ? "ᵀ" : "")
                    + " · " + b.shape() + (transB ? "ᵀ" : ""));
        }
        DType resultType = bias == null ? Raw.floatResult(a, b) : Raw.floatResult(Raw.floatResult(a, b), bias);
        if (resultType.isHalf() || a.dtype() != b.dtype() || (bias != null && bias.dtype() != a.dtype())) {
            Tensor out = forward(Raw.copy(a, DType.F32), Raw.copy(b, DType.F32), transA, transB,
                    bias == null ? null : Raw.copy(bias, DType.F32));
            return Raw.castBack(out, resultType);
        }
        Operand pa = Operand.of(a, transA);
        Operand pb = Operand.of(b, transB);
        if (b.rank() == 2 && a.rank() > 2 && !pa.trans && pa.t.isContiguous()) {
            int[] outDims = a.shape().toArray();
            outDims[outDims.length - 1] = n;
            Tensor flat = pa.t.view(Shape.of(Math.toIntExact(a.numel() / ka), ka), new int[] {ka, 1}, pa.t.offset());
            Tensor out = forward(flat, pb.t, false, pb.trans, bias);
            return out.view(Shape.of(outDims), Shape.of(outDims).contiguousStrides(), out.offset());
        }
        Shape batch = Shape.broadcast(batchShape(a), batchShape(b));
        int[] dims = Arrays.copyOf(batch.toArray(), batch.rank() + 2);
        dims[batch.rank()] = m;
        dims[batch.rank() + 1] = n;
        Shape outShape = Shape.of(dims);
        Tensor out = bias == null ? Raw.empty(a.backend(), resultType, outShape)
                : Raw.copy(bias.broadcastView(outShape), resultType);
        a.backend().matmul(pa.broadcastTo(batch), pb.broadcastTo(batch), pa.trans, pb.trans, out, bias != null);
        return out;
    }

    private static Shape batchShape(Tensor t) {
        return Shape.of(Arrays.copyOf(t.shape().toArray(), t.rank() - 2));
    }

    /** An operand in the layout backends accept: unit stride in the last dimension, transposing by flag. */
    private record Operand(Tensor t, boolean trans) {

        static Operand of(Tensor x, boolean trans) {
            int r = x.rank();
            int rows = x.dim(-2);
            int cols = x.dim(-1);
            int[] st = x.strides();
            if (cols == 1) {
                st[r - 1] = 1;
            }
            if (rows == 1) {
                st[r - 2] = cols;
            }
            if (st[r - 1] == 1 && st[r - 2] >= cols) {
                return new Operand(x.view(x.shape(), st, x.offset()), trans);
            }
            if (st[r - 2] == 1 && st[r - 1] >= rows) {
                int[] dims = x.shape().toArray();
                dims[r - 2] = cols;
                dims[r - 1] = rows;
                int tmp = st[r - 2];
                st[r - 2] = st[r - 1];
                st[r - 1] = tmp;
                return new Operand(x.view(Shape.of(dims), st, x.offset()), !trans);
            }
            return new Operand(Raw.copy(x, x.dtype()), trans);
        }

        Tensor broadcastTo(Shape batch) {
            int[] dims = Arrays.copyOf(batch.toArray(), batch.rank() + 2);
            dims[batch.rank()] = t.dim(-2);
            dims[batch.rank() + 1] = t.dim(-1);
            return t.broadcastView(Shape.of(dims));
        }
    }
}
