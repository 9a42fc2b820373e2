package dev.basalt.api.backend;

import dev.basalt.api.tensor.DType;
import dev.basalt.api.tensor.Device;
import dev.basalt.api.tensor.Storage;
import dev.basalt.api.tensor.Tensor;

/**
 * A compute backend: storage and the kernels that tensors run on. Chosen by {@code backend.type}.
 *
 * <p>Autograd lives outside the backends; a backend supplies forward kernels only, and the engine in
 * {@code dev.basalt.api.tensor} derives every gradient from them. The contract has two parts:
 * <ul>
 *   <li>the <b>required primitives</b>, the abstract methods below: storage, strided copy, fill,
 *   element-wise {@link UnaryOp}/{@link ScalarOp}/{@link BinaryOp}, {@link #where}, reductions, batched matmul with
 *   transpose flags, and gather/scatter. A backend with only these runs every model;</li>
 *   <li>the <b>optional fused kernels</b>, offered through {@link #fused(Class)}: {@link AttentionKernel},
 *   {@link LayerNormKernel}, {@link RmsNormKernel}, {@link SoftmaxKernel}, {@link CrossEntropyKernel},
 *   {@link ActivationKernel}, {@link RotaryKernel}, {@link DropoutKernel}, {@link AdamWKernel}. When a backend
 *   returns {@code null} the engine composes the op from primitives, with identical semantics.</li>
 * </ul>
 *
 * <p>Conventions for every kernel: tensor arguments are strided views (read {@link Tensor#storage()},
 * {@link Tensor#offset()}, {@link Tensor#strides()}, {@link Tensor#shape()}); an {@code out} argument is a
 * contiguous tensor the engine allocated with this backend, unless documented otherwise. Floating inputs may
 * be F32, BF16 or F16; kernels accumulate in fp32. Results must be bit-identical for the same inputs and
 * thread count.
 */
public interface Backend {

    /** One line for logs and {@code basalt doctor}: threads, SIMD width, device. */
    String description();

    /** Where this backend's storage lives. */
    default Device device() {
        return Device.CPU;
    }

    // ---- storage -------------------------------------------------------------------------------------------

    /** A zero-filled storage of {@code size} elements. */
    Storage allocate(DType dtype, long size);

    /** A storage holding {@code data} converted to the floating type {@code dtype}. */
    Storage fromFloats(float[] data, DType dtype);

    /** An I32 storage holding {@code data}. */
    Storage fromInts(int[] data);

    /** An I64 storage holding {@code data}. */
    Storage fromLongs(long[] data);

    /** Reads {@code count} elements from {@code offset} of a floating storage, as fp32. */
    float[] readFloats(Storage storage, long offset, int count);

    /** Reads {@code count} elements from {@code offset} of an integer storage (I64 values must fit in an int). */
    int[] readInts(Storage storage, long offset, int count);

    // ---- primitives ----------------------------------------------------------------------------------------

    /**
     * Copies {@code src} into {@code dst} element by element; both are strided views of the same shape and
     * {@code dst} may be non-contiguous. Converts between any two dtypes (floating to integer truncates).
     */
    void copy(Tensor src, Tensor dst);

    /** Sets every element of the strided view {@code dst} to {@code value}. */
    void fill(Tensor dst, double value);

    /** {@code out = op(x)}; {@code x} has {@code out}'s shape. */
    void unary(UnaryOp op, Tensor x, Tensor out);

    /** {@code out = op(x, s)}; {@code x} has {@code out}'s shape. */
    void scalar(ScalarOp op, Tensor x, double s, Tensor out);

    /**
     * {@code out = op(a, b)}. {@code a} and {@code b} already have {@code out}'s shape: broadcast dimensions arrive
     * as stride 0. {@code out} may be the same tensor as {@code a} (an in-place update).
     */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** {@code out = cond != 0 ? a : b}; all three have {@code out}'s shape (broadcast as stride 0). */
    void where(Tensor cond, Tensor a, Tensor b, Tensor out);

    /** Reduces {@code x} over dimension {@code dim}; {@code out} has x's shape with that dimension of size 1. */
    void reduce(ReduceOp op, Tensor x, int dim, Tensor out);

    /** Index of the maximum over {@code dim} (first one on ties) into an I32 {@code out} shaped like {@link #reduce}. */
    void argMax(Tensor x, int dim, Tensor out);

    /**
     * Batched matrix product {@code out[b] = op(a[b]) · op(b[b])}, where {@code op} transposes when the flag is
     * set. {@code a} is {@code [..., m, k]} ({@code [..., k, m]} when {@code transA}), {@code b} is
     * {@code [..., k, n]} ({@code [..., n, k]} when {@code transB}), out is {@code [..., m, n]}. The batch
     * dimensions of a and b equal out's, possibly with stride 0 (broadcast); the last two dimensions of
     * {@code a} and {@code b} are row-major with unit stride in the last dimension. With {@code accumulate} the
     * product is added to what {@code out} holds ({@code out[b] += op(a[b]) · op(b[b])}), which is how a linear
     * layer's bias, written into {@code out} first, costs no pass of its own; otherwise out's old contents are
     * never read.
     */
    void matmul(Tensor a, Tensor b, boolean transA, boolean transB, Tensor out, boolean accumulate);

    /**
     * {@code out} takes the slices of {@code x} along {@code dim} at the I32/I64 positions in the 1-d
     * {@code index}: {@code out.shape[dim] = index.numel}. Embedding lookup is {@code indexSelect(table, 0, ids)}.
     */
    void indexSelect(Tensor x, int dim, Tensor index, Tensor out);

    /**
     * The adjoint of {@link #indexSelect}: {@code target[index[i]] += src[i]} along {@code dim}, in index order
     * (so repeated indices accumulate deterministically). {@code target} is contiguous and updated in place.
     */
    void indexAdd(Tensor target, int dim, Tensor index, Tensor src);

    /** {@code out[..., i, ...] = x[..., index[..., i, ...], ...]} along {@code dim}, as {@code torch.gather}. */
    void gather(Tensor x, int dim, Tensor index, Tensor out);

    /** The adjoint of {@link #gather}: {@code target[..., index[i], ...] += src[i]}; target contiguous, in place. */
    void scatterAdd(Tensor target, int dim, Tensor index, Tensor src);

    // ---- optional fused kernels ----------------------------------------------------------------------------

    /**
     * The fused kernel of the given type, or {@code null} when this backend does not have it and the engine
     * should compose the op from primitives. Kernel types are the {@code *Kernel} interfaces of this package.
     */
    default <K> K fused(Class<K> kernelType) {
        return null;
    }
}
