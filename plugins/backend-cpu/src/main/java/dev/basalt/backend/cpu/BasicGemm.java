package dev.basalt.backend.cpu;

import jdk.incubator.vector.FloatVector;

import static dev.basalt.backend.cpu.ElementwiseKernels.S;

/**
 * A simple, correct GEMM: op(B) is packed row-major once, then each row of C is a sequence of vector AXPYs
 * over B's rows, rows split across threads. Used until the packed, cache-blocked kernel is wired in.
 */
final class BasicGemm implements Gemm {

    private final Parallel parallel;

    BasicGemm(Parallel parallel) {
        this.parallel = parallel;
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, int threads) {
        float[] bp;
        int bpOff;
        int ldbp;
        if (transB) {
            bp = new float[k * n];
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    bp[p * n + j] = b[bOff + j * ldb + p];
                }
            }
            bpOff = 0;
            ldbp = n;
        } else {
            bp = b;
            bpOff = bOff;
            ldbp = ldb;
        }
        Parallel.Body rowsBody = (i0, i1) -> {
            float[] acc = new float[n];
            for (int i = i0; i < i1; i++) {
                java.util.Arrays.fill(acc, 0f);
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    if (av == 0f) {
                        continue;
                    }
                    axpy(av, bp, bpOff + p * ldbp, acc, n);
                }
                int row = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    c[row + j] = alpha * acc[j] + (beta == 0f ? 0f : beta * c[row + j]);
                }
            }
        };
        if (threads > 1) {
            parallel.range(m, (long) n * k, rowsBody);
        } else {
            rowsBody.run(0, m);
        }
    }

    private static void axpy(float alpha, float[] x, int xo, float[] y, int n) {
        int j = 0;
        int bound = S.loopBound(n);
        FloatVector av = FloatVector.broadcast(S, alpha);
        for (; j < bound; j += S.length()) {
            FloatVector yv = FloatVector.fromArray(S, y, j);
            av.fma(FloatVector.fromArray(S, x, xo + j), yv).intoArray(y, j);
        }
        for (; j < n; j++) {
            y[j] = Math.fma(alpha, x[xo + j], y[j]);
        }
    }
}
