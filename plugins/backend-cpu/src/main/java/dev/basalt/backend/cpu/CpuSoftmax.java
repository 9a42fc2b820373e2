package dev.basalt.backend.cpu;

import dev.basalt.api.backend.SoftmaxKernel;
import dev.basalt.api.tensor.Tensor;
import jdk.incubator.vector.FloatVector;

import java.util.Arrays;

import static dev.basalt.backend.cpu.ElementwiseKernels.S;

/** Row-wise softmax and log-softmax, max-shifted; an all -inf row gives zeros / -inf rather than NaN. */
final class CpuSoftmax implements SoftmaxKernel {

    private final CpuBackend backend;
    private final Parallel parallel;

    CpuSoftmax(CpuBackend backend, Parallel parallel) {
        this.backend = backend;
        this.parallel = parallel;
    }

    @Override
    public Tensor softmax(Tensor x) {
        int n = x.dim(-1);
        int rows = (int) (x.numel() / Math.max(1, n));
        float[] in = Vec.data(x);
        Tensor out = Vec.alloc(backend, x.shape());
        float[] o = Vec.data(out);
        int xo = x.offset();
        parallel.range(rows, 8L * n, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                float max = Vec.max(in, xo + r * n, n);
                if (max == Float.NEGATIVE_INFINITY) {
                    continue;    // fully masked row: zeros
                }
                float sum = Vec.expShifted(in, xo + r * n, max, o, r * n, n);
                Vec.scale(o, r * n, 1f / sum, n);
            }
        });
        return out;
    }

    @Override
    public Tensor softmaxBackward(Tensor y, Tensor dy) {
        int n = y.dim(-1);
        int rows = (int) (y.numel() / Math.max(1, n));
        float[] yv = Vec.data(y);
        float[] g = Vec.data(dy);
        Tensor out = Vec.alloc(backend, y.shape());
        float[] o = Vec.data(out);
        int yo = y.offset();
        int go = dy.offset();
        parallel.range(rows, 4L * n, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                float dot = Vec.dot(yv, yo + r * n, g, go + r * n, n);
                int i = 0;
                int bound = S.loopBound(n);
                for (; i < bound; i += S.length()) {
                    FloatVector yy = FloatVector.fromArray(S, yv, yo + r * n + i);
                    yy.mul(FloatVector.fromArray(S, g, go + r * n + i).sub(dot)).intoArray(o, r * n + i);
                }
                for (; i < n; i++) {
                    o[r * n + i] = yv[yo + r * n + i] * (g[go + r * n + i] - dot);
                }
            }
        });
        return out;
    }

    @Override
    public Tensor logSoftmax(Tensor x) {
        int n = x.dim(-1);
        int rows = (int) (x.numel() / Math.max(1, n));
        float[] in = Vec.data(x);
        Tensor out = Vec.alloc(backend, x.shape());
        float[] o = Vec.data(out);
        int xo = x.offset();
        parallel.range(rows, 8L * n, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                float max = Vec.max(in, xo + r * n, n);
                if (max == Float.NEGATIVE_INFINITY) {
                    Arrays.fill(o, r * n, r * n + n, Float.NEGATIVE_INFINITY);
                    continue;
                }
                // (x - max) - log(sum): x - lse would round lse at the magnitude of x (4e-4 at |x| = 1e4)
                float logSum = (float) Math.log(Vec.expShifted(in, xo + r * n, max, o, r * n, n));
                int i = 0;
                int bound = S.loopBound(n);
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, in, xo + r * n + i).sub(max).sub(logSum).intoArray(o, r * n + i);
                }
                for (; i < n; i++) {
                    o[r * n + i] = (in[xo + r * n + i] - max) - logSum;
                }
            }
        });
        return out;
    }

    @Override
    public Tensor logSoftmaxBackward(Tensor y, Tensor dy) {
        int n = y.dim(-1);
        int rows = (int) (y.numel() / Math.max(1, n));
        float[] yv = Vec.data(y);
        float[] g = Vec.data(dy);
        Tensor out = Vec.alloc(backend, y.shape());
        float[] o = Vec.data(out);
        int yo = y.offset();
        int go = dy.offset();
        parallel.range(rows, 8L * n, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                float s = Vec.sum(g, go + r * n, n);
                for (int i = 0; i < n; i++) {
                    o[r * n + i] = g[go + r * n + i] - (float) Math.exp(yv[yo + r * n + i]) * s;
                }
            }
        });
        return out;
    }
}
