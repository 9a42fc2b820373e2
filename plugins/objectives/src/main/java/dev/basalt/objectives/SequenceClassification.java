package dev.basalt.objectives;

import com.typesafe.config.Config;
import dev.basalt.api.objective.ClassificationObjective;
import dev.basalt.api.tensor.Tensor;

import java.util.Set;

/**
 * Sequence classification: the feature of a text is its first token's last hidden state ({@code [CLS]} or
 * {@code <s>}, as Hugging Face's classification heads read it) or the mean of the hidden states of its real tokens (as
 * sentence-transformers pools); the loss is cross-entropy.
 */
final class SequenceClassification implements ClassificationObjective {

    private static final String FIRST_TOKEN = "first-token";
    private static final String MEAN = "mean";

    private final boolean mean;
    private final double dropout;

    private SequenceClassification(boolean mean, double dropout) {
        this.mean = mean;
        this.dropout = dropout;
    }

    static SequenceClassification fromConfig(Config block) {
        Settings settings = new Settings(block);
        return new SequenceClassification(settings.oneOf("pooling", Set.of(FIRST_TOKEN, MEAN)).equals(MEAN),
                settings.number("dropout", 0, true, 1, false));
    }

    @Override
    public Tensor features(Tensor hidden, Tensor keyValid) {
        if (!mean) {
            return hidden.narrow(1, 0, 1).squeeze(1);
        }
        Tensor weights = keyValid.unsqueeze(2);
        return hidden.mul(weights).sum(1, false).div(keyValid.sum(1, true));
    }

    @Override
    public double dropout() {
        return dropout;
    }
}
