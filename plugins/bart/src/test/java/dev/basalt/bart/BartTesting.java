package dev.basalt.bart;

import dev.basalt.api.nn.Module;
import dev.basalt.api.tensor.Backends;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.backend.cpu.CpuBackend;

import java.util.SplittableRandom;

/** Shared helpers: the cpu backend, a tiny config and weights that carry signal everywhere. */
final class BartTesting {

    private BartTesting() {
    }

    static void useCpu() {
        Backends.setDefault(CpuBackend.create(2));
    }

    /**
     * 2 encoder and 3 decoder layers with 2 and 4 heads, ffn widths 36 and 28, 12 positions; {@code scale} turns on
     * {@code scale_embedding}.
     */
    static BartConfig tiny(int vocab, BartConfig.Activation activation, boolean scale, boolean tied) {
        return new BartConfig(2, 3, 2, 4, 16, 36, 28, 12, activation, scale, tied, vocab, 0.0, 0.02, 0, 1, 2, 2);
    }

    /**
     * Replaces every parameter by random values (norm weights around 1, biases and the rest around 0 with std 0.3),
     * so biases, norms and {@code final_logits_bias} are not at their trivial initial values.
     */
    static void randomize(Module model, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (NoGrad ignored = NoGrad.enter()) {
            model.namedParameters().forEach((name, p) -> {
                float[] values = new float[Math.toIntExact(p.numel())];
                boolean normWeight = name.contains("norm") && name.endsWith("weight");
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) ((normWeight ? 1 : 0) + 0.3 * random.nextGaussian());
                }
                p.copyFrom(Tensor.of(values, p.shape().toArray()));
            });
        }
    }
}
