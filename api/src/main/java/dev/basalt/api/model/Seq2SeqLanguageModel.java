package dev.basalt.api.model;

import dev.basalt.api.tensor.Tensor;

/**
 * An encoder-decoder ({@link ModelFamily#ENCODER_DECODER}: T5, BART) trained with teacher forcing: the encoder
 * reads the batch's inputs, the decoder reads its decoder inputs causally and attends to the encoder's output.
 * The objectives that train it ({@code span-corruption}, {@code text-infilling}) produce
 * {@linkplain TokenBatch#isSeq2Seq() encoder-decoder batches}, so {@code TokenObjective.loss} stays the same
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

    /** The id the decoder reads first when generating (T5: the pad id; BART: end-of-sequence). */
    int decoderStartId();

    /** The id that ends a generated sequence. */
    int endOfSequenceId();

    /**
     * The id that begins every encoder input in training (BART's {@code <s>}), which generation puts before a
     * prompt; -1 (the default) when sources begin with no such token (T5).
     */
    default int beginOfSequenceId() {
        return -1;
    }

    /**
     * Runs the encoder once over {@code ids [rows, length]} and returns the state that decoding continues from.
     *
     * @param keyValid {@code [rows, length]}, 1 for real tokens and 0 for padding; null when no row is padded
     */
    DecoderState encode(Tensor ids, Tensor keyValid);

    /**
     * Logits {@code [rows, T, vocab]} for decoder ids {@code [rows, T]} that follow the tokens {@code state} holds;
     * appends them to it. The encoder is not run again.
     */
    Tensor decode(Tensor ids, DecoderState state);

    /**
     * The state with its rows rearranged: row {@code r} of the result continues row {@code rows[r]} of
     * {@code state} (beam search keeps the rows of the surviving beams). {@code state} stays usable.
     */
    DecoderState reorder(DecoderState state, int[] rows);

    /** What generation carries from step to step: the encoder's output and the decoder's cached keys and values. */
    interface DecoderState {
        /** Decoder tokens held per row. */
        int length();
    }
}
