package dev.basalt.api.tensor;

/** Embedding lookup (index-select) and gather, each with its scatter-add backward. */
final class IndexOps {

    private IndexOps() {
    }

    static Tensor embedding(Tensor table, Tensor ids) {
        if (table.rank() != 2) {
            throw new IllegalArgumentException("embedding table must be [vocab, dim], got " + table.shape());
        }
        requireIndex(ids);
        Tensor flatIds = Raw.contiguous(ids);
        flatIds = flatIds.view(Shape.of(Math.toIntExact(ids.numel())), new int[] {1}, flatIds.offset());
        int[] dims = java.util.Arrays.copyOf(ids.shape().toArray(), ids.rank() + 1);
        dims[ids.rank()] = table.dim(1);
        Tensor rows = Raw.empty(table.backend(), table.dtype(), Shape.of(flatIds.dim(0), table.dim(1)));
        table.backend().indexSelect(table, 0, flatIds, rows);
        Tensor out = rows.view(Shape.of(dims), Shape.of(dims).contiguousStrides(), 0);
        Tensor index = flatIds;
        return Autograd.record("embedding", out, g -> {
            Tensor grad = Raw.empty(g.backend(), table.dtype(), table.shape());
            Tensor g2 = Raw.contiguous(g);
            g.backend().indexAdd(grad, 0, index, g2.view(rows.shape(), rows.shape().contiguousStrides(), g2.offset()));
            return new Tensor[] {grad, null};
        }, table, ids);
    }

    static Tensor gather(Tensor x, int dim, Tensor index) {
        requireIndex(index);
        int axis = x.shape().axis(dim);
        if (index.rank() != x.rank()) {
            throw new IllegalArgumentException("gather: index rank " + index.rank() + " differs from input rank " + x.rank());
        }
        Tensor out = Raw.empty(x.backend(), x.dtype(), index.shape());
        x.backend().gather(x, axis, index, out);
        return Autograd.record("gather", out, g -> {
            Tensor grad = Raw.empty(g.backend(), x.dtype(), x.shape());
            g.backend().scatterAdd(grad, axis, index, g);
            return new Tensor[] {grad, null};
        }, x, index);
    }

    static void requireIndex(Tensor ids) {
        if (ids.dtype() != DType.I32 && ids.dtype() != DType.I64) {
            throw new IllegalArgumentException("indices must be I32 or I64, got " + ids.dtype());
        }
    }
}
