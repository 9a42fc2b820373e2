package dev.basalt.objectives;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.Rng;
import dev.basalt.api.data.TokenSequence;
import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.objective.TokenObjective;
import dev.basalt.api.objective.RunTokenizer;

import java.util.List;
import java.util.Set;

/**
 * Masked language modelling for encoders (BERT): in each window, every ordinary token (never a special or pad
 * token) is chosen for prediction with probability {@code probability}, independently; with whole-word masking the
 * choice is made once per word and covers all its pieces. A chosen token is replaced by the mask token, by a random
 * ordinary token, or kept, with the configured shares (80/10/10 by default), decided per token as in BERT. Only
 * chosen positions have targets.
 */
final class MaskedLm implements TokenObjective {

    private static final Set<String> BOUNDARIES = Set.of("auto", "wordpiece", "byte-level", "sentencepiece");

    private final Settings settings;
    private final double probability;
    private final double maskShare;
    private final double randomShare;
    private final boolean wholeWord;
    private final Vocabulary vocabulary;

    /** What sampling needs from the tokenizer. */
    private record Vocabulary(int maskId, boolean[] special, int[] ordinary, WordStarts words) {
    }

    private MaskedLm(Settings settings, Vocabulary vocabulary) {
        this.settings = settings;
        this.probability = settings.number("probability", 0, false, 1, true);
        this.maskShare = settings.number("mask-fraction", 0, true, 1, true);
        this.randomShare = settings.number("random-fraction", 0, true, 1, true);
        double keepShare = settings.number("keep-fraction", 0, true, 1, true);
        double sum = maskShare + randomShare + keepShare;
        if (Math.abs(sum - 1) > 1e-9) {
            throw settings.invalid("keep-fraction", Settings.format(keepShare), "makes mask-fraction + random-fraction"
                    + " + keep-fraction = " + Settings.format(sum) + "; the three shares of the chosen tokens must add up to 1");
        }
        this.wholeWord = settings.flag("whole-word");
        settings.oneOf("word-boundaries", BOUNDARIES);
        this.vocabulary = vocabulary;
    }

    /** Reads and checks the {@code objective} block; {@link #forTokenizer} must follow before sampling. */
    static MaskedLm fromConfig(Config block) {
        return new MaskedLm(new Settings(block), null);
    }

    @Override
    public Set<ModelFamily> families() {
        return Set.of(ModelFamily.ENCODER);
    }

    @Override
    public MaskedLm forTokenizer(RunTokenizer run) {
        SpecialTokens specials = new SpecialTokens(run, settings);
        int mask = specials.id("mask-token", "mask", List.of("[MASK]", "<mask>"));
        boolean[] special = run.tokenizer().padToken().isPresent()
                ? specials.specialTable(mask, run.tokenizer().padToken().get().getKey())
                : specials.specialTable(mask);
        int ordinaryCount = 0;
        for (boolean s : special) {
            ordinaryCount += s ? 0 : 1;
        }
        if (ordinaryCount == 0) {
            throw new BasaltException("The tokenizer " + run.file() + " has only special tokens; mlm has nothing to mask.");
        }
        int[] ordinary = new int[ordinaryCount];
        for (int id = 0, n = 0; id < special.length; id++) {
            if (!special[id]) {
                ordinary[n++] = id;
            }
        }
        WordStarts words = null;
        if (wholeWord) {
            String style = settings.text("word-boundaries");
            words = WordStarts.of(run.tokenizer(), run.file(), style.equals("auto") ? null : WordStarts.Style.of(style),
                    special);
        }
        return new MaskedLm(settings, new Vocabulary(mask, special, ordinary, words));
    }

    @Override
    public TokenBatch sample(TokenSequence tokens, int rows, int length, Rng rng) {
        if (vocabulary == null) {
            throw new IllegalStateException("mlm samples only after forTokenizer");
        }
        int[] inputs = new int[rows * length];
        int[] targets = new int[rows * length];
        java.util.Arrays.fill(targets, TokenBatch.IGNORE);
        boolean[] chosen = new boolean[length];
        boolean[] wordStart = new boolean[length];
        for (int r = 0; r < rows; r++) {
            int row = r * length;
            Windows.read(tokens, length, rng, inputs, row, "training.context");
            choose(inputs, row, length, rng, chosen, wordStart);
            for (int t = 0; t < length; t++) {
                if (chosen[t]) {
                    targets[row + t] = inputs[row + t];
                    inputs[row + t] = replacement(inputs[row + t], rng);
                }
            }
        }
        return new TokenBatch(rows, length, inputs, targets);
    }

    /** Marks the positions to predict: ordinary tokens, each (or each word) with probability {@code probability}. */
    private void choose(int[] ids, int row, int length, Rng rng, boolean[] chosen, boolean[] wordStart) {
        if (vocabulary.words() != null) {
            vocabulary.words().mark(ids, row, length, wordStart);
        }
        boolean wordChosen = false;
        for (int t = 0; t < length; t++) {
            if (isSpecial(ids[row + t])) {
                chosen[t] = false;
                continue;
            }
            if (vocabulary.words() == null || wordStart[t]) {
                wordChosen = rng.nextDouble() < probability;
            }
            chosen[t] = wordChosen;
        }
    }

    private int replacement(int original, Rng rng) {
        double u = rng.nextDouble();
        if (u < maskShare) {
            return vocabulary.maskId();
        }
        if (u < maskShare + randomShare) {
            return vocabulary.ordinary()[rng.nextInt(vocabulary.ordinary().length)];
        }
        return original;
    }

    private boolean isSpecial(int id) {
        return id >= 0 && id < vocabulary.special().length && vocabulary.special()[id];
    }
}
