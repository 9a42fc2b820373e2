package dev.basalt.t5;

import dev.basalt.api.model.EncoderDecoderCache;
import dev.basalt.api.model.EncoderDecoderCache.EncoderSide;
import dev.basalt.api.model.EncoderDecoderModel;
import dev.basalt.api.nn.Embedding;
import dev.basalt.api.nn.Linear;
import dev.basalt.api.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * T5, read top to bottom: a shared token embedding, the encoder over the inputs, the decoder over the decoder inputs
 * attending to the encoder's output, and the head (the shared embedding with its input rescaled by
 * {@code width^-0.5} in v1.0, its own {@code lm_head} in v1.1). Module names are Hugging Face's, so checkpoints map
 * one to one.
 */
public final class T5Model extends EncoderDecoderModel<T5Config> {

    private final Embedding shared;
    private final T5Stack encoder;
    private final T5Stack decoder;
    private final Linear lmHead;

    T5Model(T5Config config, long seed) {
        super("t5", config);
        shared = child("shared", new Embedding(config.vocabSize(), config.width(), (float) config.initFactor(), seed));
        encoder = child("encoder", new T5Stack(config, false, seed + 10_000));
        decoder = child("decoder", new T5Stack(config, true, seed + 20_000));
        // HF draws an untied head with std 1, which makes first logits of std √width; width^-0.5 (Mesh TensorFlow's
        // fan-in scale) starts a fresh model near ln(vocab) loss. Imported weights are unaffected.
        lmHead = config.tied() ? null
                : child("lm_head", new Linear(config.width(), config.vocabSize(), false,
                        (float) (config.initFactor() / Math.sqrt(config.width())), seed + 30_000));
    }

    @Override
    protected Tensor runEncoder(Tensor ids, Tensor keyValid, long stepSeed) {
        return encoder.forward(shared.forward(ids), keyValid, null, null, Dropouts.child(stepSeed, 1));
    }

    @Override
    protected Tensor runDecoder(Tensor ids, EncoderSide side, EncoderDecoderCache cache, long stepSeed) {
        return decoder.forward(shared.forward(ids), null, side, cache, Dropouts.child(stepSeed, 2));
    }

    @Override
    protected Tensor head(Tensor hidden) {
        if (lmHead != null) {
            return Tensor.matmul(hidden, lmHead.weight(), false, true);
        }
        return Tensor.matmul(hidden.mul((float) Math.pow(config().width(), -0.5)), shared.weight(), false, true);
    }

    @Override
    public void save(Path folder) throws IOException {
        HfT5Checkpoint.save(this, folder);
    }

    @Override
    public String describe() {
        T5Config config = config();
        return String.format(Locale.ROOT, "t5 (%s, %s head): %d+%d layers, %d heads x %d, width %d, ffn %d, vocab %d,"
                        + " %.2fM parameters", config.feedForward().hfName, config.tied() ? "tied" : "untied",
                config.layers(), config.decoderLayers(), config.heads(), config.headWidth(), config.width(),
                config.ffnWidth(), config.vocabSize(), parameterCount() / 1e6);
    }
}
