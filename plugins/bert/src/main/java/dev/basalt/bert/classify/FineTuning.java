package dev.basalt.bert.classify;

import dev.basalt.api.BasaltException;

/**
 * How a classifier is fine-tuned: AdamW (betas 0.9/0.999, eps 1e-8, as Hugging Face's {@code Trainer}) with a
 * learning rate that falls linearly to 0 over the steps.
 *
 * @param steps       optimizer steps
 * @param batch       texts per step
 * @param lr          peak learning rate
 * @param weightDecay AdamW weight decay of matrices
 * @param maxTokens   texts are cut to this many tokens, special tokens included
 * @param dropout     dropout of the pooled feature before the head
 * @param seed        seeds the head, the batch order and the dropout masks
 */
public record FineTuning(int steps, int batch, double lr, double weightDecay, int maxTokens, double dropout, long seed) {

    public FineTuning {
        if (steps < 1 || batch < 1 || maxTokens < 2 || !(lr > 0) || weightDecay < 0 || dropout < 0 || dropout >= 1) {
            throw new BasaltException("fine-tuning needs steps >= 1, batch >= 1, max-tokens >= 2, lr > 0, weight-decay"
                    + " >= 0 and 0 <= dropout < 1; got steps " + steps + ", batch " + batch + ", max-tokens "
                    + maxTokens + ", lr " + lr + ", weight-decay " + weightDecay + ", dropout " + dropout);
        }
    }
}
