package dev.basalt.backend.cpu;

import dev.basalt.api.tensor.DType;
import dev.basalt.api.tensor.Tensor;

/**
 * Walks strided views row by row: a "row" is one position of every dimension but the last, and its elements
 * are {@code lastStride} apart. Rank-0 tensors are one row of one element.
 */
final class Layout {

    final int[] dims;
    final int[] strides;
    final int offset;
    final int rows;
    final int cols;
    final int colStride;

    Layout(Tensor t) {
        this.dims = t.shape().toArray();
        this.strides = t.strides();
        this.offset = t.offset();
        int r = dims.length;
        this.cols = r == 0 ? 1 : dims[r - 1];
        this.colStride = r == 0 ? 1 : strides[r - 1];
        long n = t.numel();
        this.rows = cols == 0 ? 0 : (int) (n / cols);
    }

    /** Storage index of element 0 of row {@code row}. */
    int rowStart(int row) {
        int off = offset;
        int rem = row;
        for (int d = dims.length - 2; d >= 0; d--) {
            int size = dims[d];
            off += (rem % size) * strides[d];
            rem /= size;
        }
        return off;
    }

    static CpuStorage storage(Tensor t) {
        return (CpuStorage) t.storage();
    }

    /** The values of {@code t} as a dense row-major float array (t's own array when already so, with offset 0 check). */
    static float[] dense(Tensor t) {
        CpuStorage s = storage(t);
        if (t.dtype() == DType.F32 && t.isContiguous() && t.offset() == 0 && s.size() == t.numel()) {
            return s.floats();
        }
        float[] out = new float[Math.toIntExact(t.numel())];
        Layout l = new Layout(t);
        for (int r = 0, k = 0; r < l.rows; r++) {
            int base = l.rowStart(r);
            for (int c = 0; c < l.cols; c++) {
                out[k++] = s.get(base + c * l.colStride);
            }
        }
        return out;
    }

    /** The values of an integer tensor as a dense row-major int array. */
    static int[] denseInts(Tensor t) {
        CpuStorage s = storage(t);
        int[] out = new int[Math.toIntExact(t.numel())];
        Layout l = new Layout(t);
        for (int r = 0, k = 0; r < l.rows; r++) {
            int base = l.rowStart(r);
            for (int c = 0; c < l.cols; c++) {
                out[k++] = s.getInt(base + c * l.colStride);
            }
        }
        return out;
    }

    /**
     * A float array to write a contiguous result into: {@code out}'s own array for F32 (offset 0), else a
     * scratch array that {@link #commit} converts into {@code out}.
     */
    static float[] target(Tensor out) {
        CpuStorage s = storage(out);
        if (out.dtype() == DType.F32 && out.offset() == 0 && out.isContiguous()) {
            return s.floats();
        }
        return new float[Math.toIntExact(out.numel())];
    }

    /** Stores {@code values} into {@code out} when {@link #target} returned scratch memory. */
    static void commit(Tensor out, float[] values) {
        CpuStorage s = storage(out);
        if (out.dtype() == DType.F32 && out.offset() == 0 && out.isContiguous() && s.floats() == values) {
            return;
        }
        Layout l = new Layout(out);
        for (int r = 0, k = 0; r < l.rows; r++) {
            int base = l.rowStart(r);
            for (int c = 0; c < l.cols; c++) {
                s.set(base + c * l.colStride, values[k++]);
            }
        }
    }

    /** A new contiguous F32 tensor holding {@code values}, on {@code backend}. */
    static Tensor wrap(CpuBackend backend, float[] values, int... shape) {
        Tensor t = Tensor.empty(backend, DType.F32, dev.basalt.api.tensor.Shape.of(shape));
        System.arraycopy(values, 0, storage(t).floats(), 0, values.length);
        return t;
    }
}
