package dev.basalt.gpt;

import dev.basalt.api.tensor.AttentionMask;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;

/** The attention step both layouts share: heads split, cache, grouped-query expansion, causal attention, merge. */
final class Attention {

    private Attention() {
    }

    /** {@code [B, T, heads·hd]} to {@code [B, heads, T, hd]}. */
    static Tensor splitHeads(Tensor x, int heads) {
        int b = x.dim(0);
        int t = x.dim(1);
        return x.reshape(b, t, heads, x.dim(2) / heads).transpose(1, 2);
    }

    /**
     * Causal attention of {@code q [B, H, T, hd]} over the cached and new {@code k, v [B, Hkv, T, hd]}; returns
     * {@code [B, T, H·hd]}.
     */
    static Tensor attend(Tensor q, Tensor k, Tensor v, int layer, KvCache cache, Tensor keyValid) {
        if (cache != null) {
            Tensor[] full = cache.append(layer, k, v);
            k = full[0];
            v = full[1];
        }
        int heads = q.dim(1);
        int kvHeads = k.dim(1);
        if (kvHeads != heads) {
            k = repeatHeads(k, heads / kvHeads);
            v = repeatHeads(v, heads / kvHeads);
        }
        AttentionMask mask = AttentionMask.causalMask();
        if (keyValid != null) {
            mask = mask.withKeyPadding(keyValid);
        }
        Tensor out = Functional.attention(q, k, v, mask);
        int b = out.dim(0);
        int t = out.dim(2);
        return out.transpose(1, 2).reshape(b, t, heads * out.dim(3));
    }

    /** Each of the {@code kvHeads} heads used by {@code repeat} consecutive query heads. */
    private static Tensor repeatHeads(Tensor x, int repeat) {
        int b = x.dim(0);
        int h = x.dim(1);
        int t = x.dim(2);
        int d = x.dim(3);
        return x.unsqueeze(2).expand(b, h, repeat, t, d).reshape(b, h * repeat, t, d);
    }

    /**
     * Rotary position embedding ("rotate half", as HF Llama) of {@code x [B, H, T, hd]}: the fused kernel when all
     * rows share positions, a composition of element-wise ops when each row has its own.
     */
    static Tensor rotate(Tensor x, Positions positions, RotaryTables tables) {
        int half = x.dim(3) / 2;
        if (positions.isShared()) {
            return Functional.rotary(x, tables.cos(positions.start(), positions.length()),
                    tables.sin(positions.start(), positions.length()), false);
        }
        Tensor cos = Functional.embedding(tables.cosTable(), positions.perRow()).unsqueeze(1);
        Tensor sin = Functional.embedding(tables.sinTable(), positions.perRow()).unsqueeze(1);
        Tensor x1 = x.narrow(3, 0, half);
        Tensor x2 = x.narrow(3, half, half);
        return Tensor.concat(java.util.List.of(x1.mul(cos).sub(x2.mul(sin)), x2.mul(cos).add(x1.mul(sin))), 3);
    }
}
