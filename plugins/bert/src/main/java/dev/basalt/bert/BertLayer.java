package dev.basalt.bert;

import dev.basalt.api.nn.Dropout;
import dev.basalt.api.nn.LayerNorm;
import dev.basalt.api.nn.Linear;
import dev.basalt.api.tensor.AttentionMask;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;

/**
 * One post-LayerNorm block: {@code x = LN(x + attn(x))}, then {@code x = LN(x + out(act(in(x))))}, its parts at the
 * variant's HF paths ({@link Names}: BERT's {@code attention.self.query}, DistilBERT's {@code attention.q_lin},
 * ALBERT's {@code attention.query}, ...).
 */
final class BertLayer extends Group {

    private final BertConfig config;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear attentionOut;
    private final LayerNorm attentionNorm;
    private final Linear ffnIn;
    private final Linear ffnOut;
    private final LayerNorm ffnNorm;

    BertLayer(BertConfig config, long seed) {
        this.config = config;
        Names n = config.variant().names;
        int d = config.width();
        float std = (float) config.initStd();
        float eps = (float) config.normEps();
        query = add(n.query(), new Linear(d, d, true, std, seed));
        key = add(n.key(), new Linear(d, d, true, std, seed + 1));
        value = add(n.value(), new Linear(d, d, true, std, seed + 2));
        attentionOut = add(n.attentionOut(), new Linear(d, d, true, std, seed + 3));
        attentionNorm = add(n.attentionNorm(), new LayerNorm(d, true, eps));
        ffnIn = add(n.ffnIn(), new Linear(d, config.ffnWidth(), true, std, seed + 4));
        ffnOut = add(n.ffnOut(), new Linear(config.ffnWidth(), d, true, std, seed + 5));
        ffnNorm = add(n.ffnNorm(), new LayerNorm(d, true, eps));
    }

    /**
     * @param x        the real tokens, {@code [real, width]} (or all of {@code [rows, T, width]} when unpadded)
     * @param tokens   where they sit in the padded batch
     * @param keyValid {@code [rows, T]} 1 for real tokens, or null
     */
    Tensor forward(Tensor x, RealTokens tokens, Tensor keyValid, long dropoutSeed) {
        int heads = config.heads();
        Tensor q = splitHeads(tokens.padded(query.forward(x)), heads);
        Tensor k = splitHeads(tokens.padded(key.forward(x)), heads);
        Tensor v = splitHeads(tokens.padded(value.forward(x)), heads);
        AttentionMask mask = keyValid == null ? AttentionMask.none() : AttentionMask.none().withKeyPadding(keyValid);
        Tensor attended = Functional.attention(q, k, v, mask);
        attended = tokens.packed(attended.transpose(1, 2).reshape(q.dim(0), q.dim(2), config.width()));
        Tensor a = Dropout.atSite(attentionOut.forward(attended), config.dropout(), dropoutSeed, 0);
        x = attentionNorm.forward(x.add(a));
        Tensor m = ffnOut.forward(config.activation().apply(ffnIn.forward(x)));
        return ffnNorm.forward(x.add(Dropout.atSite(m, config.dropout(), dropoutSeed, 1)));
    }

    /** {@code [rows, T, heads·hd]} to {@code [rows, heads, T, hd]}. */
    private static Tensor splitHeads(Tensor x, int heads) {
        return x.reshape(x.dim(0), x.dim(1), heads, x.dim(2) / heads).transpose(1, 2);
    }
}
