package dev.basalt.api.model;

import dev.basalt.api.tensor.Tensor;

/**
 * An encoder-decoder ({@link ModelFamily#ENCODER_DECODER}: T5, BART) trained with teacher forcing: the encoder
 * reads the batch's inputs, the decoder reads its decoder inputs causally and attends to the encoder's output.
 * The objectives that train it ({@code span-corruption}, {@code text-infilling}) produce
 * {@linkplain TokenBatch#isSeq2Seq() encoder-decoder batches}, so {@code Objective.loss} stays the same
 * cross-entropy of logits against targets as for decoders.
 */
public interface Seq2SeqLanguageModel extends LanguageModel {

    /**
     * Decoder logits {@code [rows, targetLength, vocab]}: the encoder reads {@code batch.inputs()} with
     * {@code batch.keyValid()} hiding padded keys (null: none), the decoder reads {@code batch.decoderInputs()}.
     *
     * @throws IllegalArgumentException when the batch has no decoder inputs
     */
    @Override
    Tensor logits(TokenBatch batch);
}
