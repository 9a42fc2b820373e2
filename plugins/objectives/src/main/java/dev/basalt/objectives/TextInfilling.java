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
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * BART's text infilling for encoder-decoders. In a window of raw tokens, optionally with its sentences shuffled
 * first, {@code ceil(mask-ratio × ordinary tokens)} tokens are hidden in spans whose lengths are drawn from
 * Poisson(λ); each span becomes a single mask token, and a zero-length span inserts one. The encoder reads
 * {@code bos, corrupted text, eos}, padded to the batch's longest row; the decoder must produce
 * {@code bos, original text, eos}. Special tokens are never hidden.
 *
 * <p>The raw window is the source bound minus bos and eos, so without insertions the source never exceeds the
 * bound (each span leaves at most one mask per token it hides); an inserted mask is kept only while it fits.
 */
final class TextInfilling implements TokenObjective {

    private final Settings settings;
    private final double maskRatio;
    private final double lambda;
    private final boolean permuteSentences;
    private final int maxSourceLength;
    private final Vocabulary vocabulary;

    /** What sampling needs from the tokenizer. */
    private record Vocabulary(int mask, int bos, int eos, int pad, int decoderStart, boolean[] special,
                              boolean[] sentenceEnd) {
    }

    private TextInfilling(Settings settings, Vocabulary vocabulary) {
        this.settings = settings;
        this.maskRatio = settings.number("mask-ratio", 0, true, 1, true);
        this.lambda = settings.number("poisson-lambda", 0, false, Poisson.MAX_LAMBDA, true);
        this.permuteSentences = settings.flag("permute-sentences");
        this.maxSourceLength = settings.atLeast("max-source-length", 0);
        settings.texts("sentence-end-tokens");
        this.vocabulary = vocabulary;
    }

    static TextInfilling fromConfig(Config block) {
        return new TextInfilling(new Settings(block), null);
    }

    @Override
    public Set<ModelFamily> families() {
        return Set.of(ModelFamily.ENCODER_DECODER);
    }

    @Override
    public TextInfilling forTokenizer(RunTokenizer run) {
        SpecialTokens specials = new SpecialTokens(run, settings);
        int mask = specials.id("mask-token", "mask", List.of("<mask>", "[MASK]"));
        int bos = specials.id("bos-token", "beginning-of-sequence", List.of("<s>", "[CLS]"));
        int eos = specials.endOfText("eos-token");
        int pad = specials.pad("pad-token");
        int start = settings.text("decoder-start-token").isEmpty() ? eos
                : specials.id("decoder-start-token", "decoder start", List.of());
        boolean[] special = specials.specialTable(mask, bos, eos, pad);
        boolean[] sentenceEnd = permuteSentences ? sentenceEnds(run, special) : null;
        return new TextInfilling(settings, new Vocabulary(mask, bos, eos, pad, start, special, sentenceEnd));
    }

    @Override
    public SequenceIds sequenceIds() {
        return vocabulary == null ? null
                : new SequenceIds(vocabulary.bos(), vocabulary.eos(), vocabulary.decoderStart());
    }

    /** Ids whose text ends a sentence (ends with one of {@code sentence-end-tokens}), and the special ids. */
    private boolean[] sentenceEnds(RunTokenizer run, boolean[] special) {
        List<String> enders = settings.texts("sentence-end-tokens");
        boolean[] ends = special.clone();
        for (int id = 0; id < Math.min(ends.length, run.tokenizer().vocabSize()); id++) {
            if (ends[id]) {
                continue;
            }
            String text;
            try {
                text = run.tokenizer().decode(new int[] {id}, false).strip();
            } catch (IllegalArgumentException noTokenAtThisId) {
                continue;
            }
            for (String ender : enders) {
                if (!ender.isEmpty() && text.endsWith(ender)) {
                    ends[id] = true;
                    break;
                }
            }
        }
        return ends;
    }

    /** The most tokens a source row holds: {@code max-source-length} (0: {@code length}), at most {@code length}. */
    int sourceBound(int length) {
        return maxSourceLength == 0 ? length : Math.min(maxSourceLength, length);
    }

    @Override
    public TokenBatch sample(TokenSequence tokens, int rows, int length, Rng rng) {
        if (vocabulary == null) {
            throw new IllegalStateException("text-infilling samples only after forTokenizer");
        }
        int bound = sourceBound(length);
        if (bound < 3) {
            throw new BasaltException("text-infilling needs a source of at least 3 tokens (bos, one token, eos), but"
                    + " training.context and objective.max-source-length allow " + bound + ".");
        }
        int raw = bound - 2;
        int targetLength = raw + 2;
        int[] window = new int[raw];
        int[] targets = new int[rows * targetLength];
        List<int[]> sources = new ArrayList<>(rows);
        int longest = 0;
        for (int r = 0; r < rows; r++) {
            Windows.read(tokens, raw, rng, window, 0, "training.context or objective.max-source-length, minus two");
            int row = r * targetLength;
            targets[row] = vocabulary.bos();
            System.arraycopy(window, 0, targets, row + 1, raw);
            targets[row + raw + 1] = vocabulary.eos();
            int[] text = permuteSentences ? permute(window, rng) : window.clone();
            int[] source = corrupt(text, bound, rng);
            sources.add(source);
            longest = Math.max(longest, source.length);
        }
        int[] inputs = new int[rows * longest];
        int[] keyValid = new int[rows * longest];
        for (int r = 0; r < rows; r++) {
            int[] source = sources.get(r);
            Arrays.fill(inputs, r * longest, (r + 1) * longest, vocabulary.pad());
            System.arraycopy(source, 0, inputs, r * longest, source.length);
            Arrays.fill(keyValid, r * longest, r * longest + source.length, 1);
        }
        int[] decoderInputs = TokenBatch.shiftRight(targets, rows, targetLength, vocabulary.decoderStart(), vocabulary.pad());
        return TokenBatch.seq2seq(rows, longest, inputs, keyValid, targetLength, decoderInputs, targets);
    }

    /** The window with its sentences (runs ending at a sentence-end token; the tail is one too) shuffled. */
    int[] permute(int[] window, Rng rng) {
        List<int[]> sentences = new ArrayList<>();
        int from = 0;
        for (int t = 0; t < window.length; t++) {
            if (isSentenceEnd(window[t]) || t == window.length - 1) {
                sentences.add(Arrays.copyOfRange(window, from, t + 1));
                from = t + 1;
            }
        }
        for (int i = sentences.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int[] swap = sentences.get(i);
            sentences.set(i, sentences.get(j));
            sentences.set(j, swap);
        }
        int[] out = new int[window.length];
        int at = 0;
        for (int[] sentence : sentences) {
            System.arraycopy(sentence, 0, out, at, sentence.length);
            at += sentence.length;
        }
        return out;
    }

    /** {@code bos, text with spans masked, eos}, at most {@code bound} tokens. */
    int[] corrupt(int[] text, int bound, Rng rng) {
        int ordinary = 0;
        for (int id : text) {
            ordinary += isSpecial(id) ? 0 : 1;
        }
        int hide = (int) Math.ceil(maskRatio * ordinary);
        List<Integer> spans = new ArrayList<>();
        for (int total = 0; total < hide; ) {
            int span = Math.min(Poisson.sample(rng, lambda), hide - total);
            spans.add(span);
            total += span;
        }
        // Spans go into the gaps around the ordinary tokens left visible, so they never overlap.
        int visible = ordinary - hide;
        int[] gaps = new int[spans.size()];
        for (int s = 0; s < gaps.length; s++) {
            gaps[s] = rng.nextInt(visible + 1);
        }
        boolean[] hidden = new boolean[ordinary];
        boolean[] spanStart = new boolean[ordinary];
        int[] insertsBefore = new int[ordinary + 1];
        int at = 0;
        for (int gap = 0; gap <= visible; gap++) {
            for (int s = 0; s < gaps.length; s++) {
                if (gaps[s] != gap) {
                    continue;
                }
                int span = spans.get(s);
                if (span == 0) {
                    insertsBefore[at]++;
                } else {
                    spanStart[at] = true;
                    Arrays.fill(hidden, at, at + span, true);
                    at += span;
                }
            }
            at++;
        }
        return assemble(text, hidden, spanStart, insertsBefore, bound);
    }

    private int[] assemble(int[] text, boolean[] hidden, boolean[] spanStart, int[] insertsBefore, int bound) {
        int[] out = new int[bound];
        int n = 0;
        out[n++] = vocabulary.bos();
        int withoutInserts = 2;
        boolean previousHidden = false;
        for (int t = 0, c = 0; t < text.length; t++) {
            if (isSpecial(text[t])) {
                withoutInserts++;
                previousHidden = false;
            } else {
                if (!hidden[c] || spanStart[c] || !previousHidden) {
                    withoutInserts++;
                }
                previousHidden = hidden[c++];
            }
        }
        int spare = bound - withoutInserts;
        previousHidden = false;
        int c = 0;
        for (int id : text) {
            if (isSpecial(id)) {
                out[n++] = id;
                previousHidden = false;
                continue;
            }
            for (int i = 0; i < insertsBefore[c] && spare > 0; i++, spare--) {
                out[n++] = vocabulary.mask();
            }
            if (!hidden[c]) {
                out[n++] = id;
            } else if (spanStart[c] || !previousHidden) {
                out[n++] = vocabulary.mask();
            }
            previousHidden = hidden[c++];
        }
        for (int i = 0; i < insertsBefore[c] && spare > 0; i++, spare--) {
            out[n++] = vocabulary.mask();
        }
        out[n++] = vocabulary.eos();
        return Arrays.copyOf(out, n);
    }

    private boolean isSpecial(int id) {
        return id >= 0 && id < vocabulary.special().length && vocabulary.special()[id];
    }

    private boolean isSentenceEnd(int id) {
        return id >= 0 && id < vocabulary.sentenceEnd().length && vocabulary.sentenceEnd()[id];
    }
}
