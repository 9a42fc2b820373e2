package dev.basalt.api.objective;

import dev.basalt.api.Rng;
import dev.basalt.api.data.TokenSequence;
import dev.basalt.api.model.LanguageModel;
import dev.basalt.api.model.Seq2SeqLanguageModel;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;

/**
 * A pretraining objective: how windows of a packed token stream become model inputs and targets, and the loss. The
 * same prepared corpus serves every token objective.
 *
 * <p>The training loop calls {@link #forTokenizer} once the run's tokenizer is known, then samples from the
 * objective it returns. Objectives that need special tokens (mask, pad, sentinels) look them up there.
 */
public non-sealed interface TokenObjective extends Objective {

    /**
     * This objective bound to the run's tokenizer; by default itself, for objectives that need no special ids.
     *
     * @throws dev.basalt.api.BasaltException when the tokenizer lacks a token the objective needs, naming the
     *                                        token and {@link RunTokenizer#file()}
     */
    default TokenObjective forTokenizer(RunTokenizer tokenizer) {
        return this;
    }

    /**
     * The special ids this objective, bound by {@link #forTokenizer}, builds encoder-decoder batches with, which the
     * model must generate with too; null for objectives whose batches carry no such ids (the default).
     */
    default SequenceIds sequenceIds() {
        return null;
    }

    /**
     * Ids an encoder-decoder reads and writes around a sequence.
     *
     * @param beginOfSequence the id every source begins with, or -1 when sources begin with no such token
     * @param endOfSequence   the id every target ends with
     * @param decoderStart    the id the decoder's inputs begin with
     */
    record SequenceIds(int beginOfSequence, int endOfSequence, int decoderStart) {
    }

    /**
     * Draws one batch of {@code rows} rows from windows of the stream; {@code length} is {@code training.context},
     * the most tokens a row of inputs holds. All randomness comes from {@code rng}, so a resumed run draws the same
     * batches.
     */
    TokenBatch sample(TokenSequence tokens, int rows, int length, Rng rng);

    /**
     * The mean loss of the model on a batch; by default cross-entropy of the logits
     * {@code [rows, targetLength, vocab]} against the targets. An encoder-decoder batch needs a
     * {@link Seq2SeqLanguageModel}.
     */
    default Tensor loss(LanguageModel model, TokenBatch batch) {
        if (batch.isSeq2Seq() && !(model instanceof Seq2SeqLanguageModel)) {
            throw new IllegalArgumentException("an encoder-decoder batch needs a Seq2SeqLanguageModel, got "
                    + model.getClass().getName());
        }
        int positions = batch.rows() * batch.targetLength();
        Tensor logits = model.logits(batch);
        Tensor targets = Tensor.ofInts(batch.targets(), positions);
        return Functional.crossEntropy(logits.reshape(positions, model.vocabSize()), targets, TokenBatch.IGNORE, 0f);
    }
}
