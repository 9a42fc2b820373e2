package dev.basalt.backend.cpu;

import dev.basalt.api.backend.RmsNormKernel;
import dev.basalt.api.tensor.Shape;
import dev.basalt.api.tensor.Tensor;

/** RMS normalisation: {@code y = x·rstd·w}, {@code rstd = 1/sqrt(mean(x²)+eps)}. */
final class CpuRmsNorm implements RmsNormKernel {

    private final CpuBackend backend;
    private final Parallel parallel;

    CpuRmsNorm(CpuBackend backend, Parallel parallel) {
        this.backend = backend;
        this.parallel = parallel;
    }

    @Override
    public Tensor[] forward(Tensor x, Tensor weight, float eps) {
        int n = x.dim(-1);
        int rows = (int) (x.numel() / Math.max(1, n));
        float[] in = Vec.data(x);
        int xo = x.offset();
        float[] w = weight == null ? null : Vec.data(weight);
        int wo = weight == null ? 0 : weight.offset();
        Tensor y = Vec.alloc(backend, x.shape());
        Tensor rstd = Vec.alloc(backend, Shape.of(rows));
        float[] o = Vec.data(y);
        float[] rv = Vec.data(rstd);
        parallel.range(rows, 4L * n, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int base = xo + r * n;
                float rs = (float) (1 / Math.sqrt(Vec.dot(in, base, in, base, n) / n + eps));
                rv[r] = rs;
                for (int i = 0; i < n; i++) {
                    o[r * n + i] = in[base + i] * rs * (w == null ? 1f : w[wo + i]);
                }
            }
        });
        return new Tensor[] {y, rstd};
    }

    @Override
    public Tensor[] backward(Tensor dy, Tensor x, Tensor weight, Tensor rstd) {
        int n = x.dim(-1);
        int rows = (int) (x.numel() / Math.max(1, n));
        float[] in = Vec.data(x);
        float[] g = Vec.data(dy);
        float[] rv = Vec.data(rstd);
        int xo = x.offset();
        int go = dy.offset();
        float[] w = weight == null ? null : Vec.data(weight);
        int wo = weight == null ? 0 : weight.offset();
        Tensor dx = Vec.alloc(backend, x.shape());
        float[] dxv = Vec.data(dx);
        parallel.range(rows, 6L * n, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int base = xo + r * n;
                float rs = rv[r];
                float sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += g[go + r * n + i] * (w == null ? 1f : w[wo + i]) * in[base + i];
                }
                float c = rs * rs * sum / n;
                for (int i = 0; i < n; i++) {
                    float wg = g[go + r * n + i] * (w == null ? 1f : w[wo + i]);
                    dxv[r * n + i] = rs * (wg - in[base + i] * c);
                }
            }
        });
        Tensor dw = null;
        if (weight != null) {
            dw = Vec.alloc(backend, Shape.of(n));
            float[] dwv = Vec.data(dw);
            parallel.range(n, 2L * rows, (c0, c1) -> {
                for (int r = 0; r < rows; r++) {
                    float rs = rv[r];
                    for (int c = c0; c < c1; c++) {
                        dwv[c] += g[go + r * n + c] * in[xo + r * n + c] * rs;
                    }
                }
            });
        }
        return new Tensor[] {dx, dw};
    }
}
