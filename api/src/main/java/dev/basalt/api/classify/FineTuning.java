package dev.basalt.api.classify;

import dev.basalt.api.BasaltException;

import java.util.function.IntToDoubleFunction;

/**
 * How a classifier is fine-tuned: AdamW over every parameter, one batch of texts per step.
 *
 * @param steps        optimizer steps
 * @param batch        texts per step
 * @param learningRate the learning rate of each step (0-based), for instance warmup then linear decay
 * @param weightDecay  AdamW weight decay of matrices
 * @param beta1        AdamW's first-moment decay
 * @param beta2        AdamW's second-moment decay
 * @param eps          AdamW's epsilon
 * @param clip         the most the global gradient norm may be (0: no clipping)
 * @param maxTokens    texts are cut to this many tokens, special tokens included
 * @param seed         seeds the head, the batch order and the dropout masks
 */
public record FineTuning(int steps, int batch, IntToDoubleFunction learningRate, double weightDecay, double beta1,
                         double beta2, double eps, double clip, int maxTokens, long seed) {

    public FineTuning {
        if (steps < 1 || batch < 1 || maxTokens < 2 || weightDecay < 0 || clip < 0) {
            throw new BasaltException("fine-tuning needs steps >= 1, batch >= 1, max-tokens >= 2, weight-decay >= 0 and"
                    + " clip >= 0; got steps " + steps + ", batch " + batch + ", max-tokens " + maxTokens
                    + ", weight-decay " + weightDecay + ", clip " + clip);
        }
    }

    /**
     * AdamW with Hugging Face {@code Trainer}'s defaults (betas 0.9/0.999, eps 1e-8, gradient norm clipped at 1)
     * and a learning rate that falls linearly from {@code lr} to 0 over the steps.
     */
    public static FineTuning linearDecay(int steps, int batch, double lr, double weightDecay, int maxTokens, long seed) {
        return new FineTuning(steps, batch, step -> lr * (steps - step) / steps, weightDecay, 0.9, 0.999, 1e-8,
                1.0, maxTokens, seed);
    }
}
