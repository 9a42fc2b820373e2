package dev.basalt.t5;

import dev.basalt.api.nn.Embedding;
import dev.basalt.api.nn.Linear;
import dev.basalt.api.nn.Module;
import dev.basalt.api.tensor.AttentionMask;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;

/**
 * T5's multi-head attention ({@code q, k, v, o}, no biases) with unscaled scores: T5 folds the 1/√d factor into the
 * initialisation of {@code q}. The self-attention of a stack's first block also owns the relative position bias
 * table ({@code relative_attention_bias}) that every block of the stack adds to its scores.
 */
final class T5Attention extends Module {

    private final int heads;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear o;
    private final Embedding relativeBias;

    T5Attention(T5Config config, boolean withRelativeBias, long seed) {
        heads = config.heads();
        int d = config.width();
        int inner = config.innerWidth();
        double f = config.initFactor();
        q = child("q", new Linear(d, inner, false, (float) (f / Math.sqrt((double) d * config.headWidth())), seed));
        k = child("k", new Linear(d, inner, false, (float) (f / Math.sqrt(d)), seed + 1));
        v = child("v", new Linear(d, inner, false, (float) (f / Math.sqrt(d)), seed + 2));
        o = child("o", new Linear(inner, d, false, (float) (f / Math.sqrt(inner)), seed + 3));
        relativeBias = withRelativeBias
                ? child("relative_attention_bias", new Embedding(config.buckets(), heads, (float) (f / Math.sqrt(d)), seed + 4))
                : null;
    }

    /** The relative position bias {@code [1, heads, queries, keys]}; only the first block's self-attention has one. */
    Tensor positionBias(int queryStart, int queries, int keys, boolean bidirectional, int maxDistance) {
        if (relativeBias == null) {
            throw new IllegalStateException("only the first block of a stack holds the relative position bias");
        }
        return RelativePositions.bias(relativeBias, queryStart, queries, keys, bidirectional, maxDistance);
    }

    /** Query heads {@code [B, H, T, d_kv]} of {@code x [B, T, D]}. */
    Tensor queries(Tensor x) {
        return splitHeads(q.forward(x));
    }

    /** Key and value heads {@code [B, H, T, d_kv]} of {@code x [B, T, D]}. */
    Tensor[] keysAndValues(Tensor x) {
        return new Tensor[] {splitHeads(k.forward(x)), splitHeads(v.forward(x))};
    }

    /** Attention with unit score scale, heads merged and projected by {@code o}: {@code [B, Tq, D]}. */
    Tensor attend(Tensor queries, Tensor keys, Tensor values, AttentionMask mask) {
        Tensor out = Functional.attention(queries, keys, values, mask.withScale(1f));
        int b = out.dim(0);
        int t = out.dim(2);
        return o.forward(out.transpose(1, 2).reshape(b, t, heads * out.dim(3)));
    }

    private Tensor splitHeads(Tensor x) {
        int b = x.dim(0);
        int t = x.dim(1);
        return x.reshape(b, t, heads, x.dim(2) / heads).transpose(1, 2);
    }
}
