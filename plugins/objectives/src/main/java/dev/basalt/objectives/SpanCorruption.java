package dev.basalt.objectives;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.Rng;
import dev.basalt.api.data.TokenSequence;
import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.objective.TokenObjective;
import dev.basalt.api.objective.RunTokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * T5's span corruption for encoder-decoders. A window of raw tokens gets a {@link NoiseSpans} mask; the encoder
 * input is the window with each noise span replaced by one sentinel, then end-of-sequence; the target is each
 * sentinel followed by the span it replaced, then end-of-sequence. Sentinel k is {@code <extra_id_k>}, which T5
 * vocabularies place at the top, counting down from {@code <extra_id_0>}.
 *
 * <p>The raw window is the longest whose encoder input fits in {@code training.context} (T5's
 * {@code random_spans_helper}); since the mask's sizes depend on the length alone, every row has the same input
 * and target length and no padding.
 */
final class SpanCorruption implements TokenObjective {

    private final Settings settings;
    private final NoiseSpans noise;
    private final Vocabulary vocabulary;

    /** What sampling needs from the tokenizer. */
    private record Vocabulary(int eos, int pad, int decoderStart, int[] sentinels, String file) {
    }

    private SpanCorruption(Settings settings, Vocabulary vocabulary) {
        this.settings = settings;
        this.noise = new NoiseSpans(settings.number("noise-density", 0, false, 1, false),
                settings.number("mean-noise-span-length", 1, true, Double.POSITIVE_INFINITY, false));
        this.vocabulary = vocabulary;
    }

    static SpanCorruption fromConfig(Config block) {
        return new SpanCorruption(new Settings(block), null);
    }

    /** The name of sentinel {@code k}. */
    static String sentinel(int k) {
        return "<extra_id_" + k + ">";
    }

    @Override
    public Set<ModelFamily> families() {
        return Set.of(ModelFamily.ENCODER_DECODER);
    }

    @Override
    public SpanCorruption forTokenizer(RunTokenizer run) {
        SpecialTokens specials = new SpecialTokens(run, settings);
        int eos = specials.endOfText("eos-token");
        int pad = specials.pad("pad-token");
        int start = settings.text("decoder-start-token").isEmpty() ? pad
                : specials.id("decoder-start-token", "decoder start", List.of());
        List<Integer> sentinels = new ArrayList<>();
        sentinels.add(specials.required(sentinel(0), "sentinel"));
        for (OptionalInt id; (id = run.tokenizer().tokenId(sentinel(sentinels.size()))).isPresent(); ) {
            sentinels.add(id.getAsInt());
        }
        return new SpanCorruption(settings, new Vocabulary(eos, pad, start,
                sentinels.stream().mapToInt(Integer::intValue).toArray(), run.file()));
    }

    @Override
    public SequenceIds sequenceIds() {
        return vocabulary == null ? null : new SequenceIds(-1, vocabulary.eos(), vocabulary.decoderStart());
    }

    /** The raw tokens per window: the most whose encoder input (kept tokens, sentinels, EOS) fits in {@code length}. */
    int rawLength(int length) {
        if (length < 2) {
            throw new BasaltException("span-corruption needs training.context >= 2 (one token and end-of-sequence),"
                    + " got " + length + ".");
        }
        int raw = length - 1;
        while (inputLength(raw + 1) <= length) {
            raw++;
        }
        return raw;
    }

    int inputLength(int raw) {
        return raw - noise.realizedNoise(raw) + noise.realizedSpans(raw) + 1;
    }

    int targetLength(int raw) {
        return noise.realizedNoise(raw) + noise.realizedSpans(raw) + 1;
    }

    @Override
    public TokenBatch sample(TokenSequence tokens, int rows, int length, Rng rng) {
        if (vocabulary == null) {
            throw new IllegalStateException("span-corruption samples only after forTokenizer");
        }
        int raw = rawLength(length);
        int spans = noise.realizedSpans(raw);
        if (spans > vocabulary.sentinels().length) {
            throw new BasaltException("span-corruption needs " + spans + " sentinels for windows of " + raw
                    + " tokens, but the tokenizer " + vocabulary.file() + " has no " + sentinel(vocabulary.sentinels().length)
                    + "; lower training.context or objective.noise-density, or raise objective.mean-noise-span-length.");
        }
        int sourceLength = inputLength(raw);
        int targetLength = targetLength(raw);
        int[] window = new int[raw];
        int[] inputs = new int[rows * sourceLength];
        int[] targets = new int[rows * targetLength];
        for (int r = 0; r < rows; r++) {
            Windows.read(tokens, raw, rng, window, 0, "the raw tokens behind training.context");
            boolean[] mask = noise.mask(raw, rng);
            int in = r * sourceLength;
            int out = r * targetLength;
            int span = -1;
            for (int t = 0; t < raw; t++) {
                if (!mask[t]) {
                    inputs[in++] = window[t];
                    continue;
                }
                if (t == 0 || !mask[t - 1]) {
                    span++;
                    inputs[in++] = vocabulary.sentinels()[span];
                    targets[out++] = vocabulary.sentinels()[span];
                }
                targets[out++] = window[t];
            }
            inputs[in] = vocabulary.eos();
            targets[out] = vocabulary.eos();
        }
        int[] decoderInputs = TokenBatch.shiftRight(targets, rows, targetLength, vocabulary.decoderStart(), vocabulary.pad());
        return TokenBatch.seq2seq(rows, sourceLength, inputs, null, targetLength, decoderInputs, targets);
    }
}
