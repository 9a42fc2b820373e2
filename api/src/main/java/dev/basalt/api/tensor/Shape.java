package dev.basalt.api.tensor;

import java.util.Arrays;

/** The sizes of a tensor's dimensions. Immutable. Negative dimension indices count from the end. */
public final class Shape {

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /** A shape with the given sizes; a rank-0 shape (a scalar) when none are given. */
    public static Shape of(int... dims) {
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
            }
        }
        return new Shape(dims.clone());
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** The size of dimension {@code dim} (negative counts from the end). */
    public int dim(int dim) {
        return dims[axis(dim)];
    }

    /** A copy of all sizes. */
    public int[] toArray() {
        return dims.clone();
    }

    /** The number of elements: the product of the sizes (1 for a scalar). */
    public long numel() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** Resolves a possibly negative dimension index against this rank. */
    public int axis(int dim) {
        int a = dim < 0 ? dim + dims.length : dim;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException("dimension " + dim + " is out of range for shape " + this);
        }
        return a;
    }

    /** Row-major strides of a contiguous tensor of this shape. */
    public int[] contiguousStrides() {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= dims[i];
        }
        return strides;
    }

    /** This shape with dimension {@code dim} replaced by {@code size}. */
    public Shape with(int dim, int size) {
        int[] d = dims.clone();
        d[axis(dim)] = size;
        return new Shape(d);
    }

    /** The shape both operands broadcast to, following NumPy rules. */
    public static Shape broadcast(Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + a + " and " + b + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
