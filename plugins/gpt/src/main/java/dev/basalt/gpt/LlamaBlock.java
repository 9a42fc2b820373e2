package dev.basalt.gpt;

import dev.basalt.api.nn.Dropout;
import dev.basalt.api.nn.Linear;
import dev.basalt.api.nn.Module;
import dev.basalt.api.nn.RmsNorm;
import dev.basalt.api.tensor.Tensor;

/**
 * A Llama block: RMSNorm, rotary grouped-query attention and a SwiGLU feed-forward, no biases, with HF's names
 * ({@code input_layernorm, self_attn.{q,k,v,o}_proj, post_attention_layernorm, mlp.{gate,up,down}_proj}).
 */
final class LlamaBlock extends Module implements Block {

    private final GptConfig config;
    private final RmsNorm inputNorm;
    private final SelfAttention selfAttn;
    private final RmsNorm postNorm;
    private final Mlp mlp;

    LlamaBlock(GptConfig config, RotaryTables rotary, long seed) {
        this.config = config;
        float eps = (float) config.normEps();
        inputNorm = child("input_layernorm", new RmsNorm(config.width(), eps));
        selfAttn = child("self_attn", new SelfAttention(config, rotary, seed));
        postNorm = child("post_attention_layernorm", new RmsNorm(config.width(), eps));
        mlp = child("mlp", new Mlp(config, seed + 4));
    }

    @Override
    public Tensor forward(Tensor x, Positions positions, int layer, KvCache cache, Tensor keyValid, long dropout) {
        Tensor a = selfAttn.forward(inputNorm.forward(x), positions, layer, cache, keyValid);
        x = x.add(Dropout.atSite(a, config.dropout(), dropout, 0));
        Tensor m = mlp.forward(postNorm.forward(x));
        return x.add(Dropout.atSite(m, config.dropout(), dropout, 1));
    }

    static final class SelfAttention extends Module {
        private final int heads;
        private final int kvHeads;
        private final RotaryTables rotary;
        private final Linear qProj;
        private final Linear kProj;
        private final Linear vProj;
        private final Linear oProj;

        SelfAttention(GptConfig config, RotaryTables rotary, long seed) {
            heads = config.heads();
            kvHeads = config.kvHeads();
            this.rotary = rotary;
            int d = config.width();
            int kv = kvHeads * config.headWidth();
            float std = (float) config.initStd();
            qProj = child("q_proj", new Linear(d, d, false, std, seed));
            kProj = child("k_proj", new Linear(d, kv, false, std, seed + 1));
            vProj = child("v_proj", new Linear(d, kv, false, std, seed + 2));
            oProj = child("o_proj", new Linear(d, d, false, (float) (config.initStd() / Math.sqrt(2.0 * config.layers())),
                    seed + 3));
        }

        Tensor forward(Tensor x, Positions positions, int layer, KvCache cache, Tensor keyValid) {
            Tensor q = Attention.rotate(Attention.splitHeads(qProj.forward(x), heads), positions, rotary);
            Tensor k = Attention.rotate(Attention.splitHeads(kProj.forward(x), kvHeads), positions, rotary);
            Tensor v = Attention.splitHeads(vProj.forward(x), kvHeads);
            return oProj.forward(Attention.attend(q, k, v, layer, cache, keyValid));
        }
    }

    /** {@code down(silu(gate(x)) · up(x))}. */
    static final class Mlp extends Module {
        private final Linear gate;
        private final Linear up;
        private final Linear down;

        Mlp(GptConfig config, long seed) {
            float std = (float) config.initStd();
            gate = child("gate_proj", new Linear(config.width(), config.ffnWidth(), false, std, seed));
            up = child("up_proj", new Linear(config.width(), config.ffnWidth(), false, std, seed + 1));
            down = child("down_proj", new Linear(config.ffnWidth(), config.width(), false,
                    (float) (config.initStd() / Math.sqrt(2.0 * config.layers())), seed + 2));
        }

        Tensor forward(Tensor x) {
            return down.forward(gate.forward(x).silu().mul(up.forward(x)));
        }
    }
}
