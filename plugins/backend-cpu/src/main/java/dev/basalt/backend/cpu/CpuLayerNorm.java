package dev.basalt.backend.cpu;

import dev.basalt.api.backend.LayerNormKernel;
import dev.basalt.api.tensor.Shape;
import dev.basalt.api.tensor.Tensor;

/** Layer normalisation: two-pass statistics per row; parameter gradients summed per column block. */
final class CpuLayerNorm implements LayerNormKernel {

    private final CpuBackend backend;
    private final Parallel parallel;

    CpuLayerNorm(CpuBackend backend, Parallel parallel) {
        this.backend = backend;
        this.parallel = parallel;
    }

    @Override
    public Tensor[] forward(Tensor x, Tensor weight, Tensor bias, float eps) {
        int n = x.dim(-1);
        int rows = (int) (x.numel() / Math.max(1, n));
        float[] in = Vec.data(x);
        int xo = x.offset();
        float[] w = weight == null ? null : Vec.data(weight);
        float[] b = bias == null ? null : Vec.data(bias);
        int wo = weight == null ? 0 : weight.offset();
        int bo = bias == null ? 0 : bias.offset();
        Tensor y = Vec.alloc(backend, x.shape());
        Tensor mean = Vec.alloc(backend, Shape.of(rows));
        Tensor rstd = Vec.alloc(backend, Shape.of(rows));
        float[] o = Vec.data(y);
        float[] mv = Vec.data(mean);
        float[] rv = Vec.data(rstd);
        parallel.range(rows, 6L * n, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int base = xo + r * n;
                float mu = Vec.sum(in, base, n) / n;
                float rs = (float) (1 / Math.sqrt(Vec.squaredDeviations(in, base, n, mu) / n + eps));
                mv[r] = mu;
                rv[r] = rs;
                Vec.normalize(in, base, n, mu, rs, w, wo, b, bo, o, r * n);
            }
        });
        return new Tensor[] {y, mean, rstd};
    }

    @Override
    public Tensor[] backward(Tensor dy, Tensor x, Tensor weight, Tensor bias, Tensor mean, Tensor rstd) {
        int n = x.dim(-1);
        int rows = (int) (x.numel() / Math.max(1, n));
        float[] in = Vec.data(x);
        float[] g = Vec.data(dy);
        float[] mv = Vec.data(mean);
        float[] rv = Vec.data(rstd);
        int xo = x.offset();
        int go = dy.offset();
        float[] w = weight == null ? null : Vec.data(weight);
        int wo = weight == null ? 0 : weight.offset();
        Tensor dx = Vec.alloc(backend, x.shape());
        float[] dxv = Vec.data(dx);
        parallel.range(rows, 8L * n, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int base = xo + r * n;
                float mu = mv[r];
                float rs = rv[r];
                float sumG = 0;
                float sumGX = 0;
                for (int i = 0; i < n; i++) {
                    float wg = g[go + r * n + i] * (w == null ? 1f : w[wo + i]);
                    float xhat = (in[base + i] - mu) * rs;
                    sumG += wg;
                    sumGX += wg * xhat;
                }
                float c1 = sumG / n;
                float c2 = sumGX / n;
                for (int i = 0; i < n; i++) {
                    float wg = g[go + r * n + i] * (w == null ? 1f : w[wo + i]);
                    float xhat = (in[base + i] - mu) * rs;
                    dxv[r * n + i] = rs * (wg - c1 - xhat * c2);
                }
            }
        });
        Tensor dw = weight == null ? null : Vec.alloc(backend, Shape.of(n));
        Tensor db = bias == null ? null : Vec.alloc(backend, Shape.of(n));
        if (dw != null || db != null) {
            float[] dwv = dw == null ? null : Vec.data(dw);
            float[] dbv = db == null ? null : Vec.data(db);
            parallel.range(n, 3L * rows, (c0, c1) -> {
                for (int r = 0; r < rows; r++) {
                    float mu = mv[r];
                    float rs = rv[r];
                    for (int c = c0; c < c1; c++) {
                        float gv = g[go + r * n + c];
                        if (dwv != null) {
                            dwv[c] += gv * (in[xo + r * n + c] - mu) * rs;
                        }
                        if (dbv != null) {
                            dbv[c] += gv;
                        }
                    }
                }
            });
        }
        return new Tensor[] {dx, dw, db};
    }
}
