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

    /**
     * {@code y[yo..yo+n) += Σ_j (w[j]·scale) · x[xo + j·stride ..]} over {@code j < rows}, rows of weight 0
     * skipped. Each element sums the same fused multiply-adds in the same j order as {@code rows} calls of
     * {@link #axpy} would, but a chunk of y stays in registers across the rows instead of being loaded and stored
     * once per row.
     */
    static void addWeightedRows(float[] w, float scale, int rows, float[] x, int xo, int stride, float[] y, int yo,
            int n) {
        int l = S.length();
        int i = 0;
        for (; i + 2 * l <= n; i += 2 * l) {
            FloatVector y0 = FloatVector.fromArray(S, y, yo + i);
            FloatVector y1 = FloatVector.fromArray(S, y, yo + i + l);
            for (int j = 0; j < rows; j++) {
                if (w[j] != 0f) {
                    FloatVector a = FloatVector.broadcast(S, w[j] * scale);
                    int at = xo + j * stride + i;
                    y0 = a.fma(FloatVector.fromArray(S, x, at), y0);
                    y1 = a.fma(FloatVector.fromArray(S, x, at + l), y1);
                }
            }
            y0.intoArray(y, yo + i);
            y1.intoArray(y, yo + i + l);
        }
        for (; i + l <= n; i += l) {
            FloatVector y0 = FloatVector.fromArray(S, y, yo + i);
            for (int j = 0; j < rows; j++) {
                if (w[j] != 0f) {
                    FloatVector a = FloatVector.broadcast(S, w[j] * scale);
                    y0 = a.fma(FloatVector.fromArray(S, x, xo + j * stride + i), y0);
                }
            }
            y0.intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            float sum = y[yo + i];
            for (int j = 0; j < rows; j++) {
                if (w[j] != 0f) {
                    sum = Math.fma(w[j] * scale, x[xo + j * stride + i], sum);
                }
            }
            y[yo + i] = sum;
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

    /** {@code Σ (a[i] - mean)²} over {@code a[ao..ao+n)}. */
    static float squaredDeviations(float[] a, int ao, int n, float mean) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector mu = FloatVector.broadcast(S, mean);
        FloatVector acc = FloatVector.zero(S);
        for (; i < bound; i += S.length()) {
            FloatVector d = FloatVector.fromArray(S, a, ao + i).sub(mu);
            acc = d.fma(d, acc);
        }
        float sum = VectorMath.sumLanes(acc, new float[S.length()]);
        for (; i < n; i++) {
            float d = a[ao + i] - mean;
            sum = Math.fma(d, d, sum);
        }
        return sum;
    }

    /**
     * {@code out[oo + i] = (x[xo + i] - mean) · rstd · w[wo + i] + b[bo + i]} for {@code i < n}; a null {@code w}
     * scales by 1 and a null {@code b} adds 0.
     */
    static void normalize(float[] x, int xo, int n, float mean, float rstd, float[] w, int wo, float[] b, int bo,
            float[] out, int oo) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector mu = FloatVector.broadcast(S, mean);
        FloatVector rs = FloatVector.broadcast(S, rstd);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i).sub(mu).mul(rs);
            if (w != null) {
                v = v.mul(FloatVector.fromArray(S, w, wo + i));
            }
            if (b != null) {
                v = v.add(FloatVector.fromArray(S, b, bo + i));
            }
            v.intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            float v = (x[xo + i] - mean) * rstd;
            if (w != null) {
                v *= w[wo + i];
            }
            if (b != null) {
                v += b[bo + i];
            }
            out[oo + i] = v;
        }
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
