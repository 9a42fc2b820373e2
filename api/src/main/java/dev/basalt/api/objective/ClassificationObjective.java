package dev.basalt.api.objective;

import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;

import java.util.Set;

/**
 * A fine-tuning objective for sequence classification: an encoder reads each labelled text, this objective turns
 * its last hidden states into one feature vector per text, a linear head maps the feature to one logit per label,
 * and {@link #loss} compares the logits with the labels. The run reads the texts from {@code data.labelled}.
 */
public non-sealed interface ClassificationObjective extends Objective {

    /** Encoders only: the head reads hidden states of every position, which only an encoder gives for a text. */
    @Override
    default Set<ModelFamily> families() {
        return Set.of(ModelFamily.ENCODER);
    }

    /**
     * One feature vector {@code [rows, hidden]} per text.
     *
     * @param hidden   the encoder's last hidden states {@code [rows, T, hidden]}
     * @param keyValid {@code [rows, T]}, 1 for real tokens and 0 for padding
     */
    Tensor features(Tensor hidden, Tensor keyValid);

    /** Probability of zeroing a feature before the head while training (0 for none). */
    double dropout();

    /** The mean loss of {@code logits [rows, labels]} against the label indices {@code labels [rows]} (I32). */
    default Tensor loss(Tensor logits, Tensor labels) {
        return Functional.crossEntropy(logits, labels);
    }
}
