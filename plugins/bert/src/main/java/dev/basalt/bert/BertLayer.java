package dev.basalt.bert;

import dev.basalt.api.nn.Dropout;
import dev.basalt.api.nn.LayerNorm;
import dev.basalt.api.nn.Linear;
import dev.basalt.api.nn.Module;
import dev.basalt.api.tensor.AttentionMask;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;

/**
 * One post-LayerNorm block: {@code x = LN(x + attn(x))}, then {@code x = LN(x + out(act(intermediate(x))))}, with
 * HF's names ({@code attention.self.{query,key,value}}, {@code attention.output.{dense,LayerNorm}},
 * {@code intermediate.dense}, {@code output.{dense,LayerNorm}}).
 */
final class BertLayer extends Module {

    private final BertConfig config;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear attentionOut;
    private final LayerNorm attentionNorm;
    private final Linear intermediate;
    private final Linear output;
    private final LayerNorm outputNorm;

    BertLayer(BertConfig config, long seed) {
        this.config = config;
        int d = config.width();
        float std = (float) config.initStd();
        float eps = (float) config.normEps();
        Group attention = child("attention", new Group());
        Group self = attention.group("self");
        query = self.add("query", new Linear(d, d, true, std, seed));
        key = self.add("key", new Linear(d, d, true, std, seed + 1));
        value = self.add("value", new Linear(d, d, true, std, seed + 2));
        Group attentionOutput = attention.group("output");
        attentionOut = attentionOutput.add("dense", new Linear(d, d, true, std, seed + 3));
        attentionNorm = attentionOutput.add("LayerNorm", new LayerNorm(d, true, eps));
        intermediate = child("intermediate", new Group()).add("dense", new Linear(d, config.ffnWidth(), true, std, seed + 4));
        Group out = child("output", new Group());
        output = out.add("dense", new Linear(config.ffnWidth(), d, true, std, seed + 5));
        outputNorm = out.add("LayerNorm", new LayerNorm(d, true, eps));
    }

    /**
     * @param x        {@code [rows, T, width]}
     * @param keyValid {@code [rows, T]} 1 for real tokens, or null
     */
    Tensor forward(Tensor x, Tensor keyValid, long dropoutSeed) {
        int heads = config.heads();
        Tensor q = splitHeads(query.forward(x), heads);
        Tensor k = splitHeads(key.forward(x), heads);
        Tensor v = splitHeads(value.forward(x), heads);
        AttentionMask mask = keyValid == null ? AttentionMask.none() : AttentionMask.none().withKeyPadding(keyValid);
        Tensor attended = Functional.attention(q, k, v, mask);
        attended = attended.transpose(1, 2).reshape(x.dim(0), x.dim(1), config.width());
        Tensor a = Dropout.atSite(attentionOut.forward(attended), config.dropout(), dropoutSeed, 0);
        x = attentionNorm.forward(x.add(a));
        Tensor m = output.forward(config.activation().apply(intermediate.forward(x)));
        return outputNorm.forward(x.add(Dropout.atSite(m, config.dropout(), dropoutSeed, 1)));
    }

    /** {@code [rows, T, heads·hd]} to {@code [rows, heads, T, hd]}. */
    private static Tensor splitHeads(Tensor x, int heads) {
        return x.reshape(x.dim(0), x.dim(1), heads, x.dim(2) / heads).transpose(1, 2);
    }
}
