package dev.basalt.api.objective;

import dev.basalt.api.Rng;
import dev.basalt.api.data.TokenSequence;
import dev.basalt.api.model.LanguageModel;
import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;

import java.util.Set;

/**
 * A training objective, chosen by {@code objective.type}: how windows of a packed token stream become model
 * inputs and targets, and the loss. The same prepared corpus serves every objective.
 */
public interface Objective {

    /** The model families this objective can train; a run that pairs it with another family is refused. */
    Set<ModelFamily> families();

    /**
     * Draws one batch of {@code rows} windows of {@code length} tokens. All randomness comes from {@code rng}, so a
     * resumed run draws the same batches.
     */
    TokenBatch sample(TokenSequence tokens, int rows, int length, Rng rng);

    /** The mean loss of the model on a batch; by default cross-entropy of the logits against the targets. */
    default Tensor loss(LanguageModel model, TokenBatch batch) {
        Tensor logits = model.logits(batch);
        Tensor targets = Tensor.ofInts(batch.targets(), batch.rows() * batch.length());
        return Functional.crossEntropy(logits.reshape(batch.rows() * batch.length(), model.vocabSize()), targets,
                TokenBatch.IGNORE, 0f);
    }
}
