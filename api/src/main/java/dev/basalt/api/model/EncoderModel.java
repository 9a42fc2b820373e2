package dev.basalt.api.model;

import dev.basalt.api.tensor.Tensor;

/**
 * A bidirectional encoder (BERT family): besides the masked-language-model logits of {@link #logits}, it exposes its
 * last hidden states, which {@code basalt embed} pools into sentence vectors.
 */
public interface EncoderModel extends LanguageModel {

    /** The width of each hidden state. */
    int hiddenSize();

    /** The longest sequence the position table covers. */
    int maxLength();

    /**
     * The last hidden states {@code [rows, T, hiddenSize]} of {@code ids [rows, T]}.
     *
     * @param ids      token ids (I32)
     * @param typeIds  segment ids {@code [rows, T]} (0 for the first text, 1 for the second), or null for all 0
     * @param keyValid {@code [rows, T]}, 1 for real tokens and 0 for padding, or null when no row is padded;
     *                 padded positions are hidden from every query, and their own outputs are meaningless
     */
    Tensor encode(Tensor ids, Tensor typeIds, Tensor keyValid);
}
