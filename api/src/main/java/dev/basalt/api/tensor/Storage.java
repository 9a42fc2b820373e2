package dev.basalt.api.tensor;

/**
 * A backend's flat buffer of elements. Tensors are strided views over a storage; several views may share one.
 * A storage is released when the {@link TensorScope} that owns it closes; using it afterwards fails.
 */
public interface Storage {

    /** The element type. */
    DType dtype();

    /** The number of elements. */
    long size();

    /** Frees the memory now. Idempotent. */
    void release();

    /** True once {@link #release()} ran. */
    boolean isReleased();
}
