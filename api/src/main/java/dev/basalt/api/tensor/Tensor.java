package dev.basalt.api.tensor;

import dev.basalt.api.backend.Backend;
import dev.basalt.api.backend.BinaryOp;
import dev.basalt.api.backend.ScalarOp;
import dev.basalt.api.backend.UnaryOp;

import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array on a {@link Backend}, with reverse-mode autograd.
 *
 * <p>A tensor is a strided view over a {@link Storage}: {@link #reshape}, {@link #transpose}, {@link #permute},
 * {@link #narrow}, {@link #expand}, {@link #unsqueeze} and {@link #squeeze} share storage and copy nothing
 * (reshape copies only when the strides make a view impossible). Operations return new tensors; the few
 * in-place methods ({@link #copyFrom}, {@link #fill}, {@link #addInPlace}) are for optimisers and loading.
 *
 * <p>Autograd: mark leaves with {@link #requiresGrad(boolean)}; every operation on them is recorded; call
 * {@link #backward()} on a scalar result, and read {@link #grad()} of the leaves. Gradients accumulate over
 * several backward calls until {@link #zeroGrad()}. Inside {@link NoGrad#enter()} nothing is recorded.
 *
 * <p>Floating tensors may be stored as F32, BF16 or F16; arithmetic always accumulates in fp32. Integer
 * tensors (I32, I64) hold token ids and indices.
 */
public final class Tensor {

    private final Backend backend;
    private final Storage storage;
    private final Shape shape;
    private final int[] strides;
    private final int offset;
    private boolean requiresGrad;
    private Autograd.Node node;
    private Tensor grad;

    Tensor(Backend backend, Storage storage, Shape shape, int[] strides, int offset) {
        this.backend = backend;
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    // ---- creation ------------------------------------------------------------------------------------------

    /** An F32 tensor holding {@code data} (row-major) on the current backend. */
    public static Tensor of(float[] data, int... shape) {
        return of(data, DType.F32, shape);
    }

    /** A floating tensor of type {@code dtype} holding {@code data} on the current backend. */
    public static Tensor of(float[] data, DType dtype, int... shape) {
        Shape s = checkedShape(data.length, shape);
        Backend b = Backends.current();
        return fromStorage(b, b.fromFloats(data, dtype), s);
    }

    /** An I32 tensor (token ids, indices) on the current backend. */
    public static Tensor ofInts(int[] data, int... shape) {
        Shape s = checkedShape(data.length, shape);
        Backend b = Backends.current();
        return fromStorage(b, b.fromInts(data), s);
    }

    /** An I64 tensor on the current backend. */
    public static Tensor ofLongs(long[] data, int... shape) {
        Shape s = checkedShape(data.length, shape);
        Backend b = Backends.current();
        return fromStorage(b, b.fromLongs(data), s);
    }

    /** A rank-0 F32 tensor. */
    public static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    /** An F32 tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return zeros(DType.F32, shape);
    }

    /** A tensor of zeros of the given type. */
    public static Tensor zeros(DType dtype, int... shape) {
        return Raw.empty(Backends.current(), dtype, Shape.of(shape));
    }

    /** An F32 tensor of ones. */
    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** An F32 tensor filled with {@code value}. */
    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        t.backend.fill(t, value);
        return t;
    }

    /** Standard normal F32 values from {@link CounterRandom} stream {@code seed}: same seed, same tensor. */
    public static Tensor randn(long seed, int... shape) {
        float[] data = new float[Math.toIntExact(Shape.of(shape).numel())];
        for (int i = 0; i < data.length; i++) {
            data[i] = CounterRandom.normal(seed, i);
        }
        return of(data, shape);
    }

    /** Uniform [0, 1) F32 values from {@link CounterRandom} stream {@code seed}. */
    public static Tensor rand(long seed, int... shape) {
        float[] data = new float[Math.toIntExact(Shape.of(shape).numel())];
        for (int i = 0; i < data.length; i++) {
            data[i] = CounterRandom.uniform(seed, i);
        }
        return of(data, shape);
    }

    /** The I32 tensor {@code [0, 1, ..., n-1]}. */
    public static Tensor arange(int n) {
        int[] data = new int[n];
        Arrays.setAll(data, i -> i);
        return ofInts(data, n);
    }

    /** A new zero-filled contiguous tensor on {@code backend}; what kernels use to allocate their results. */
    public static Tensor empty(Backend backend, DType dtype, Shape shape) {
        return Raw.empty(backend, dtype, shape);
    }

    private static Tensor fromStorage(Backend b, Storage storage, Shape s) {
        TensorScope.track(storage);
        return new Tensor(b, storage, s, s.contiguousStrides(), 0);
    }

    private static Shape checkedShape(int length, int[] dims) {
        Shape s = Shape.of(dims);
        if (s.numel() != length) {
            throw new IllegalArgumentException(length + " values do not fill shape " + s + " (" + s.numel() + ")");
        }
        return s;
    }

    // ---- layout --------------------------------------------------------------------------------------------

    public Backend backend() {
        return backend;
    }

    public Storage storage() {
        return storage;
    }

    public DType dtype() {
        return storage.dtype();
    }

    public Device device() {
        return backend.device();
    }

    public Shape shape() {
        return shape;
    }

    /** The size of dimension {@code d} (negative counts from the end). */
    public int dim(int d) {
        return shape.dim(d);
    }

    public int rank() {
        return shape.rank();
    }

    public long numel() {
        return shape.numel();
    }

    /** Element strides per dimension (a copy). */
    public int[] strides() {
        return strides.clone();
    }

    /** Stride of dimension {@code d}. */
    public int stride(int d) {
        return strides[shape.axis(d)];
    }

    /** Offset of element zero in the storage. */
    public int offset() {
        return offset;
    }

    /** True when the elements are laid out row-major without gaps (size-1 dimensions' strides do not matter). */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.rank() - 1; i >= 0; i--) {
            int d = shape.dim(i);
            if (d != 1 && strides[i] != expected) {
                return false;
            }
            expected *= d;
        }
        return true;
    }

    Tensor view(Shape s, int[] st, int off) {
        return new Tensor(backend, storage, s, st, off);
    }

    /** A view of this tensor broadcast to {@code target} (stride 0 on new and size-1 dimensions); no autograd. */
    Tensor broadcastView(Shape target) {
        if (target.equals(shape)) {
            return this;
        }
        int rank = target.rank();
        int[] st = new int[rank];
        for (int i = 0; i < rank; i++) {
            int src = i - (rank - shape.rank());
            if (src < 0) {
                continue;
            }
            int d = shape.dim(src);
            if (d == target.dim(i)) {
                st[i] = strides[src];
            } else if (d != 1) {
                throw new IllegalArgumentException("cannot broadcast " + shape + " to " + target);
            }
        }
        return view(target, st, offset);
    }

    // ---- readback ------------------------------------------------------------------------------------------

    /** The elements in row-major order as fp32. */
    public float[] toFloatArray() {
        Raw.requireFloating(this);
        Tensor c = Raw.contiguous(this);
        return backend.readFloats(c.storage, c.offset, Math.toIntExact(numel()));
    }

    /** The elements of an integer tensor in row-major order. */
    public int[] toIntArray() {
        if (dtype().isFloating()) {
            throw new IllegalArgumentException("toIntArray needs an I32 or I64 tensor, got " + dtype());
        }
        Tensor c = Raw.contiguous(this);
        return backend.readInts(c.storage, c.offset, Math.toIntExact(numel()));
    }

    /** The value of a one-element floating tensor. */
    public float item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("item() needs a single element, shape is " + shape);
        }
        return toFloatArray()[0];
    }

    // ---- autograd ------------------------------------------------------------------------------------------

    /** True when gradients flow to or through this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as wanting a gradient (or not); returns this. */
    public Tensor requiresGrad(boolean wanted) {
        if (node != null) {
            throw new IllegalStateException("requiresGrad can only be set on a leaf; use detach() first");
        }
        if (wanted && !dtype().isFloating()) {
            throw new IllegalArgumentException("only floating tensors can require gradients, got " + dtype());
        }
        this.requiresGrad = wanted;
        return this;
    }

    /** True when this tensor was not produced by a recorded operation. */
    public boolean isLeaf() {
        return node == null;
    }

    /** The accumulated gradient of a leaf, or null before the first backward pass. */
    public Tensor grad() {
        return grad;
    }

    /** Sets the accumulated gradient to zero (keeps its memory). */
    public void zeroGrad() {
        if (grad != null) {
            backend.fill(grad, 0);
        }
    }

    /** Backpropagates from this one-element tensor with seed 1. */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalArgumentException("backward() needs a scalar; pass the output gradient for shape " + shape);
        }
        backward(onesLike());
    }

    /** Backpropagates {@code gradOutput} (shaped like this tensor). */
    public void backward(Tensor gradOutput) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward() on a tensor that does not require grad: no input "
                    + "had requiresGrad(true), or it was computed under NoGrad");
        }
        if (!gradOutput.shape().equals(shape)) {
            throw new IllegalArgumentException("gradient shape " + gradOutput.shape() + " does not match " + shape);
        }
        Autograd.backward(this, gradOutput);
    }

    /** The same values, cut from the graph (shares storage). */
    public Tensor detach() {
        return view(shape, strides, offset);
    }

    Autograd.Node node() {
        return node;
    }

    void attach(Autograd.Node n) {
        this.node = n;
        this.requiresGrad = true;
    }

    void accumulateGrad(Tensor g) {
        if (grad == null) {
            grad = TensorScope.outside(() -> Raw.copy(g, dtype()));
        } else {
            backend.binary(BinaryOp.ADD, grad, g, grad);
        }
    }

    private Tensor onesLike() {
        Tensor t = Raw.empty(backend, dtype().isFloating() ? dtype() : DType.F32, shape);
        backend.fill(t, 1);
        return t;
    }

    // ---- element-wise --------------------------------------------------------------------------------------

    /** {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.ADD, this, other);
    }

    /** {@code this - other}, broadcasting. */
    public Tensor sub(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.SUB, this, other);
    }

    /** {@code this * other}, broadcasting. */
    public Tensor mul(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.MUL, this, other);
    }

    /** {@code this / other}, broadcasting. */
    public Tensor div(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.DIV, this, other);
    }

    /** Element-wise maximum, broadcasting (gradient to the larger; to {@code this} on ties). */
    public Tensor maximum(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.MAX, this, other);
    }

    /** Element-wise minimum, broadcasting. */
    public Tensor minimum(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.MIN, this, other);
    }

    /** 1 where equal, else 0 (no gradient). */
    public Tensor eq(Tensor other) {
        return Raw.binary(BinaryOp.EQ, this, other);
    }

    /** 1 where {@code this > other}, else 0 (no gradient). */
    public Tensor gt(Tensor other) {
        return Raw.binary(BinaryOp.GT, this, other);
    }

    public Tensor add(float s) {
        return ElementwiseOps.scalar(ScalarOp.ADD, this, s);
    }

    public Tensor sub(float s) {
        return ElementwiseOps.scalar(ScalarOp.ADD, this, -s);
    }

    public Tensor mul(float s) {
        return ElementwiseOps.scalar(ScalarOp.MUL, this, s);
    }

    public Tensor div(float s) {
        return ElementwiseOps.scalar(ScalarOp.MUL, this, 1.0 / s);
    }

    /** {@code this ^ exponent}. */
    public Tensor pow(float exponent) {
        return ElementwiseOps.scalar(ScalarOp.POW, this, exponent);
    }

    /** Clamps to {@code [min, max]}. */
    public Tensor clamp(float min, float max) {
        return ElementwiseOps.scalar(ScalarOp.MIN, ElementwiseOps.scalar(ScalarOp.MAX, this, min), max);
    }

    public Tensor neg() {
        return ElementwiseOps.unary(UnaryOp.NEG, this);
    }

    public Tensor exp() {
        return ElementwiseOps.unary(UnaryOp.EXP, this);
    }

    public Tensor log() {
        return ElementwiseOps.unary(UnaryOp.LOG, this);
    }

    public Tensor sqrt() {
        return ElementwiseOps.unary(UnaryOp.SQRT, this);
    }

    public Tensor rsqrt() {
        return ElementwiseOps.unary(UnaryOp.RSQRT, this);
    }

    public Tensor tanh() {
        return ElementwiseOps.unary(UnaryOp.TANH, this);
    }

    public Tensor erf() {
        return ElementwiseOps.unary(UnaryOp.ERF, this);
    }

    public Tensor sigmoid() {
        return ElementwiseOps.unary(UnaryOp.SIGMOID, this);
    }

    public Tensor relu() {
        return ElementwiseOps.unary(UnaryOp.RELU, this);
    }

    public Tensor abs() {
        return ElementwiseOps.unary(UnaryOp.ABS, this);
    }

    public Tensor square() {
        return ElementwiseOps.unary(UnaryOp.SQUARE, this);
    }

    public Tensor reciprocal() {
        return ElementwiseOps.unary(UnaryOp.RECIPROCAL, this);
    }

    public Tensor sin() {
        return ElementwiseOps.unary(UnaryOp.SIN, this);
    }

    public Tensor cos() {
        return ElementwiseOps.unary(UnaryOp.COS, this);
    }

    /** Exact GELU, {@code x·Φ(x)}. */
    public Tensor gelu() {
        return ActivationOps.apply(dev.basalt.api.backend.Activation.GELU, this);
    }

    /** The tanh approximation of GELU used by GPT-2. */
    public Tensor geluTanh() {
        return ActivationOps.apply(dev.basalt.api.backend.Activation.GELU_TANH, this);
    }

    /** SiLU (swish), {@code x·sigmoid(x)}. */
    public Tensor silu() {
        return ActivationOps.apply(dev.basalt.api.backend.Activation.SILU, this);
    }

    /** {@code cond != 0 ? a : b}, broadcasting; gradients flow to a and b. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return ElementwiseOps.where(cond, a, b);
    }

    // ---- matmul --------------------------------------------------------------------------------------------

    /** Matrix product over the last two dimensions, broadcasting leading (batch) dimensions. */
    public Tensor matmul(Tensor other) {
        return MatmulOp.apply(this, other, false, false);
    }

    /**
     * {@code op(a) · op(b)} where op transposes the last two dimensions when its flag is set; no copy is made
     * for the transpose. {@code x.matmul(w, false, true)} is {@code x · wᵀ}, the usual linear layer.
     */
    public static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        return MatmulOp.apply(a, b, transA, transB);
    }

    /**
     * A linear layer, {@code x · weightᵀ + bias}: {@code x} is {@code [..., in]}, {@code weight} {@code [out, in]}
     * (PyTorch's layout) and {@code bias} {@code [out]} or null. It computes {@code matmul(x, weight, false, true)}
     * followed by {@code add(bias)}, with the same shape and type, in one pass over the output: the bias is written
     * first and the product added to it. With half-precision operands the bias is added before the one rounding to
     * half, so a result may differ from the two-step form in its last place.
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return bias == null ? MatmulOp.apply(x, weight, false, true) : MatmulOp.linear(x, weight, bias);
    }

    // ---- views and copies ----------------------------------------------------------------------------------

    /** The same elements in a new shape; one size may be -1 (inferred). A view when the strides allow. */
    public Tensor reshape(int... newShape) {
        return ViewOps.reshape(this, newShape);
    }

    /** Alias of {@link #reshape}. */
    public Tensor view(int... newShape) {
        return ViewOps.reshape(this, newShape);
    }

    /** Swaps two dimensions (a view). */
    public Tensor transpose(int dim0, int dim1) {
        return ViewOps.transpose(this, dim0, dim1);
    }

    /** Reorders dimensions (a view): result dimension i is this tensor's dimension {@code order[i]}. */
    public Tensor permute(int... order) {
        return ViewOps.permute(this, order);
    }

    /** The slice {@code [start, start+length)} of dimension {@code dim} (a view). */
    public Tensor narrow(int dim, int start, int length) {
        return ViewOps.narrow(this, dim, start, length);
    }

    /** Inserts a size-1 dimension at {@code dim} (a view). */
    public Tensor unsqueeze(int dim) {
        return ViewOps.unsqueeze(this, dim);
    }

    /** Removes the size-1 dimension {@code dim} (a view). */
    public Tensor squeeze(int dim) {
        return ViewOps.squeeze(this, dim);
    }

    /** Broadcasts to a larger shape without copying (stride 0); the gradient is summed back. */
    public Tensor expand(int... newShape) {
        return ViewOps.expand(this, Shape.of(newShape));
    }

    /** This tensor when contiguous, else a contiguous copy (with gradient). */
    public Tensor contiguous() {
        return ViewOps.contiguous(this);
    }

    /** Splits dimension {@code dim} into consecutive pieces of {@code size} (the last may be smaller); views. */
    public List<Tensor> split(int dim, int size) {
        return ViewOps.split(this, dim, size);
    }

    /** Joins tensors along {@code dim}; all other dimensions must match. */
    public static Tensor concat(List<Tensor> parts, int dim) {
        return ViewOps.concat(parts, dim);
    }

    /** A copy converted to {@code dtype} (this tensor when it already has it); gradient flows between floating types. */
    public Tensor to(DType dtype) {
        return ViewOps.cast(this, dtype);
    }

    // ---- reductions ----------------------------------------------------------------------------------------

    /** Sum of all elements, a scalar. */
    public Tensor sum() {
        return ReduceOps.sumAll(this);
    }

    /** Sum over {@code dim}. */
    public Tensor sum(int dim, boolean keepDim) {
        return ReduceOps.sum(this, dim, keepDim);
    }

    /** Mean of all elements, a scalar. */
    public Tensor mean() {
        return ReduceOps.sumAll(this).mul(1f / numel());
    }

    /** Mean over {@code dim}. */
    public Tensor mean(int dim, boolean keepDim) {
        return ReduceOps.sum(this, dim, keepDim).mul(1f / shape.dim(dim));
    }

    /** Maximum over {@code dim}; the gradient goes to the first maximal element. */
    public Tensor max(int dim, boolean keepDim) {
        return ReduceOps.max(this, dim, keepDim);
    }

    /** Index of the maximum over {@code dim} as I32 (no gradient). */
    public Tensor argmax(int dim, boolean keepDim) {
        return ReduceOps.argmax(this, dim, keepDim);
    }

    /** Softmax over {@code dim}; finite for large |x|, zeros for a row that is all -inf. */
    public Tensor softmax(int dim) {
        return SoftmaxOps.softmax(this, dim);
    }

    /** Log-softmax over {@code dim}. */
    public Tensor logSoftmax(int dim) {
        return SoftmaxOps.logSoftmax(this, dim);
    }

    // ---- in place (no autograd) ----------------------------------------------------------------------------

    /** Overwrites this tensor's elements with {@code src} (broadcast, converted); for loading and optimisers. */
    public Tensor copyFrom(Tensor src) {
        requireInPlaceAllowed();
        backend.copy(src.broadcastView(shape), this);
        return this;
    }

    /** Sets every element to {@code value}. */
    public Tensor fill(double value) {
        requireInPlaceAllowed();
        backend.fill(this, value);
        return this;
    }

    /** {@code this += alpha · other} (other broadcast); this tensor must be contiguous. */
    public Tensor addInPlace(Tensor other, float alpha) {
        requireInPlaceAllowed();
        if (!isContiguous()) {
            throw new IllegalStateException("addInPlace needs a contiguous tensor");
        }
        Tensor scaled = alpha == 1f ? other : Raw.scalar(ScalarOp.MUL, other, alpha);
        backend.binary(BinaryOp.ADD, this, scaled.broadcastView(shape), this);
        return this;
    }

    private void requireInPlaceAllowed() {
        if (requiresGrad && NoGrad.isGradEnabled()) {
            throw new IllegalStateException("in-place update of a tensor that requires grad; wrap it in NoGrad.enter()");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(").append(dtype()).append(shape);
        if (!storage.isReleased() && numel() <= 16) {
            sb.append(' ').append(dtype().isFloating() ? Arrays.toString(toFloatArray()) : Arrays.toString(toIntArray()));
        }
        if (requiresGrad) {
            sb.append(node == null ? ", requiresGrad" : ", grad_fn=" + node.op());
        }
        return sb.append(')').toString();
    }
}
