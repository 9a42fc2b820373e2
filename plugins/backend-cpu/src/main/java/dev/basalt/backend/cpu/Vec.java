package dev.basalt.backend.cpu;

import dev.basalt.api.tensor.DType;
import dev.basalt.api.tensor.Shape;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.backend.cpu.kernels.VectorMath;
import jdk.incubator.vector.FloatVector;

import static dev.basalt.backend.cpu.ElementwiseKernels.S;

/** Small Vector API loops shared by the fused kernels, and access to their contiguous F32 operands. */
final class Vec {

    private Vec() {
    }

    /** The float array behind a contiguous F32 tensor (index with {@link Tensor#offset()}). */
    static float[] data(Tensor t) {
        if (t.dtype() != DType.F32 || !t.isContiguous()) {
            throw new IllegalArgumentException("fused cpu kernels take contiguous F32 tensors, got " + t.dtype()
                    + " " + t.shape() + (t.isContiguous() ? "" : " (strided)"));
        }
        return Layout.storage(t).floats();
    }

    /** A new zero-filled contiguous F32 tensor. */
    static Tensor alloc(CpuBackend backend, Shape shape) {
        return Tensor.empty(backend, DType.F32, shape);
    }

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (; i < bound; i += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        float sum = VectorMath.sumLanes(acc, new float[S.length()]);
        for (; i < n; i++) {
            sum = Math.fma(a[ao + i], b[bo + i], sum);
        }
        return sum;
    }

    /** {@code y[yo..] += alpha · x[xo..]}. */
    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector av = FloatVector.broadcast(S, alpha);
        for (; i < bound; i += S.length()) {
            av.fma(FloatVector.fromArray(S, x, xo + i), FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = Math.fma(alpha, x[xo + i], y[yo + i]);
        }
    }

    static float sum(float[] a, int ao, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (; i < bound; i += S.length()) {
            acc = acc.add(FloatVector.fromArray(S, a, ao + i));
        }
        float s = VectorMath.sumLanes(acc, new float[S.length()]);
        for (; i < n; i++) {
            s += a[ao + i];
        }
        return s;
    }

    static float max(float[] a, int ao, int n) {
        return ReduceKernels.reduceRow(dev.basalt.api.backend.ReduceOp.MAX, a, ao, n);
    }

    /** {@code out[oo+i] = exp(in[io+i] - shift)}; returns the sum of the results. */
    static float expShifted(float[] in, int io, float shift, float[] out, int oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (; i < bound; i += S.length()) {
            FloatVector e = FloatVector.fromArray(S, in, io + i).sub(shift);
            e = VectorMath.exp(e);
            e.intoArray(out, oo + i);
            acc = acc.add(e);
        }
        float s = VectorMath.sumLanes(acc, new float[S.length()]);
        for (; i < n; i++) {
            float e = (float) Math.exp(in[io + i] - shift);
            out[oo + i] = e;
            s += e;
        }
        return s;
    }

    /** {@code a[ao+i] *= s}. */
    static void scale(float[] a, int ao, float s, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, ao + i).mul(s).intoArray(a, ao + i);
        }
        for (; i < n; i++) {
            a[ao + i] *= s;
        }
    }
}
