package dev.basalt.backend.cpu;

import dev.basalt.api.tensor.Tensor;

/** Gather and scatter primitives; scatters run in index order so repeated indices add deterministically. */
final class IndexKernels {

    private final Parallel parallel;

    IndexKernels(Parallel parallel) {
        this.parallel = parallel;
    }

    private static int[] split(int[] dims, int dim) {
        int outer = 1;
        int inner = 1;
        for (int d = 0; d < dim; d++) {
            outer *= dims[d];
        }
        for (int d = dim + 1; d < dims.length; d++) {
            inner *= dims[d];
        }
        return new int[] {outer, inner};
    }

    private static void checkIndex(int value, int size, int position) {
        if (value < 0 || value >= size) {
            throw new IndexOutOfBoundsException("index " + value + " at position " + position + " is outside [0, "
                    + size + ")");
        }
    }

    void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        float[] in = Layout.dense(x);
        int[] idx = Layout.denseInts(index);
        int[] dims = x.shape().toArray();
        int[] oi = split(dims, dim);
        int outer = oi[0];
        int inner = oi[1];
        int size = dims[dim];
        for (int i = 0; i < idx.length; i++) {
            checkIndex(idx[i], size, i);
        }
        float[] o = Layout.target(out);
        parallel.range(idx.length, (long) inner * outer, (i0, i1) -> {
            for (int o2 = 0; o2 < outer; o2++) {
                for (int i = i0; i < i1; i++) {
                    System.arraycopy(in, (o2 * size + idx[i]) * inner, o, (o2 * idx.length + i) * inner, inner);
                }
            }
        });
        Layout.commit(out, o);
    }

    void indexAdd(Tensor target, int dim, Tensor index, Tensor src) {
        float[] t = Layout.target(target);
        if (t != Layout.storage(target).floatsOrNull()) {
            System.arraycopy(Layout.dense(target), 0, t, 0, t.length);
        }
        float[] s = Layout.dense(src);
        int[] idx = Layout.denseInts(index);
        int[] dims = target.shape().toArray();
        int[] oi = split(dims, dim);
        int outer = oi[0];
        int inner = oi[1];
        int size = dims[dim];
        for (int i = 0; i < idx.length; i++) {
            checkIndex(idx[i], size, i);
        }
        // parallel over the inner extent: each worker owns whole columns, rows still added in index order
        parallel.range(inner, (long) idx.length * outer, (c0, c1) -> {
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < idx.length; i++) {
                    int to = (o * size + idx[i]) * inner;
                    int from = (o * idx.length + i) * inner;
                    for (int c = c0; c < c1; c++) {
                        t[to + c] += s[from + c];
                    }
                }
            }
        });
        Layout.commit(target, t);
    }

    void gather(Tensor x, int dim, Tensor index, Tensor out) {
        CpuStorage xs = Layout.storage(x);
        int[] idx = Layout.denseInts(index);
        int[] xStrides = x.strides();
        int[] idims = index.shape().toArray();
        float[] o = Layout.target(out);
        int size = x.dim(dim);
        for (int i = 0; i < idx.length; i++) {
            checkIndex(idx[i], size, i);
            int off = x.offset();
            int rem = i;
            for (int d = idims.length - 1; d >= 0; d--) {
                int coord = rem % idims[d];
                rem /= idims[d];
                off += (d == dim ? idx[i] : coord) * xStrides[d];
            }
            o[i] = xs.get(off);
        }
        Layout.commit(out, o);
    }

    void scatterAdd(Tensor target, int dim, Tensor index, Tensor src) {
        CpuStorage ts = Layout.storage(target);
        float[] s = Layout.dense(src);
        int[] idx = Layout.denseInts(index);
        int[] tdims = target.shape().toArray();
        int[] tStrides = target.strides();
        int[] idims = index.shape().toArray();
        int size = tdims[dim];
        for (int i = 0; i < idx.length; i++) {
            checkIndex(idx[i], size, i);
            int off = target.offset();
            int rem = i;
            for (int d = idims.length - 1; d >= 0; d--) {
                int coord = rem % idims[d];
                rem /= idims[d];
                off += (d == dim ? idx[i] : coord) * tStrides[d];
            }
            ts.set(off, ts.get(off) + s[i]);
        }
    }
}
