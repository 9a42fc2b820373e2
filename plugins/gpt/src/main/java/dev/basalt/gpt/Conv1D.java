package dev.basalt.gpt;

import dev.basalt.api.nn.Module;
import dev.basalt.api.tensor.Tensor;

/**
 * GPT-2's "Conv1D": a linear layer whose weight is stored {@code [in, out]}, so {@code y = x · W + b}. Keeping
 * HF's layout makes GPT-2 checkpoints load without transposing.
 */
final class Conv1D extends Module {

    private final Tensor weight;
    private final Tensor bias;

    Conv1D(int in, int out, double std, long seed) {
        weight = parameter("weight", Tensor.randn(seed, in, out).mul((float) std).detach());
        bias = parameter("bias", Tensor.zeros(out));
    }

    Tensor forward(Tensor x) {
        return Tensor.matmul(x, weight, false, false).add(bias);
    }
}
