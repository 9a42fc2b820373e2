package dev.basalt.t5;

import dev.basalt.api.model.EncoderDecoderCache;
import dev.basalt.api.model.EncoderDecoderCache.EncoderSide;
import dev.basalt.api.nn.Module;
import dev.basalt.api.nn.ModuleList;
import dev.basalt.api.nn.RmsNorm;
import dev.basalt.api.tensor.AttentionMask;
import dev.basalt.api.tensor.Tensor;

/**
 * One block of a T5 stack, with HF's layout {@code layer.0} self-attention, (decoder only) {@code layer.1}
 * cross-attention, then the feed-forward layer; each is pre-norm with a residual: {@code x + f(layer_norm(x))}.
 */
final class T5Block extends Module {

    private final SelfAttentionLayer selfAttention;
    private final CrossAttentionLayer crossAttention;
    private final FeedForwardLayer feedForward;

    T5Block(T5Config config, boolean decoder, boolean first, long seed) {
        ModuleList<Module> layer = child("layer", new ModuleList<>());
        selfAttention = new SelfAttentionLayer(config, first, seed);
        crossAttention = decoder ? new CrossAttentionLayer(config, seed + 10) : null;
        feedForward = new FeedForwardLayer(config, seed + 20);
        layer.add(selfAttention);
        if (crossAttention != null) {
            layer.add(crossAttention);
        }
        layer.add(feedForward);
    }

    /** The stack's relative position bias; only the first block has it. */
    Tensor positionBias(int queryStart, int queries, int keys, boolean bidirectional, int maxDistance) {
        return selfAttention.attention.positionBias(queryStart, queries, keys, bidirectional, maxDistance);
    }

    /**
     * @param selfMask  the self-attention mask, carrying the stack's position bias
     * @param encoder   the encoder's output and its mask for cross-attention (decoder blocks), or null
     * @param cache     this block's cached keys and values (decoding), or null
     * @param dropout   this block's dropout seed, negative for none
     */
    Tensor forward(Tensor x, AttentionMask selfMask, EncoderSide encoder, EncoderDecoderCache.Layer cache, long dropout) {
        x = selfAttention.forward(x, selfMask, cache, dropout);
        if (crossAttention != null) {
            x = crossAttention.forward(x, encoder, cache, Dropouts.child(dropout, 1));
        }
        return feedForward.forward(x, Dropouts.child(dropout, 2));
    }

    private abstract static class Residual extends Module {
        private final double dropout;
        private final RmsNorm layerNorm;

        Residual(T5Config config) {
            dropout = config.dropout();
            layerNorm = new RmsNorm(config.width(), (float) config.normEps());
        }

        /** Registers the norm after the sub-layer, in HF's order. */
        void registerNorm() {
            child("layer_norm", layerNorm);
        }

        Tensor residual(Tensor x, Tensor branch, long seed) {
            return x.add(Dropouts.apply(branch, dropout, seed, 0));
        }

        Tensor norm(Tensor x) {
            return layerNorm.forward(x);
        }
    }

    private static final class SelfAttentionLayer extends Residual {
        final T5Attention attention;

        SelfAttentionLayer(T5Config config, boolean withRelativeBias, long seed) {
            super(config);
            attention = child("SelfAttention", new T5Attention(config, withRelativeBias, seed));
            registerNorm();
        }

        Tensor forward(Tensor x, AttentionMask mask, EncoderDecoderCache.Layer cache, long seed) {
            Tensor h = norm(x);
            Tensor[] kv = attention.keysAndValues(h);
            if (cache != null) {
                kv = cache.appendSelf(kv[0], kv[1]);
            }
            return residual(x, attention.attend(attention.queries(h), kv[0], kv[1], mask), seed);
        }
    }

    private static final class CrossAttentionLayer extends Residual {
        private final T5Attention attention;

        CrossAttentionLayer(T5Config config, long seed) {
            super(config);
            attention = child("EncDecAttention", new T5Attention(config, false, seed));
            registerNorm();
        }

        Tensor forward(Tensor x, EncoderSide encoder, EncoderDecoderCache.Layer cache, long seed) {
            Tensor[] kv = cache != null ? cache.cross(() -> attention.keysAndValues(encoder.hidden()))
                    : attention.keysAndValues(encoder.hidden());
            return residual(x, attention.attend(attention.queries(norm(x)), kv[0], kv[1], encoder.mask()), seed);
        }
    }

    private static final class FeedForwardLayer extends Residual {
        private final DenseReluDense ffn;

        FeedForwardLayer(T5Config config, long seed) {
            super(config);
            ffn = child("DenseReluDense", new DenseReluDense(config, seed));
            registerNorm();
        }

        Tensor forward(Tensor x, long seed) {
            return residual(x, ffn.forward(norm(x), Dropouts.child(seed, 1)), seed);
        }
    }
}
