package dev.basalt.api.tensor;

import dev.basalt.api.backend.Backend;
import dev.basalt.api.backend.BinaryOp;
import dev.basalt.api.backend.ReduceOp;
import dev.basalt.api.backend.ScalarOp;
import dev.basalt.api.backend.UnaryOp;

/** Kernel calls without autograd: allocate the result, run the backend primitive. */
final class Raw {

    private Raw() {
    }

    static Tensor empty(Backend backend, DType dtype, Shape shape) {
        if (shape.numel() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of shape " + shape + " has more than 2^31-1 elements");
        }
        Storage storage = backend.allocate(dtype, shape.numel());
        TensorScope.track(storage);
        return new Tensor(backend, storage, shape, shape.contiguousStrides(), 0);
    }

    /** An F32 tensor holding {@code data} on a given backend. */
    static Tensor fromFloats(Backend backend, float[] data, Shape shape) {
        Storage storage = backend.fromFloats(data, DType.F32);
        TensorScope.track(storage);
        return new Tensor(backend, storage, shape, shape.contiguousStrides(), 0);
    }

    /** An I32 tensor holding {@code data} on a given backend. */
    static Tensor fromInts(Backend backend, int[] data, Shape shape) {
        Storage storage = backend.fromInts(data);
        TensorScope.track(storage);
        return new Tensor(backend, storage, shape, shape.contiguousStrides(), 0);
    }

    static DType floatResult(Tensor x) {
        requireFloating(x);
        return x.dtype();
    }

    static DType floatResult(Tensor a, Tensor b) {
        return floatResult(floatResult(a), b);
    }

    /** The type of a result of type {@code t} combined with {@code b}: t when b has it too, else F32. */
    static DType floatResult(DType t, Tensor b) {
        requireFloating(b);
        return t == b.dtype() ? t : DType.F32;
    }

    static void requireFloating(Tensor x) {
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException("this operation needs a floating tensor, got " + x.dtype()
                    + "; convert with to(DType.F32)");
        }
    }

    static Tensor unary(UnaryOp op, Tensor x) {
        Tensor out = empty(x.backend(), floatResult(x), x.shape());
        x.backend().unary(op, x, out);
        return out;
    }

    static Tensor scalar(ScalarOp op, Tensor x, double s) {
        Tensor out = empty(x.backend(), floatResult(x), x.shape());
        x.backend().scalar(op, x, s, out);
        return out;
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Shape shape = Shape.broadcast(a.shape(), b.shape());
        Tensor out = empty(a.backend(), floatResult(a, b), shape);
        a.backend().binary(op, a.broadcastView(shape), b.broadcastView(shape), out);
        return out;
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Shape shape = Shape.broadcast(cond.shape(), Shape.broadcast(a.shape(), b.shape()));
        Tensor out = empty(a.backend(), floatResult(a, b), shape);
        a.backend().where(cond.broadcastView(shape), a.broadcastView(shape), b.broadcastView(shape), out);
        return out;
    }

    static Tensor reduce(ReduceOp op, Tensor x, int dim) {
        int axis = x.shape().axis(dim);
        Tensor out = empty(x.backend(), floatResult(x), x.shape().with(axis, 1));
        x.backend().reduce(op, x, axis, out);
        return out;
    }

    static Tensor copy(Tensor x, DType dtype) {
        Tensor out = empty(x.backend(), dtype, x.shape());
        x.backend().copy(x, out);
        return out;
    }

    static Tensor contiguous(Tensor x) {
        return x.isContiguous() ? x : copy(x, x.dtype());
    }

    /** A contiguous F32 version of x (x itself when it already is one). */
    static Tensor contiguousF32(Tensor x) {
        return x.isContiguous() && x.dtype() == DType.F32 ? x : copy(x, DType.F32);
    }

    /** Casts an F32 kernel result back to the storage type of the op's input. */
    static Tensor castBack(Tensor result, DType dtype) {
        return result.dtype() == dtype ? result : copy(result, dtype);
    }
}
