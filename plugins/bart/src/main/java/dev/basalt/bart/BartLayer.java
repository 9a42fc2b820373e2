package dev.basalt.bart;

import dev.basalt.api.model.EncoderDecoderCache;
import dev.basalt.api.model.EncoderDecoderCache.EncoderSide;
import dev.basalt.api.nn.Dropout;
import dev.basalt.api.nn.LayerNorm;
import dev.basalt.api.nn.Linear;
import dev.basalt.api.nn.Module;
import dev.basalt.api.tensor.AttentionMask;
import dev.basalt.api.tensor.Tensor;

/**
 * One BART block, post-LN: each sub-layer is {@code norm(x + f(x))}. Self-attention, then (decoder only)
 * cross-attention to the encoder, then {@code fc2(act(fc1(x)))}; names are Hugging Face's.
 */
final class BartLayer extends Module {

    private final BartConfig config;
    private final BartAttention selfAttn;
    private final LayerNorm selfAttnLayerNorm;
    private final BartAttention encoderAttn;
    private final LayerNorm encoderAttnLayerNorm;
    private final Linear fc1;
    private final Linear fc2;
    private final LayerNorm finalLayerNorm;

    BartLayer(BartConfig config, boolean decoder, long seed) {
        this.config = config;
        int d = config.width();
        int heads = decoder ? config.decoderHeads() : config.heads();
        int ffn = decoder ? config.decoderFfnWidth() : config.ffnWidth();
        float std = (float) config.initStd();
        selfAttn = child("self_attn", new BartAttention(config, heads, seed));
        selfAttnLayerNorm = child("self_attn_layer_norm", new LayerNorm(d, true, BartConfig.NORM_EPS));
        encoderAttn = decoder ? child("encoder_attn", new BartAttention(config, heads, seed + 10)) : null;
        encoderAttnLayerNorm = decoder
                ? child("encoder_attn_layer_norm", new LayerNorm(d, true, BartConfig.NORM_EPS)) : null;
        fc1 = child("fc1", new Linear(d, ffn, true, std, seed + 20));
        fc2 = child("fc2", new Linear(ffn, d, true, std, seed + 21));
        finalLayerNorm = child("final_layer_norm", new LayerNorm(d, true, BartConfig.NORM_EPS));
    }

    /**
     * @param selfMask the self-attention mask (causal in the decoder, key padding in the encoder)
     * @param encoder  what cross-attention reads (decoder layers), or null
     * @param cache    this layer's cached keys and values while generating, or null
     * @param dropout  this layer's dropout seed, negative for none
     */
    Tensor forward(Tensor x, AttentionMask selfMask, EncoderSide encoder, EncoderDecoderCache.Layer cache,
                   long dropout) {
        Tensor[] kv = selfAttn.keysAndValues(x);
        if (cache != null) {
            kv = cache.appendSelf(kv[0], kv[1]);
        }
        x = residual(x, selfAttn.attend(selfAttn.queries(x), kv[0], kv[1], selfMask), selfAttnLayerNorm, dropout, 0);
        if (encoderAttn != null) {
            Tensor[] cross = cache != null ? cache.cross(() -> encoderAttn.keysAndValues(encoder.hidden()))
                    : encoderAttn.keysAndValues(encoder.hidden());
            x = residual(x, encoderAttn.attend(encoderAttn.queries(x), cross[0], cross[1], encoder.mask()),
                    encoderAttnLayerNorm, dropout, 1);
        }
        return residual(x, fc2.forward(activate(fc1.forward(x))), finalLayerNorm, dropout, 2);
    }

    private Tensor residual(Tensor x, Tensor branch, LayerNorm norm, long dropout, int site) {
        return norm.forward(x.add(Dropout.atSite(branch, config.dropout(), dropout, site)));
    }

    private Tensor activate(Tensor x) {
        return switch (config.activation()) {
            case GELU -> x.gelu();
            case GELU_NEW -> x.geluTanh();
            case RELU -> x.relu();
        };
    }
}
