package dev.basalt.t5;

import dev.basalt.api.model.EncoderDecoderCache;
import dev.basalt.api.model.EncoderDecoderCache.EncoderSide;
import dev.basalt.api.model.Seq2SeqLanguageModel;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.nn.Embedding;
import dev.basalt.api.nn.Linear;
import dev.basalt.api.nn.Module;
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
public final class T5Model extends Module implements Seq2SeqLanguageModel {

    private final T5Config config;
    private final Embedding shared;
    private final T5Stack encoder;
    private final T5Stack decoder;
    private final Linear lmHead;
    private long dropoutSeed = -1;

    T5Model(T5Config config, long seed) {
        this.config = config;
        shared = child("shared", new Embedding(config.vocabSize(), config.width(), (float) config.initFactor(), seed));
        encoder = child("encoder", new T5Stack(config, false, seed + 10_000));
        decoder = child("decoder", new T5Stack(config, true, seed + 20_000));
        // HF draws an untied head with std 1, which makes first logits of std √width; width^-0.5 (Mesh TensorFlow's
        // fan-in scale) starts a fresh model near ln(vocab) loss. Imported weights are unaffected.
        lmHead = config.tied() ? null
                : child("lm_head", new Linear(config.width(), config.vocabSize(), false,
                        (float) (config.initFactor() / Math.sqrt(config.width())), seed + 30_000));
    }

    public T5Config config() {
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
    public Tensor logits(TokenBatch batch) {
        if (!batch.isSeq2Seq()) {
            throw new IllegalArgumentException("t5 reads encoder-decoder batches (inputs and decoder inputs); this batch"
                    + " has no decoder inputs");
        }
        long seed = isTraining() ? dropoutSeed : -1;
        Tensor keyValid = EncoderDecoderCache.keyValid(batch);
        EncoderSide side = encode(Tensor.ofInts(batch.inputs(), batch.rows(), batch.length()), keyValid,
                Dropouts.child(seed, 1));
        Tensor ids = Tensor.ofInts(batch.decoderInputs(), batch.rows(), batch.targetLength());
        return head(decoder.forward(shared.forward(ids), null, side, null, Dropouts.child(seed, 2)));
    }

    @Override
    public int decoderStartId() {
        return config.decoderStartId();
    }

    @Override
    public int endOfSequenceId() {
        return config.eosId();
    }

    @Override
    public EncoderDecoderCache encode(Tensor ids, Tensor keyValid) {
        return new EncoderDecoderCache(encode(ids, keyValid, -1), config.decoderLayers());
    }

    @Override
    public Tensor decode(Tensor ids, DecoderState state) {
        EncoderDecoderCache cache = (EncoderDecoderCache) state;
        Tensor hidden = decoder.forward(shared.forward(ids), null, cache.encoder(), cache, -1);
        cache.advance(ids.dim(1));
        return head(hidden);
    }

    @Override
    public EncoderDecoderCache reorder(DecoderState state, int[] rows) {
        return ((EncoderDecoderCache) state).select(rows);
    }

    private EncoderSide encode(Tensor ids, Tensor keyValid, long dropout) {
        Tensor hidden = encoder.forward(shared.forward(ids), keyValid, null, null, dropout);
        return EncoderSide.of(hidden, keyValid);
    }


    private Tensor head(Tensor hidden) {
        if (lmHead != null) {
            return Tensor.matmul(hidden, lmHead.weight(), false, true);
        }
        return Tensor.matmul(hidden.mul((float) Math.pow(config.width(), -0.5)), shared.weight(), false, true);
    }

    @Override
    public void save(Path folder) throws IOException {
        HfT5Checkpoint.save(this, folder);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "t5 (%s, %s head): %d+%d layers, %d heads x %d, width %d, ffn %d, vocab %d,"
                        + " %.2fM parameters", config.feedForward().hfName, config.tied() ? "tied" : "untied",
                config.layers(), config.decoderLayers(), config.heads(), config.headWidth(), config.width(),
                config.ffnWidth(), config.vocabSize(), parameterCount() / 1e6);
    }
}
