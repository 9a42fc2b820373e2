package dev.basalt.t5;

import dev.basalt.api.nn.Linear;
import dev.basalt.api.nn.Module;
import dev.basalt.api.tensor.Tensor;

/**
 * T5's feed-forward network under HF's name for both variants: {@code wo(relu(wi(x)))} (v1.0) or
 * {@code wo(gelu_tanh(wi_0(x)) · wi_1(x))} (v1.1), with dropout on the hidden activations while training.
 */
final class DenseReluDense extends Module {

    private final T5Config config;
    private final Linear wi;
    private final Linear wi0;
    private final Linear wi1;
    private final Linear wo;

    DenseReluDense(T5Config config, long seed) {
        this.config = config;
        double f = config.initFactor();
        float inStd = (float) (f / Math.sqrt(config.width()));
        if (config.feedForward() == T5Config.FeedForward.RELU) {
            wi = child("wi", new Linear(config.width(), config.ffnWidth(), false, inStd, seed));
            wi0 = null;
            wi1 = null;
        } else {
            wi = null;
            wi0 = child("wi_0", new Linear(config.width(), config.ffnWidth(), false, inStd, seed));
            wi1 = child("wi_1", new Linear(config.width(), config.ffnWidth(), false, inStd, seed + 1));
        }
        wo = child("wo", new Linear(config.ffnWidth(), config.width(), false, (float) (f / Math.sqrt(config.ffnWidth())),
                seed + 2));
    }

    Tensor forward(Tensor x, long dropoutSeed) {
        Tensor hidden = wi != null ? wi.forward(x).relu() : wi0.forward(x).geluTanh().mul(wi1.forward(x));
        return wo.forward(Dropouts.apply(hidden, config.dropout(), dropoutSeed, 0));
    }
}
