package dev.basalt.gpt;

import dev.basalt.api.model.CausalLanguageModel;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.nn.Dropout;
import dev.basalt.api.nn.Embedding;
import dev.basalt.api.nn.LayerNorm;
import dev.basalt.api.nn.Linear;
import dev.basalt.api.nn.Module;
import dev.basalt.api.nn.ModuleList;
import dev.basalt.api.nn.RmsNorm;
import dev.basalt.api.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The decoder, read top to bottom: token embedding (plus learned positions in the GPT-2 layout), the blocks, a final
 * norm, and the output head (tied to the token embedding or its own matrix). The module tree uses Hugging Face's
 * names, so checkpoints map one to one: {@code transformer.*} for GPT-2, {@code model.*} and {@code lm_head} for
 * Llama.
 */
public final class GptModel extends Module implements CausalLanguageModel {

    private final GptConfig config;
    private final Trunk trunk;
    private final Linear lmHead;
    private long dropoutSeed = -1;

    GptModel(GptConfig config, long seed) {
        this.config = config;
        if (config.layout() == GptConfig.Layout.GPT2) {
            trunk = child("transformer", new Gpt2Trunk(config, seed));
        } else {
            trunk = child("model", new LlamaTrunk(config, seed));
        }
        lmHead = config.tied() ? null
                : child("lm_head", new Linear(config.width(), config.vocabSize(), false, (float) config.initStd(), seed + 7));
    }

    public GptConfig config() {
        return config;
    }

    /** A negative seed turns dropout off. */
    @Override
    public void dropoutSeed(long seed) {
        this.dropoutSeed = seed;
    }

    @Override
    public Module module() {
        return this;
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public int contextLength() {
        return config.context();
    }

    @Override
    public Tensor logits(TokenBatch batch) {
        Tensor ids = Tensor.ofInts(batch.inputs(), batch.rows(), batch.length());
        long seed = isTraining() ? dropoutSeed : -1;
        return head(trunk.forward(ids, Positions.shared(0, batch.length()), null, null, seed));
    }

    @Override
    public DecoderCache newCache(int rows) {
        return new KvCache(config.layers());
    }

    @Override
    public Tensor decode(Tensor ids, Tensor positions, Tensor keyValid, DecoderCache cache) {
        KvCache kv = (KvCache) cache;
        Positions where = keyValid == null
                ? Positions.shared(kv.length(), ids.dim(1))
                : new Positions(kv.length(), ids.dim(1), positions);
        Tensor hidden = trunk.forward(ids, where, kv, keyValid, -1);
        kv.advance(ids.dim(1));
        return head(hidden);
    }

    private Tensor head(Tensor hidden) {
        Tensor weight = lmHead == null ? trunk.tokenEmbedding() : lmHead.weight();
        return Tensor.matmul(hidden, weight, false, true);
    }

    @Override
    public void save(Path folder) throws IOException {
        HfGptCheckpoint.save(this, folder);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "gpt (%s layout): %d layers, %d heads (%d kv), width %d, context %d, vocab %d,"
                        + " %.2fM parameters", config.layout().name().toLowerCase(Locale.ROOT), config.layers(),
                config.heads(), config.kvHeads(), config.width(), config.context(), config.vocabSize(),
                parameterCount() / 1e6);
    }

    /** Embeddings, blocks and final norm; the part HF calls {@code transformer} or {@code model}. */
    private abstract static class Trunk extends Module {
        abstract Tensor tokenEmbedding();

        abstract Tensor forward(Tensor ids, Positions positions, KvCache cache, Tensor keyValid, long dropout);

        static long blockSeed(long dropout, int layer) {
            return Dropout.partSeed(dropout, layer);
        }
    }

    private static final class Gpt2Trunk extends Trunk {
        private final GptConfig config;
        private final Embedding wte;
        private final Embedding wpe;
        private final ModuleList<Gpt2Block> h;
        private final LayerNorm lnF;

        Gpt2Trunk(GptConfig config, long seed) {
            this.config = config;
            float std = (float) config.initStd();
            wte = child("wte", new Embedding(config.vocabSize(), config.width(), std, seed));
            wpe = child("wpe", new Embedding(config.context(), config.width(), std, seed + 1));
            h = child("h", new ModuleList<>());
            for (int i = 0; i < config.layers(); i++) {
                h.add(new Gpt2Block(config, seed + 100L * (i + 1)));
            }
            lnF = child("ln_f", new LayerNorm(config.width(), true, (float) config.normEps()));
        }

        @Override
        Tensor tokenEmbedding() {
            return wte.weight();
        }

        @Override
        Tensor forward(Tensor ids, Positions positions, KvCache cache, Tensor keyValid, long dropout) {
            Tensor x = wte.forward(ids).add(wpe.forward(positions.ids()));
            x = Dropout.atSite(x, config.dropout(), dropout, 0);
            for (int i = 0; i < h.size(); i++) {
                x = h.get(i).forward(x, positions, i, cache, keyValid, blockSeed(dropout, i));
            }
            return lnF.forward(x);
        }
    }

    private static final class LlamaTrunk extends Trunk {
        private final GptConfig config;
        private final Embedding embedTokens;
        private final ModuleList<LlamaBlock> layers;
        private final RmsNorm norm;

        LlamaTrunk(GptConfig config, long seed) {
            this.config = config;
            RotaryTables rotary = new RotaryTables(config.context(), config.headWidth(), config.ropeTheta());
            embedTokens = child("embed_tokens", new Embedding(config.vocabSize(), config.width(),
                    (float) config.initStd(), seed));
            layers = child("layers", new ModuleList<>());
            for (int i = 0; i < config.layers(); i++) {
                layers.add(new LlamaBlock(config, rotary, seed + 100L * (i + 1)));
            }
            norm = child("norm", new RmsNorm(config.width(), (float) config.normEps()));
        }

        @Override
        Tensor tokenEmbedding() {
            return embedTokens.weight();
        }

        @Override
        Tensor forward(Tensor ids, Positions positions, KvCache cache, Tensor keyValid, long dropout) {
            Tensor x = Dropout.atSite(embedTokens.forward(ids), config.dropout(), dropout, 0);
            for (int i = 0; i < layers.size(); i++) {
                x = layers.get(i).forward(x, positions, i, cache, keyValid, blockSeed(dropout, i));
            }
            return norm.forward(x);
        }
    }
}
