package dev.basalt.bart;

import dev.basalt.api.model.EncoderDecoderCache;
import dev.basalt.api.model.EncoderDecoderCache.EncoderSide;
import dev.basalt.api.model.EncoderDecoderModel;
import dev.basalt.api.nn.Dropout;
import dev.basalt.api.nn.Embedding;
import dev.basalt.api.nn.Linear;
import dev.basalt.api.nn.Module;
import dev.basalt.api.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * BART, read top to bottom: a shared token embedding, the encoder over the inputs, the decoder over the decoder
 * inputs attending to the encoder's output, and the head (the shared embedding, or its own {@code lm_head} when
 * untied) plus {@code final_logits_bias}. Module names are Hugging Face's ({@code model.encoder.layers.0...}), so
 * checkpoints map one to one.
 */
public final class BartModel extends EncoderDecoderModel<BartConfig> {

    private final Backbone model;
    private final Linear lmHead;
    private final Tensor finalLogitsBias;

    /** HF's {@code BartModel}: what sits under {@code model.}. */
    private static final class Backbone extends Module {
        final Embedding shared;
        final BartStack encoder;
        final BartStack decoder;

        Backbone(BartConfig config, long seed) {
            shared = child("shared", new Embedding(config.vocabSize(), config.width(), (float) config.initStd(), seed));
            encoder = child("encoder", new BartStack(config, false, seed + 10_000));
            decoder = child("decoder", new BartStack(config, true, seed + 20_000));
        }
    }

    BartModel(BartConfig config, long seed) {
        super("bart", config);
        model = child("model", new Backbone(config, seed));
        lmHead = config.tied() ? null : child("lm_head", new Linear(config.width(), config.vocabSize(), false,
                (float) config.initStd(), seed + 30_000));
        // A buffer in HF (zeros, never trained there); a parameter here so checkpoints carry it.
        finalLogitsBias = parameter("final_logits_bias", Tensor.zeros(1, config.vocabSize()));
    }

    @Override
    protected Tensor runEncoder(Tensor ids, Tensor keyValid, long stepSeed) {
        return model.encoder.forward(embed(ids), keyValid, null, null, Dropout.partSeed(stepSeed, 0));
    }

    @Override
    protected Tensor runDecoder(Tensor ids, EncoderSide side, EncoderDecoderCache cache, long stepSeed) {
        return model.decoder.forward(embed(ids), null, side, cache, Dropout.partSeed(stepSeed, 1));
    }

    private Tensor embed(Tensor ids) {
        Tensor x = model.shared.forward(ids);
        return config().scaleEmbedding() ? x.mul((float) Math.sqrt(config().width())) : x;
    }

    @Override
    protected Tensor head(Tensor hidden) {
        Tensor table = lmHead != null ? lmHead.weight() : model.shared.weight();
        return Tensor.matmul(hidden, table, false, true).add(finalLogitsBias);
    }

    @Override
    public void save(Path folder) throws IOException {
        HfBartCheckpoint.save(this, folder);
    }

    @Override
    public String describe() {
        BartConfig config = config();
        return String.format(Locale.ROOT, "bart (%s, %s head): %d+%d layers, %d/%d heads, width %d, ffn %d/%d, %d"
                        + " positions, vocab %d, %.2fM parameters", config.activation().hfName,
                config.tied() ? "tied" : "untied", config.layers(), config.decoderLayers(), config.heads(),
                config.decoderHeads(), config.width(), config.ffnWidth(), config.decoderFfnWidth(),
                config.positions(), config.vocabSize(), parameterCount() / 1e6);
    }
}
