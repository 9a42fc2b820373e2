package dev.basalt.bart;

import dev.basalt.api.model.EncoderDecoderCache;
import dev.basalt.api.model.EncoderDecoderCache.EncoderSide;
import dev.basalt.api.model.Seq2SeqLanguageModel;
import dev.basalt.api.model.TokenBatch;
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
public final class BartModel extends Module implements Seq2SeqLanguageModel {

    private final BartConfig config;
    private final Backbone model;
    private final Linear lmHead;
    private final Tensor finalLogitsBias;
    private long dropoutSeed = -1;

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
        this.config = config;
        model = child("model", new Backbone(config, seed));
        lmHead = config.tied() ? null : child("lm_head", new Linear(config.width(), config.vocabSize(), false,
                (float) config.initStd(), seed + 30_000));
        // A buffer in HF (zeros, never trained there); a parameter here so checkpoints carry it.
        finalLogitsBias = parameter("final_logits_bias", Tensor.zeros(1, config.vocabSize()));
    }

    public BartConfig config() {
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
            throw new IllegalArgumentException("bart reads encoder-decoder batches (inputs and decoder inputs); this"
                    + " batch has no decoder inputs");
        }
        long seed = isTraining() ? dropoutSeed : -1;
        Tensor keyValid = EncoderDecoderCache.keyValid(batch);
        EncoderSide side = encode(Tensor.ofInts(batch.inputs(), batch.rows(), batch.length()), keyValid,
                Dropout.partSeed(seed, 0));
        Tensor ids = Tensor.ofInts(batch.decoderInputs(), batch.rows(), batch.targetLength());
        return head(model.decoder.forward(embed(ids), null, side, null, Dropout.partSeed(seed, 1)));
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
    public int beginOfSequenceId() {
        return config.bosId();
    }

    @Override
    public EncoderDecoderCache encode(Tensor ids, Tensor keyValid) {
        return new EncoderDecoderCache(encode(ids, keyValid, -1), config.decoderLayers());
    }

    @Override
    public Tensor decode(Tensor ids, DecoderState state) {
        EncoderDecoderCache cache = (EncoderDecoderCache) state;
        Tensor hidden = model.decoder.forward(embed(ids), null, cache.encoder(), cache, -1);
        cache.advance(ids.dim(1));
        return head(hidden);
    }

    @Override
    public EncoderDecoderCache reorder(DecoderState state, int[] rows) {
        return ((EncoderDecoderCache) state).select(rows);
    }

    private EncoderSide encode(Tensor ids, Tensor keyValid, long dropout) {
        return EncoderSide.of(model.encoder.forward(embed(ids), keyValid, null, null, dropout), keyValid);
    }

    private Tensor embed(Tensor ids) {
        Tensor x = model.shared.forward(ids);
        return config.scaleEmbedding() ? x.mul((float) Math.sqrt(config.width())) : x;
    }


    private Tensor head(Tensor hidden) {
        Tensor table = lmHead != null ? lmHead.weight() : model.shared.weight();
        return Tensor.matmul(hidden, table, false, true).add(finalLogitsBias);
    }

    @Override
    public void save(Path folder) throws IOException {
        HfBartCheckpoint.save(this, folder);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "bart (%s, %s head): %d+%d layers, %d/%d heads, width %d, ffn %d/%d, %d"
                        + " positions, vocab %d, %.2fM parameters", config.activation().hfName,
                config.tied() ? "tied" : "untied", config.layers(), config.decoderLayers(), config.heads(),
                config.decoderHeads(), config.width(), config.ffnWidth(), config.decoderFfnWidth(),
                config.positions(), config.vocabSize(), parameterCount() / 1e6);
    }
}
