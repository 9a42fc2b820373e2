package dev.basalt.conformance;

import dev.basalt.api.backend.Backend;
import dev.basalt.api.backend.BinaryOp;
import dev.basalt.api.backend.ReduceOp;
import dev.basalt.api.backend.ScalarOp;
import dev.basalt.api.backend.UnaryOp;
import dev.basalt.api.tensor.DType;
import dev.basalt.api.tensor.Device;
import dev.basalt.api.tensor.Storage;
import dev.basalt.api.tensor.Tensor;

/**
 * A backend with its primitives only: every required method goes to the wrapped backend and {@link #fused}
 * returns null, so the engine composes each fused op from primitives. The suite runs every fused op through
 * this and through the backend itself.
 */
public final class FallbackBackend implements Backend {

    private final Backend primitives;

    private FallbackBackend(Backend primitives) {
        this.primitives = primitives;
    }

    /** {@code backend} with its fused kernels hidden. */
    public static Backend of(Backend backend) {
        return new FallbackBackend(backend);
    }

    @Override
    public String description() {
        return primitives.description() + " (fused kernels hidden: generic fallbacks)";
    }

    @Override
    public Device device() {
        return primitives.device();
    }

    @Override
    public Storage allocate(DType dtype, long size) {
        return primitives.allocate(dtype, size);
    }

    @Override
    public Storage fromFloats(float[] data, DType dtype) {
        return primitives.fromFloats(data, dtype);
    }

    @Override
    public Storage fromInts(int[] data) {
        return primitives.fromInts(data);
    }

    @Override
    public Storage fromLongs(long[] data) {
        return primitives.fromLongs(data);
    }

    @Override
    public float[] readFloats(Storage storage, long offset, int count) {
        return primitives.readFloats(storage, offset, count);
    }

    @Override
    public int[] readInts(Storage storage, long offset, int count) {
        return primitives.readInts(storage, offset, count);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        primitives.copy(src, dst);
    }

    @Override
    public void fill(Tensor dst, double value) {
        primitives.fill(dst, value);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        primitives.unary(op, x, out);
    }

    @Override
    public void scalar(ScalarOp op, Tensor x, double s, Tensor out) {
        primitives.scalar(op, x, s, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        primitives.binary(op, a, b, out);
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        primitives.where(cond, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int dim, Tensor out) {
        primitives.reduce(op, x, dim, out);
    }

    @Override
    public void argMax(Tensor x, int dim, Tensor out) {
        primitives.argMax(x, dim, out);
    }

    @Override
    public void matmul(Tensor a, Tensor b, boolean transA, boolean transB, Tensor out, boolean accumulate) {
        primitives.matmul(a, b, transA, transB, out, accumulate);
    }

    @Override
    public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        primitives.indexSelect(x, dim, index, out);
    }

    @Override
    public void indexAdd(Tensor target, int dim, Tensor index, Tensor src) {
        primitives.indexAdd(target, dim, index, src);
    }

    @Override
    public void gather(Tensor x, int dim, Tensor index, Tensor out) {
        primitives.gather(x, dim, index, out);
    }

    @Override
    public void scatterAdd(Tensor target, int dim, Tensor index, Tensor src) {
        primitives.scatterAdd(target, dim, index, src);
    }

    @Override
    public <K> K fused(Class<K> kernelType) {
        return null;
    }
}
