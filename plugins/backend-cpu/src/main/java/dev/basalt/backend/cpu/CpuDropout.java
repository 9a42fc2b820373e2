package dev.basalt.backend.cpu;

import dev.basalt.api.backend.DropoutKernel;
import dev.basalt.api.tensor.CounterRandom;
import dev.basalt.api.tensor.Tensor;

/** Inverted dropout with the counter-based mask every backend shares. */
final class CpuDropout implements DropoutKernel {

    private final CpuBackend backend;
    private final Parallel parallel;

    CpuDropout(CpuBackend backend, Parallel parallel) {
        this.backend = backend;
        this.parallel = parallel;
    }

    @Override
    public Tensor apply(Tensor x, float p, long seed) {
        float[] in = Vec.data(x);
        int xo = x.offset();
        Tensor out = Vec.alloc(backend, x.shape());
        float[] o = Vec.data(out);
        float scale = 1 / (1 - p);
        int n = Math.toIntExact(x.numel());
        parallel.range(n, 8, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                o[i] = CounterRandom.uniform(seed, i) >= p ? in[xo + i] * scale : 0f;
            }
        });
        return out;
    }
}
