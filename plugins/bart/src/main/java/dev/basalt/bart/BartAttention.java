package dev.basalt.bart;

import dev.basalt.api.nn.Linear;
import dev.basalt.api.nn.Module;
import dev.basalt.api.tensor.AttentionMask;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;

/** BART's multi-head attention: {@code q_proj, k_proj, v_proj, out_proj}, all with biases, scores scaled by 1/√d. */
final class BartAttention extends Module {

    private final int heads;
    private final Linear qProj;
    private final Linear kProj;
    private final Linear vProj;
    private final Linear outProj;

    BartAttention(BartConfig config, int heads, long seed) {
        this.heads = heads;
        int d = config.width();
        float std = (float) config.initStd();
        kProj = child("k_proj", new Linear(d, d, true, std, seed));
        vProj = child("v_proj", new Linear(d, d, true, std, seed + 1));
        qProj = child("q_proj", new Linear(d, d, true, std, seed + 2));
        outProj = child("out_proj", new Linear(d, d, true, std, seed + 3));
    }

    /** Query heads {@code [B, H, T, d]} of {@code x [B, T, D]}. */
    Tensor queries(Tensor x) {
        return splitHeads(qProj.forward(x));
    }

    /** Key and value heads {@code [B, H, T, d]} of {@code x [B, T, D]}. */
    Tensor[] keysAndValues(Tensor x) {
        return new Tensor[] {splitHeads(kProj.forward(x)), splitHeads(vProj.forward(x))};
    }

    /** Attention (the mask's default scale is 1/√d), heads merged and projected by {@code out_proj}: {@code [B, Tq, D]}. */
    Tensor attend(Tensor queries, Tensor keys, Tensor values, AttentionMask mask) {
        Tensor out = Functional.attention(queries, keys, values, mask);
        return outProj.forward(out.transpose(1, 2).reshape(out.dim(0), out.dim(2), heads * out.dim(3)));
    }

    private Tensor splitHeads(Tensor x) {
        return x.reshape(x.dim(0), x.dim(1), heads, x.dim(2) / heads).transpose(1, 2);
    }
}
