package dev.basalt.api.model;

import dev.basalt.api.model.EncoderDecoderCache.EncoderSide;
import dev.basalt.api.nn.Module;
import dev.basalt.api.tensor.Tensor;

/**
 * The part every encoder-decoder shares: teacher-forced logits of a batch, and generation's encode-once, decode
 * step by step on an {@link EncoderDecoderCache}, rows reordered for beam search. An architecture supplies its
 * encoder, its decoder and its head; each derives the dropout seeds of its parts from the step seed it is given,
 * which is negative (no dropout) in evaluation and generation.
 *
 * @param <C> the architecture's hyper-parameters
 */
public abstract class EncoderDecoderModel<C extends EncoderDecoderConfig> extends Module
        implements Seq2SeqLanguageModel {

    private final String name;
    private final C config;
    private long dropoutSeed = -1;

    /**
     * @param name   the architecture's name, for messages
     * @param config the hyper-parameters
     */
    protected EncoderDecoderModel(String name, C config) {
        this.name = name;
        this.config = config;
    }

    /** The hyper-parameters this model was built from. */
    public final C config() {
        return config;
    }

    /**
     * The encoder's output {@code [rows, length, width]} for token ids {@code [rows, length]}.
     *
     * @param keyValid  {@code [rows, length]}, 1 for real tokens and 0 for padding; null when no row is padded
     * @param stepSeed  the training step's dropout seed, negative for none
     */
    protected abstract Tensor runEncoder(Tensor ids, Tensor keyValid, long stepSeed);

    /**
     * The decoder's output {@code [rows, T, width]} for decoder ids {@code [rows, T]}.
     *
     * @param encoder  what cross-attention reads
     * @param cache    while generating: keys and values so far, which the decoder layers append to; null when
     *                 teacher-forced
     * @param stepSeed the training step's dropout seed, negative for none
     */
    protected abstract Tensor runDecoder(Tensor ids, EncoderSide encoder, EncoderDecoderCache cache, long stepSeed);

    /** Logits {@code [rows, T, vocab]} of the decoder's output. */
    protected abstract Tensor head(Tensor hidden);

    /** A negative seed turns dropout off. */
    @Override
    public final void dropoutSeed(long seed) {
        this.dropoutSeed = seed;
    }

    @Override
    public final Module module() {
        return this;
    }

    @Override
    public final int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public final int decoderStartId() {
        return config.decoderStartId();
    }

    @Override
    public final int endOfSequenceId() {
        return config.eosId();
    }

    @Override
    public final int beginOfSequenceId() {
        return config.bosId();
    }

    @Override
    public final Tensor logits(TokenBatch batch) {
        if (!batch.isSeq2Seq()) {
            throw new IllegalArgumentException(name + " reads encoder-decoder batches (inputs and decoder inputs); this"
                    + " batch has no decoder inputs");
        }
        long seed = isTraining() ? dropoutSeed : -1;
        Tensor keyValid = EncoderDecoderCache.keyValid(batch);
        Tensor inputs = Tensor.ofInts(batch.inputs(), batch.rows(), batch.length());
        EncoderSide side = EncoderSide.of(runEncoder(inputs, keyValid, seed), keyValid);
        Tensor ids = Tensor.ofInts(batch.decoderInputs(), batch.rows(), batch.targetLength());
        return head(runDecoder(ids, side, null, seed));
    }

    @Override
    public final EncoderDecoderCache encode(Tensor ids, Tensor keyValid) {
        return new EncoderDecoderCache(EncoderSide.of(runEncoder(ids, keyValid, -1), keyValid), config.decoderLayers());
    }

    @Override
    public final Tensor decode(Tensor ids, DecoderState state) {
        EncoderDecoderCache cache = (EncoderDecoderCache) state;
        Tensor hidden = runDecoder(ids, cache.encoder(), cache, -1);
        cache.advance(ids.dim(1));
        return head(hidden);
    }

    @Override
    public final EncoderDecoderCache reorder(DecoderState state, int[] rows) {
        return ((EncoderDecoderCache) state).select(rows);
    }
}
