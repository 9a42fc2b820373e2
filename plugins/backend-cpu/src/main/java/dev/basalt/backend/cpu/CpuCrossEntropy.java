package dev.basalt.backend.cpu;

import dev.basalt.api.backend.CrossEntropyKernel;
import dev.basalt.api.tensor.Shape;
import dev.basalt.api.tensor.Tensor;

/**
 * Softmax cross-entropy per row with ignore index and label smoothing; never materialises probabilities. Logits
 * enter only as {@code x - max}, so large logits (|x| = 1e4) keep full precision; backward therefore recomputes
 * the row maximum and sum rather than subtracting the rounded log-sum-exp.
 */
final class CpuCrossEntropy implements CrossEntropyKernel {

    private final CpuBackend backend;
    private final Parallel parallel;

    CpuCrossEntropy(CpuBackend backend, Parallel parallel) {
        this.backend = backend;
        this.parallel = parallel;
    }

    @Override
    public Tensor[] forward(Tensor logits, Tensor targets, int ignoreIndex, float smoothing) {
        int rows = logits.dim(0);
        int c = logits.dim(1);
        float[] x = Vec.data(logits);
        int xo = logits.offset();
        int[] t = Layout.denseInts(targets);
        Tensor loss = Vec.alloc(backend, Shape.of(rows));
        Tensor lse = Vec.alloc(backend, Shape.of(rows));
        float[] lv = Vec.data(loss);
        float[] sv = Vec.data(lse);
        parallel.range(rows, 4L * c, (r0, r1) -> {
            float[] scratch = new float[c];
            for (int r = r0; r < r1; r++) {
                int base = xo + r * c;
                float max = Vec.max(x, base, c);
                float logSum = (float) Math.log(Vec.expShifted(x, base, max, scratch, 0, c));
                sv[r] = max + logSum;
                if (t[r] == ignoreIndex) {
                    continue;
                }
                float nll = logSum - (x[base + t[r]] - max);
                lv[r] = smoothing == 0 ? nll
                        : (1 - smoothing) * nll + smoothing * (logSum - (Vec.sum(x, base, c) / c - max));
            }
        });
        return new Tensor[] {loss, lse};
    }

    @Override
    public Tensor backward(Tensor logits, Tensor targets, Tensor lse, Tensor dloss, int ignoreIndex, float smoothing) {
        int rows = logits.dim(0);
        int c = logits.dim(1);
        float[] x = Vec.data(logits);
        int xo = logits.offset();
        int[] t = Layout.denseInts(targets);
        float[] dl = Vec.data(dloss);
        int dlo = dloss.offset();
        Tensor dx = Vec.alloc(backend, logits.shape());
        float[] o = Vec.data(dx);
        float uniform = smoothing / c;
        parallel.range(rows, 4L * c, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                if (t[r] == ignoreIndex) {
                    continue;
                }
                float g = dl[dlo + r];
                float max = Vec.max(x, xo + r * c, c);
                float inv = 1 / Vec.expShifted(x, xo + r * c, max, o, r * c, c);
                for (int i = 0; i < c; i++) {
                    o[r * c + i] = g * (o[r * c + i] * inv - uniform);
                }
                o[r * c + t[r]] -= g * (1 - smoothing);
            }
        });
        return dx;
    }
}
