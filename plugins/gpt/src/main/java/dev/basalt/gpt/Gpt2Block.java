package dev.basalt.gpt;

import dev.basalt.api.nn.Dropout;
import dev.basalt.api.nn.LayerNorm;
import dev.basalt.api.nn.Module;
import dev.basalt.api.tensor.Tensor;

/**
 * A GPT-2 block: {@code x + attn(ln_1(x))}, then {@code x + mlp(ln_2(x))}, with HF's names
 * ({@code ln_1, attn.c_attn, attn.c_proj, ln_2, mlp.c_fc, mlp.c_proj}).
 */
final class Gpt2Block extends Module implements Block {

    private final GptConfig config;
    private final LayerNorm ln1;
    private final SelfAttention attn;
    private final LayerNorm ln2;
    private final Mlp mlp;

    Gpt2Block(GptConfig config, long seed) {
        this.config = config;
        float eps = (float) config.normEps();
        double residualStd = config.initStd() / Math.sqrt(2.0 * config.layers()); // GPT-2's scaled residual init
        ln1 = child("ln_1", new LayerNorm(config.width(), true, eps));
        attn = child("attn", new SelfAttention(config, residualStd, seed));
        ln2 = child("ln_2", new LayerNorm(config.width(), true, eps));
        mlp = child("mlp", new Mlp(config, residualStd, seed + 2));
    }

    @Override
    public Tensor forward(Tensor x, Positions positions, int layer, KvCache cache, Tensor keyValid, long dropout) {
        Tensor a = attn.forward(ln1.forward(x), layer, cache, keyValid);
        x = x.add(Dropout.atSite(a, config.dropout(), dropout, 0));
        Tensor m = mlp.forward(ln2.forward(x));
        return x.add(Dropout.atSite(m, config.dropout(), dropout, 1));
    }

    /** Fused query/key/value projection {@code c_attn [D, 3D]} and output projection {@code c_proj}. */
    static final class SelfAttention extends Module {
        private final int heads;
        private final int width;
        private final Conv1D cAttn;
        private final Conv1D cProj;

        SelfAttention(GptConfig config, double residualStd, long seed) {
            heads = config.heads();
            width = config.width();
            cAttn = child("c_attn", new Conv1D(width, 3 * width, config.initStd(), seed));
            cProj = child("c_proj", new Conv1D(width, width, residualStd, seed + 1));
        }

        Tensor forward(Tensor x, int layer, KvCache cache, Tensor keyValid) {
            Tensor qkv = cAttn.forward(x);
            Tensor q = Attention.splitHeads(qkv.narrow(2, 0, width), heads);
            Tensor k = Attention.splitHeads(qkv.narrow(2, width, width), heads);
            Tensor v = Attention.splitHeads(qkv.narrow(2, 2 * width, width), heads);
            return cProj.forward(Attention.attend(q, k, v, layer, cache, keyValid));
        }
    }

    /** {@code c_proj(gelu_tanh(c_fc(x)))}, GPT-2's "gelu_new". */
    static final class Mlp extends Module {
        private final Conv1D cFc;
        private final Conv1D cProj;

        Mlp(GptConfig config, double residualStd, long seed) {
            cFc = child("c_fc", new Conv1D(config.width(), config.ffnWidth(), config.initStd(), seed));
            cProj = child("c_proj", new Conv1D(config.ffnWidth(), config.width(), residualStd, seed + 1));
        }

        Tensor forward(Tensor x) {
            return cProj.forward(cFc.forward(x).geluTanh());
        }
    }
}
