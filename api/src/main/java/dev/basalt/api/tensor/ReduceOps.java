package dev.basalt.api.tensor;

import dev.basalt.api.backend.ReduceOp;

/** Sums, maxima and the broadcast-undoing {@link #sumTo}, each with its backward. */
final class ReduceOps {

    private ReduceOps() {
    }

    static Tensor sum(Tensor x, int dim, boolean keepDim) {
        int axis = x.shape().axis(dim);
        Tensor kept = Raw.reduce(ReduceOp.SUM, x, axis);
        Tensor out = keepDim ? kept : dropDim(kept, axis);
        return Autograd.record("sum", out, g -> new Tensor[] {keepDim ? g.expand(x.shape().toArray())
                : g.unsqueeze(axis).expand(x.shape().toArray())}, x);
    }

    static Tensor sumAll(Tensor x) {
        Tensor flat = Raw.contiguous(x);
        Tensor vec = flat.view(Shape.of(Math.toIntExact(x.numel())), new int[] {1}, flat.offset());
        Tensor one = Raw.reduce(ReduceOp.SUM, vec, 0);
        Tensor out = one.view(Shape.of(), new int[0], one.offset());
        return Autograd.record("sum", out, g -> new Tensor[] {g.expand(x.shape().toArray())}, x);
    }

    static Tensor max(Tensor x, int dim, boolean keepDim) {
        int axis = x.shape().axis(dim);
        Tensor kept = Raw.reduce(ReduceOp.MAX, x, axis);
        Tensor out = keepDim ? kept : dropDim(kept, axis);
        return Autograd.record("max", out, g -> {
            Tensor index = argmax(x, axis, true);
            Tensor full = Raw.empty(g.backend(), g.dtype(), x.shape());
            Tensor gk = keepDim ? g : g.unsqueeze(axis);
            g.backend().scatterAdd(full, axis, index, gk);
            return new Tensor[] {full};
        }, x);
    }

    static Tensor argmax(Tensor x, int dim, boolean keepDim) {
        int axis = x.shape().axis(dim);
        Tensor out = Raw.empty(x.backend(), DType.I32, x.shape().with(axis, 1));
        x.backend().argMax(x, axis, out);
        return keepDim ? out : dropDim(out, axis);
    }

    private static Tensor dropDim(Tensor kept, int axis) {
        int[] dims = new int[kept.rank() - 1];
        for (int i = 0, j = 0; i < kept.rank(); i++) {
            if (i != axis) {
                dims[j++] = kept.dim(i);
            }
        }
        Shape s = Shape.of(dims);
        return kept.view(s, s.contiguousStrides(), kept.offset());
    }

    /** Sums {@code g} over the dimensions that broadcasting expanded, giving a tensor of {@code shape}. */
    static Tensor sumTo(Tensor g, Shape shape) {
        if (g == null || g.shape().equals(shape)) {
            return g;
        }
        int lead = g.rank() - shape.rank();
        Tensor t = g;
        for (int i = 0; i < g.rank(); i++) {
            boolean broadcast = i < lead ? g.dim(i) != 1 : shape.dim(i - lead) == 1 && g.dim(i) != 1;
            if (broadcast) {
                t = Raw.reduce(ReduceOp.SUM, t, i);
            }
        }
        Tensor c = Raw.contiguous(t);
        return c.view(shape, shape.contiguousStrides(), c.offset());
    }
}
