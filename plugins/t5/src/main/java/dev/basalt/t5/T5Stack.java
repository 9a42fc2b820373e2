package dev.basalt.t5;

import dev.basalt.api.model.EncoderDecoderCache;
import dev.basalt.api.model.EncoderDecoderCache.EncoderSide;
import dev.basalt.api.nn.Module;
import dev.basalt.api.nn.ModuleList;
import dev.basalt.api.nn.RmsNorm;
import dev.basalt.api.tensor.AttentionMask;
import dev.basalt.api.tensor.Tensor;

/**
 * The encoder or the decoder ({@code encoder.*}, {@code decoder.*}): blocks and a final RMS norm. Token embeddings
 * come from the model's shared table. The first block's relative position bias is computed once per call and added
 * in every block's self-attention: bidirectional buckets in the encoder, causal ones in the decoder.
 */
final class T5Stack extends Module {

    private final T5Config config;
    private final boolean decoder;
    private final ModuleList<T5Block> block;
    private final RmsNorm finalLayerNorm;

    T5Stack(T5Config config, boolean decoder, long seed) {
        this.config = config;
        this.decoder = decoder;
        block = child("block", new ModuleList<>());
        int layers = decoder ? config.decoderLayers() : config.layers();
        for (int i = 0; i < layers; i++) {
            block.add(new T5Block(config, decoder, i == 0, seed + 100L * (i + 1)));
        }
        finalLayerNorm = child("final_layer_norm", new RmsNorm(config.width(), (float) config.normEps()));
    }

    /**
     * Runs the stack over embedded tokens {@code x [B, T, D]}.
     *
     * @param keyValid encoder: {@code [B, T]} 1 for real tokens (null: none padded); unused by the decoder
     * @param encoder  decoder: what cross-attention reads
     * @param cache    decoder while generating: keys and values so far (the new tokens follow them), or null
     * @param dropout  this call's dropout seed, negative for none
     */
    Tensor forward(Tensor x, Tensor keyValid, EncoderSide encoder, EncoderDecoderCache cache, long dropout) {
        int queries = x.dim(1);
        int past = cache == null ? 0 : cache.length();
        Tensor bias = block.get(0).positionBias(past, queries, past + queries, !decoder, config.maxDistance());
        AttentionMask mask = decoder ? AttentionMask.causalMask() : AttentionMask.none();
        if (keyValid != null) {
            mask = mask.withKeyPadding(keyValid);
        }
        mask = mask.withBias(bias);
        x = Dropouts.apply(x, config.dropout(), dropout, 0);
        for (int i = 0; i < block.size(); i++) {
            x = block.get(i).forward(x, mask, encoder, cache == null ? null : cache.layer(i),
                    Dropouts.child(dropout, i + 1));
        }
        return Dropouts.apply(finalLayerNorm.forward(x), config.dropout(), dropout, 1);
    }
}
