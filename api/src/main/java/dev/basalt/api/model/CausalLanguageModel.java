package dev.basalt.api.model;

import dev.basalt.api.tensor.Tensor;

/** A decoder that can generate: it runs new tokens after a cached prefix of keys and values. */
public interface CausalLanguageModel extends LanguageModel {

    /** The longest sequence (prompt plus generated tokens) the model handles. */
    int contextLength();

    /** An empty key/value cache for {@code rows} sequences. */
    DecoderCache newCache(int rows);

    /**
     * Logits {@code [rows, T, vocab]} for {@code ids [rows, T]} that follow what {@code cache} holds, and appends
     * their keys and values to it.
     *
     * @param positions {@code [rows, T]} absolute positions of the new tokens (a left-padded row starts at 0 at
     *                  its first real token)
     * @param keyValid  {@code [rows, cache.length() + T]}, 1 for real tokens and 0 for padding; null when no row
     *                  is padded
     */
    Tensor decode(Tensor ids, Tensor positions, Tensor keyValid, DecoderCache cache);

    /** The keys and values of the tokens decoded so far. */
    interface DecoderCache {
        /** Tokens held per row. */
        int length();
    }
}
