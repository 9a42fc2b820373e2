package dev.basalt.gpt;

import dev.basalt.api.tensor.Tensor;

/** One transformer block of either layout. */
interface Block {

    /**
     * @param x        {@code [B, T, D]}
     * @param layer    this block's index, for the cache and dropout seeds
     * @param cache    the key/value cache, or null when training
     * @param keyValid {@code [B, cached + T]} key padding, or null
     * @param dropout  seed of this call's dropout masks, or -1 for none
     */
    Tensor forward(Tensor x, Positions positions, int layer, KvCache cache, Tensor keyValid, long dropout);
}
