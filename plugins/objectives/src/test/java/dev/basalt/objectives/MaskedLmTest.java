package dev.basalt.objectives;

import dev.basalt.api.BasaltException;
import dev.basalt.api.Rng;
import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.objective.TokenObjective;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskedLmTest {

    /** Bounds of 5 standard deviations: a correct sampler fails one with probability below 6e-7. */
    private static final double SIGMAS = 5;

    private static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
    private static final int ORDINARY = 1000;

    private static FakeTokenizer bertLike() {
        List<String> vocab = new ArrayList<>(SPECIALS);
        for (int i = 0; i < ORDINARY; i++) {
            vocab.add("w" + i);
        }
        return new FakeTokenizer(vocab, Set.copyOf(SPECIALS));
    }

    /** Ordinary tokens with [SEP] between documents, a [CLS] at each start and runs of [PAD] and [UNK]. */
    private static int[] stream(FakeTokenizer tokenizer, int length, long seed) {
        Rng rng = new Rng(seed);
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            int roll = rng.nextInt(40);
            ids[i] = switch (roll) {
                case 0 -> tokenizer.id("[SEP]");
                case 1 -> tokenizer.id("[CLS]");
                case 2 -> tokenizer.id("[PAD]");
                case 3 -> tokenizer.id("[UNK]");
                default -> SPECIALS.size() + rng.nextInt(ORDINARY);
            };
        }
        return ids;
    }

    private static TokenObjective mlm(String settings, FakeTokenizer tokenizer) {
        return MaskedLm.fromConfig(Configs.block("mlm", settings)).forTokenizer(tokenizer.run("[SEP]"));
    }

    private static void assertWithin(double expected, double sd, long observed, String what) {
        assertTrue(Math.abs(observed - expected) <= SIGMAS * sd, what + ": observed " + observed + ", expected "
                + expected + " ± " + SIGMAS * sd);
    }

    @Test
    void trainsEncodersOnly() {
        assertEquals(Set.of(ModelFamily.ENCODER), MaskedLm.fromConfig(Configs.block("mlm", "")).families());
    }

    @Test
    void replacementSharesAreWithinBinomialBoundsAndSpecialsAreNeverChosen() {
        checkShares("", 0.15, 0.8, 0.1);
        checkShares("probability = 0.4, mask-fraction = 0.5, random-fraction = 0.3, keep-fraction = 0.2", 0.4, 0.5, 0.3);
    }

    private void checkShares(String settings, double p, double maskShare, double randomShare) {
        FakeTokenizer tokenizer = bertLike();
        RecordingSequence tokens = new RecordingSequence(stream(tokenizer, 200_000, 5));
        int rows = 64;
        int length = 512;
        TokenBatch batch = mlm(settings, tokenizer).sample(tokens, rows, length, new Rng(42));
        int mask = tokenizer.id("[MASK]");
        long ordinary = 0;
        long chosen = 0;
        long masked = 0;
        long replaced = 0;
        for (int r = 0; r < rows; r++) {
            int[] original = tokens.window(r, length);
            for (int t = 0; t < length; t++) {
                int in = batch.inputs()[r * length + t];
                int target = batch.targets()[r * length + t];
                if (original[t] < SPECIALS.size()) {
                    assertEquals(TokenBatch.IGNORE, target, "a special token was chosen");
                    assertEquals(original[t], in, "a special token was replaced");
                    continue;
                }
                ordinary++;
                if (target == TokenBatch.IGNORE) {
                    assertEquals(original[t], in, "a token that is not predicted was changed");
                    continue;
                }
                assertEquals(original[t], target, "the target is the original token");
                chosen++;
                if (in == mask) {
                    masked++;
                } else if (in != original[t]) {
                    assertTrue(in >= SPECIALS.size(), "a random replacement is an ordinary token, got " + in);
                    replaced++;
                }
            }
        }
        // chosen ~ Binomial(ordinary, p); given chosen, masked ~ Binomial(chosen, maskShare); a random replacement
        // that draws the original token (chance 1/ORDINARY) looks kept, so visible replacements have
        // p' = randomShare × (1 − 1/ORDINARY).
        assertWithin(ordinary * p, Math.sqrt(ordinary * p * (1 - p)), chosen, "chosen tokens");
        assertWithin(chosen * maskShare, Math.sqrt(chosen * maskShare * (1 - maskShare)), masked, "masked tokens");
        double pr = randomShare * (1 - 1.0 / ORDINARY);
        assertWithin(chosen * pr, Math.sqrt(chosen * pr * (1 - pr)), replaced, "randomly replaced tokens");
    }

    @Test
    void randomReplacementsAreSpreadOverTheOrdinaryVocabulary() {
        FakeTokenizer tokenizer = bertLike();
        RecordingSequence tokens = new RecordingSequence(stream(tokenizer, 100_000, 6));
        TokenBatch batch = mlm("mask-fraction = 0, random-fraction = 1, keep-fraction = 0, probability = 1", tokenizer)
                .sample(tokens, 32, 1000, new Rng(3));
        long[] counts = new long[10];
        long total = 0;
        for (int i = 0; i < batch.inputs().length; i++) {
            if (batch.targets()[i] != TokenBatch.IGNORE) {
                counts[(batch.inputs()[i] - SPECIALS.size()) * counts.length / ORDINARY]++;
                total++;
            }
        }
        // Each tenth of the ordinary ids gets Binomial(total, 1/10) replacements.
        for (long count : counts) {
            assertWithin(total / 10.0, Math.sqrt(total * 0.1 * 0.9), count, "replacements in a tenth of the vocabulary");
        }
    }

    @Test
    void sameSeedSameBatchAndTheGeneratorEndsInTheSameState() {
        FakeTokenizer tokenizer = bertLike();
        RecordingSequence tokens = new RecordingSequence(stream(tokenizer, 20_000, 7));
        TokenObjective objective = mlm("whole-word = false", tokenizer);
        Rng a = new Rng(11);
        Rng b = new Rng(11);
        TokenBatch first = objective.sample(tokens, 8, 128, a);
        TokenBatch second = objective.sample(tokens, 8, 128, b);
        assertArrayEquals(first.inputs(), second.inputs());
        assertArrayEquals(first.targets(), second.targets());
        assertEquals(a.state(), b.state());
        Rng resumed = new Rng(0);
        resumed.restore(a.state());
        assertArrayEquals(objective.sample(tokens, 8, 128, a).inputs(), objective.sample(tokens, 8, 128, resumed).inputs());
        assertFalse(Arrays.equals(first.targets(), objective.sample(tokens, 8, 128, new Rng(12)).targets()));
    }

    // --- whole words -----------------------------------------------------------------------------------------

    /** A stream of words of 1 to 4 pieces, spelt in one convention, with the word index of each position. */
    private record Words(FakeTokenizer tokenizer, int[] ids, int[] word) {
    }

    private static Words words(String style, long seed) {
        List<String> vocab = new ArrayList<>(SPECIALS);
        int pieces = 200;
        for (int i = 0; i < pieces; i++) {
            vocab.add(switch (style) {
                case "wordpiece" -> "w" + i;
                case "byte-level" -> "Ġw" + i;
                default -> "▁w" + i;
            });
        }
        for (int i = 0; i < pieces; i++) {
            vocab.add(style.equals("wordpiece") ? "##p" + i : "p" + i);
        }
        vocab.add(style.equals("byte-level") ? "Ċ" : "▁");   // a whitespace-only token
        FakeTokenizer tokenizer = new FakeTokenizer(vocab, Set.copyOf(SPECIALS));
        int whitespace = vocab.size() - 1;
        Rng rng = new Rng(seed);
        int n = 60_000;
        int[] ids = new int[n];
        int[] word = new int[n];
        int w = 0;
        for (int i = 0; i < n; w++) {
            int roll = rng.nextInt(20);
            if (roll == 0) {
                ids[i] = tokenizer.id("[SEP]");
                word[i++] = w;
                continue;
            }
            boolean afterWhitespace = !style.equals("wordpiece") && roll == 1;
            if (afterWhitespace) {
                ids[i] = whitespace;   // begins the word after it, as its leading space
                word[i++] = w;
            }
            int count = 1 + rng.nextInt(4);
            for (int k = 0; k < count && i < n; k++, i++) {
                int piece = rng.nextInt(pieces);
                boolean bare = afterWhitespace && k == 0;   // after Ċ or ▁ the word carries no mark of its own
                ids[i] = k == 0 ? (bare ? SPECIALS.size() + pieces + piece : SPECIALS.size() + piece)
                        : SPECIALS.size() + pieces + piece;
                word[i] = w;
            }
        }
        return new Words(tokenizer, ids, word);
    }

    @Test
    void wholeWordMaskingPredictsAllPiecesOfAWordOrNone() {
        for (String style : List.of("wordpiece", "byte-level", "sentencepiece")) {
            for (String boundaries : List.of("auto", style)) {
                Words words = words(style, 21);
                RecordingSequence tokens = new RecordingSequence(words.ids());
                TokenObjective objective = mlm("whole-word = true, word-boundaries = " + boundaries, words.tokenizer());
                int rows = 128;
                int length = 256;
                TokenBatch batch = objective.sample(tokens, rows, length, new Rng(8));
                long wordsSeen = 0;
                long wordsChosen = 0;
                long pairs = 0;
                long pairsChosen = 0;
                for (int r = 0; r < rows; r++) {
                    int start = tokens.starts.get(r);
                    int t = 0;
                    int previousChosen = -1;   // -1: no ordinary word before
                    while (t < length) {
                        int w = words.word()[start + t];
                        int end = t;
                        while (end < length && words.word()[start + end] == w) {
                            end++;
                        }
                        boolean special = words.ids()[start + t] < SPECIALS.size();
                        int predicted = 0;
                        for (int i = t; i < end; i++) {
                            predicted += batch.targets()[r * length + i] == TokenBatch.IGNORE ? 0 : 1;
                        }
                        assertTrue(predicted == 0 || predicted == end - t, style + "/" + boundaries + ": row " + r
                                + " predicts " + predicted + " of the " + (end - t) + " pieces of a word at " + t);
                        int chosen = predicted > 0 ? 1 : 0;
                        if (!special) {
                            wordsSeen++;
                            wordsChosen += chosen;
                            if (previousChosen >= 0) {
                                pairs++;
                                pairsChosen += previousChosen * chosen;
                            }
                            previousChosen = chosen;
                        } else {
                            previousChosen = -1;
                        }
                        t = end;
                    }
                }
                double p = 0.15;
                // Words are chosen ~ Binomial(words, p).
                assertWithin(wordsSeen * p, Math.sqrt(wordsSeen * p * (1 - p)), wordsChosen, style + " chosen words");
                // Neighbouring words are chosen independently, so both of a pair are chosen with chance p²; a
                // tokenizer convention misread as one word would make it p. Overlapping pairs of a chain share a
                // word: variance n·p²(1−p²) + 2(n−1)(p³−p⁴).
                double q = p * p;
                assertWithin(pairs * q, Math.sqrt(pairs * q * (1 - q) + 2.0 * (pairs - 1) * (p * q - q * q)),
                        pairsChosen, style + " neighbouring words both chosen");
            }
        }
    }

    // --- errors ------------------------------------------------------------------------------------------------

    @Test
    void aTokenizerWithoutMaskTokenIsOneMessageNamingTokenAndFile() {
        FakeTokenizer gptLike = new FakeTokenizer(List.of("<|endoftext|>", "a", "b"), Set.of("<|endoftext|>"));
        BasaltException e = assertThrows(BasaltException.class,
                () -> MaskedLm.fromConfig(Configs.block("mlm", "")).forTokenizer(gptLike.run("<|endoftext|>")));
        assertTrue(e.getMessage().contains("[MASK]") && e.getMessage().contains("<mask>"), e.getMessage());
        assertTrue(e.getMessage().contains(FakeTokenizer.FILE), e.getMessage());
        assertTrue(e.getMessage().contains("objective.mask-token"), e.getMessage());

        BasaltException named = assertThrows(BasaltException.class,
                () -> MaskedLm.fromConfig(Configs.block("mlm", "mask-token = \"<hole>\"")).forTokenizer(bertLike().run("[SEP]")));
        assertTrue(named.getMessage().contains("'<hole>'") && named.getMessage().contains(FakeTokenizer.FILE),
                named.getMessage());
    }

    @Test
    void sharesThatDoNotAddUpToOneAreRefusedWithTheKey() {
        BasaltException e = assertThrows(BasaltException.class,
                () -> MaskedLm.fromConfig(Configs.block("mlm", "keep-fraction = 0.2")));
        assertTrue(e.getMessage().contains("objective.keep-fraction = 0.2"), e.getMessage());
        assertTrue(e.getMessage().contains("add up to 1"), e.getMessage());
        BasaltException p = assertThrows(BasaltException.class,
                () -> MaskedLm.fromConfig(Configs.block("mlm", "probability = 0")));
        assertTrue(p.getMessage().contains("objective.probability = 0 must be in (0, 1]"), p.getMessage());
        BasaltException style = assertThrows(BasaltException.class,
                () -> MaskedLm.fromConfig(Configs.block("mlm", "word-boundaries = bpe")));
        assertTrue(style.getMessage().contains("byte-level"), style.getMessage());
    }

    @Test
    void aWindowLongerThanTheStreamIsOneMessage() {
        FakeTokenizer tokenizer = bertLike();
        TokenObjective objective = mlm("", tokenizer);
        BasaltException e = assertThrows(BasaltException.class,
                () -> objective.sample(new RecordingSequence(new int[10]), 1, 11, new Rng(1)));
        assertTrue(e.getMessage().contains("training.context"), e.getMessage());
        assertNotEquals(0, objective.sample(new RecordingSequence(stream(tokenizer, 11, 1)), 1, 11, new Rng(1)).rows());
    }
}
