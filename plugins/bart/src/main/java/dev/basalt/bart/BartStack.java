package dev.basalt.bart;

import dev.basalt.api.model.EncoderDecoderCache;
import dev.basalt.api.model.EncoderDecoderCache.EncoderSide;
import dev.basalt.api.BasaltException;
import dev.basalt.api.nn.Dropout;
import dev.basalt.api.nn.Embedding;
import dev.basalt.api.nn.LayerNorm;
import dev.basalt.api.nn.Module;
import dev.basalt.api.nn.ModuleList;
import dev.basalt.api.tensor.AttentionMask;
import dev.basalt.api.tensor.Tensor;

/**
 * The encoder or the decoder ({@code model.encoder.*}, {@code model.decoder.*}): learned positions (looked up at
 * position + 2), {@code layernorm_embedding} over token plus position embeddings, then the blocks. Token embeddings
 * come from the model's shared table.
 */
final class BartStack extends Module {

    private final BartConfig config;
    private final boolean decoder;
    private final Embedding embedPositions;
    private final ModuleList<BartLayer> layers;
    private final LayerNorm layernormEmbedding;

    BartStack(BartConfig config, boolean decoder, long seed) {
        this.config = config;
        this.decoder = decoder;
        embedPositions = child("embed_positions", new Embedding(config.positions() + BartConfig.POSITION_OFFSET,
                config.width(), (float) config.initStd(), seed));
        layers = child("layers", new ModuleList<>());
        int count = decoder ? config.decoderLayers() : config.layers();
        for (int i = 0; i < count; i++) {
            layers.add(new BartLayer(config, decoder, seed + 100L * (i + 1)));
        }
        layernormEmbedding = child("layernorm_embedding", new LayerNorm(config.width(), true, BartConfig.NORM_EPS));
    }

    /**
     * Runs the stack over token embeddings {@code x [B, T, D]} (already scaled).
     *
     * @param keyValid encoder: {@code [B, T]} 1 for real tokens (null: none padded); unused by the decoder
     * @param encoder  decoder: what cross-attention reads
     * @param cache    decoder while generating: keys and values so far (the new tokens follow them), or null
     * @param dropout  this call's dropout seed, negative for none
     */
    Tensor forward(Tensor x, Tensor keyValid, EncoderSide encoder, EncoderDecoderCache cache, long dropout) {
        int length = x.dim(1);
        int past = cache == null ? 0 : cache.length();
        if (past + length > config.positions()) {
            throw new BasaltException("bart reads at most " + config.positions() + " positions (model.positions, HF"
                    + " max_position_embeddings); this " + (decoder ? "decoder" : "encoder") + " sequence needs "
                    + (past + length));
        }
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = past + i + BartConfig.POSITION_OFFSET;
        }
        x = layernormEmbedding.forward(x.add(embedPositions.forward(Tensor.ofInts(ids, length))));
        x = Dropout.atSite(x, config.dropout(), dropout, 0);
        AttentionMask mask = decoder ? AttentionMask.causalMask() : AttentionMask.none();
        if (keyValid != null) {
            mask = mask.withKeyPadding(keyValid);
        }
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(x, mask, encoder, cache == null ? null : cache.layer(i),
                    Dropout.partSeed(dropout, i));
        }
        return x;
    }
}
