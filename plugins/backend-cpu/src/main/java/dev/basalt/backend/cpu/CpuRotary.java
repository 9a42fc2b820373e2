package dev.basalt.backend.cpu;

import dev.basalt.api.backend.RotaryKernel;
import dev.basalt.api.tensor.Tensor;

/** Rotary embedding over rows of {@code [..., T, D]}; row r is position {@code r mod T}. */
final class CpuRotary implements RotaryKernel {

    private final CpuBackend backend;
    private final Parallel parallel;

    CpuRotary(CpuBackend backend, Parallel parallel) {
        this.backend = backend;
        this.parallel = parallel;
    }

    @Override
    public Tensor apply(Tensor x, Tensor cos, Tensor sin, boolean interleaved, boolean inverse) {
        int d = x.dim(-1);
        int t = x.dim(-2);
        int half = d / 2;
        int rows = (int) (x.numel() / d);
        float[] in = Vec.data(x);
        float[] cv = Vec.data(cos);
        float[] sv = Vec.data(sin);
        int xo = x.offset();
        int co = cos.offset();
        int so = sin.offset();
        float sign = inverse ? -1f : 1f;
        Tensor out = Vec.alloc(backend, x.shape());
        float[] o = Vec.data(out);
        parallel.range(rows, 4L * d, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int pos = r % t;
                int base = r * d;
                for (int i = 0; i < half; i++) {
                    int i1 = interleaved ? 2 * i : i;
                    int i2 = interleaved ? 2 * i + 1 : i + half;
                    float c = cv[co + pos * half + i];
                    float s = sign * sv[so + pos * half + i];
                    float a = in[xo + base + i1];
                    float b = in[xo + base + i2];
                    o[base + i1] = a * c - b * s;
                    o[base + i2] = b * c + a * s;
                }
            }
        });
        return out;
    }
}
