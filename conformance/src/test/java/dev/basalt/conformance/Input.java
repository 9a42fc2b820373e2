package dev.basalt.conformance;

import dev.basalt.api.tensor.DType;
import dev.basalt.api.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One operand of an {@link OpCheck}: its logical values and shape, the layout in which it reaches the op, its
 * storage type and whether it wants a gradient. Non-contiguous layouts are views of a larger leaf whose other
 * elements hold {@link #PAD}, so a kernel that reads outside the view produces wrong results, and a gradient that
 * leaks outside it is caught.
 */
final class Input {

    /** How the operand is laid out in storage. */
    enum Layout {
        /** Row-major, no gaps. */
        CONTIGUOUS,
        /** The transpose (last two dimensions) of a contiguous leaf: unit stride in the second-to-last dimension. */
        TRANSPOSED,
        /** Columns {@code [1, 1+d)} of a leaf whose last dimension is {@code d+3}: a row stride larger than d. */
        NARROWED,
        /** Every other element of a leaf whose last dimension is {@code 2d}: last-dimension stride 2. */
        STRIDED,
        /**
         * Slices {@code [1, 1+n)} of a leaf with {@code n+2} slices along dimension 0: contiguous, but starting at a
         * non-zero storage offset (fused kernels receive such views without a copy).
         */
        OFFSET
    }

    /** The value in the elements of a leaf that a strided view does not cover. */
    static final float PAD = 50f;

    final String name;
    final int[] shape;
    private final float[] floats;
    private final int[] ints;
    private final boolean longs;
    private Layout layout = Layout.CONTIGUOUS;
    private DType dtype = DType.F32;
    private boolean grad;

    private Input(String name, int[] shape, float[] floats, int[] ints, boolean longs) {
        this.name = name;
        this.shape = shape.clone();
        this.floats = floats;
        this.ints = ints;
        this.longs = longs;
        this.grad = floats != null;
    }

    /** Standard normal values from {@code seed}, wanting a gradient. */
    static Input randn(String name, long seed, int... shape) {
        return new Input(name, shape, gaussian(seed, numel(shape)), null, false);
    }

    /** Given values, wanting a gradient. */
    static Input of(String name, float[] values, int... shape) {
        if (values.length != numel(shape)) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for " + Arrays.toString(shape));
        }
        return new Input(name, shape, values.clone(), null, false);
    }

    /** An I32 index operand. */
    static Input ints(String name, int[] values, int... shape) {
        return new Input(name, shape, null, values.clone(), false);
    }

    /** An I64 index operand. */
    static Input longs(String name, int[] values, int... shape) {
        return new Input(name, shape, null, values.clone(), true);
    }

    Input layout(Layout l) {
        if (l == Layout.TRANSPOSED && shape.length < 2 || l != Layout.CONTIGUOUS && shape.length == 0) {
            throw new IllegalArgumentException(name + ": layout " + l + " needs a higher rank than " + shape.length);
        }
        layout = l;
        return this;
    }

    Input dtype(DType d) {
        dtype = d;
        return this;
    }

    Input noGrad() {
        grad = false;
        return this;
    }

    /** Maps every value v to {@code |v| + 0.5}: inputs of log, sqrt, rsqrt. */
    Input positive() {
        for (int i = 0; i < floats.length; i++) {
            floats[i] = Math.abs(floats[i]) + 0.5f;
        }
        return this;
    }

    /** Moves values away from zero (|v| >= 0.5 keeping the sign): divisors and reciprocals. */
    Input awayFromZero() {
        for (int i = 0; i < floats.length; i++) {
            floats[i] = Math.copySign(Math.abs(floats[i]) + 0.5f, floats[i]);
        }
        return this;
    }

    Input scale(float s) {
        for (int i = 0; i < floats.length; i++) {
            floats[i] *= s;
        }
        return this;
    }

    boolean isIndex() {
        return floats == null;
    }

    boolean wantsGrad() {
        return grad && !isIndex();
    }

    DType dtype() {
        return isIndex() ? (longs ? DType.I64 : DType.I32) : dtype;
    }

    /** The logical values as the op sees them (rounded to the storage type), for the reference. */
    float[] values() {
        return Halves.round(dtype, floats);
    }

    int[] indices() {
        return ints.clone();
    }

    int numel() {
        return numel(shape);
    }

    /** The leaf (what gets the gradient) and the view the op is given. */
    record Built(Tensor leaf, Tensor view) {
    }

    Built build(boolean requiresGrad) {
        return build(floats, requiresGrad);
    }

    /** Builds this operand with {@code logical} in place of its values (finite differences perturb them). */
    Built build(float[] logical, boolean requiresGrad) {
        int rank = shape.length;
        int last = rank == 0 ? 1 : shape[rank - 1];
        int[] leafShape = shape.clone();
        float[] leafFloats;
        int[] leafInts;
        switch (layout) {
            case CONTIGUOUS -> {
                leafFloats = logical;
                leafInts = ints;
            }
            case TRANSPOSED -> {
                int rows = shape[rank - 2];
                leafShape[rank - 2] = last;
                leafShape[rank - 1] = rows;
                leafFloats = logical == null ? null : swapLastTwo(logical, rows, last);
                leafInts = ints == null ? null : swapLastTwo(ints, rows, last);
            }
            case NARROWED -> {
                leafShape[rank - 1] = last + 3;
                leafFloats = logical == null ? null : widen(logical, last, last + 3, 1, 1);
                leafInts = ints == null ? null : widen(ints, last, last + 3, 1, 1);
            }
            case STRIDED -> {
                leafShape[rank - 1] = 2 * last;
                leafFloats = logical == null ? null : widen(logical, last, 2 * last, 0, 2);
                leafInts = ints == null ? null : widen(ints, last, 2 * last, 0, 2);
            }
            case OFFSET -> {
                int slice = Input.numel(shape) / shape[0];
                leafShape[0] = shape[0] + 2;
                leafFloats = logical == null ? null : widen(logical, Input.numel(shape), Input.numel(shape) + 2 * slice, slice, 1);
                leafInts = ints == null ? null : widen(ints, Input.numel(shape), Input.numel(shape) + 2 * slice, slice, 1);
            }
            default -> throw new IllegalStateException(layout.toString());
        }
        Tensor leaf;
        if (isIndex()) {
            leaf = longs ? Tensor.ofLongs(toLongs(leafInts), leafShape) : Tensor.ofInts(leafInts, leafShape);
        } else {
            leaf = Tensor.of(leafFloats, dtype, leafShape);
            if (requiresGrad) {
                leaf.requiresGrad(true);
            }
        }
        return new Built(leaf, view(leaf));
    }

    /** The logical view of a leaf-shaped tensor (the op's input, or the logical part of the leaf's gradient). */
    Tensor view(Tensor leafLike) {
        int last = shape.length == 0 ? 1 : shape[shape.length - 1];
        return switch (layout) {
            case CONTIGUOUS -> leafLike;
            case TRANSPOSED -> leafLike.transpose(-1, -2);
            case NARROWED -> leafLike.narrow(-1, 1, last);
            case STRIDED -> {
                int[] pairs = Arrays.copyOf(shape, shape.length + 1);
                pairs[shape.length] = 2;
                yield leafLike.reshape(pairs).narrow(-1, 0, 1).squeeze(-1);
            }
            case OFFSET -> leafLike.narrow(0, 1, shape[0]);
        };
    }

    /** The parts of a leaf-shaped tensor outside the view: its gradient must be zero there. */
    List<Tensor> outside(Tensor leafLike) {
        int last = shape.length == 0 ? 1 : shape[shape.length - 1];
        List<Tensor> parts = new ArrayList<>();
        switch (layout) {
            case NARROWED -> {
                parts.add(leafLike.narrow(-1, 0, 1));
                parts.add(leafLike.narrow(-1, last + 1, 2));
            }
            case STRIDED -> {
                int[] pairs = Arrays.copyOf(shape, shape.length + 1);
                pairs[shape.length] = 2;
                parts.add(leafLike.reshape(pairs).narrow(-1, 1, 1));
            }
            case OFFSET -> {
                parts.add(leafLike.narrow(0, 0, 1));
                parts.add(leafLike.narrow(0, shape[0] + 1, 1));
            }
            default -> {
            }
        }
        return parts;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + (dtype != DType.F32 ? " " + dtype : "")
                + (layout != Layout.CONTIGUOUS ? " " + layout.name().toLowerCase() : "");
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    static float[] gaussian(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller from two uniforms, so the values do not depend on any library's normal generator
            double u1 = 1 - random.nextDouble();
            double u2 = random.nextDouble();
            v[i] = (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return v;
    }

    private static float[] swapLastTwo(float[] v, int rows, int cols) {
        float[] out = new float[v.length];
        int block = rows * cols;
        for (int b = 0; b < v.length / Math.max(1, block); b++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    out[b * block + c * rows + r] = v[b * block + r * cols + c];
                }
            }
        }
        return out;
    }

    private static int[] swapLastTwo(int[] v, int rows, int cols) {
        int[] out = new int[v.length];
        int block = rows * cols;
        for (int b = 0; b < v.length / Math.max(1, block); b++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    out[b * block + c * rows + r] = v[b * block + r * cols + c];
                }
            }
        }
        return out;
    }

    /** Rows of {@code cols} values placed at {@code first, first+step, ...} in rows of {@code width}, PAD elsewhere. */
    private static float[] widen(float[] v, int cols, int width, int first, int step) {
        int rows = cols == 0 ? 0 : v.length / cols;
        float[] out = new float[rows * width];
        Arrays.fill(out, PAD);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * width + first + c * step] = v[r * cols + c];
            }
        }
        return out;
    }

    private static int[] widen(int[] v, int cols, int width, int first, int step) {
        int rows = cols == 0 ? 0 : v.length / cols;
        int[] out = new int[rows * width];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * width + first + c * step] = v[r * cols + c];
            }
        }
        return out;
    }

    private static long[] toLongs(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
