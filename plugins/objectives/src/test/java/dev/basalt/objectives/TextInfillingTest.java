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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextInfillingTest {

    private static final int ORDINARY = 3000;
    /** BART's layout: <s>=0, <pad>=1, </s>=2, <unk>=3, then the pieces, "." and <mask> last. */
    private static final List<String> SPECIALS = List.of("<s>", "<pad>", "</s>", "<unk>", "<mask>");

    private static FakeTokenizer bartLike() {
        List<String> vocab = new ArrayList<>(SPECIALS.subList(0, 4));
        for (int i = 0; i < ORDINARY; i++) {
            vocab.add("Ġw" + i);
        }
        vocab.add(".");
        vocab.add("<mask>");
        return new FakeTokenizer(vocab, Set.copyOf(SPECIALS));
    }

    /** Ordinary ids, a "." ending a sentence about every 12 tokens and a </s> between documents about every 200. */
    private static RecordingSequence stream(FakeTokenizer tokenizer, int length, long seed) {
        Rng rng = new Rng(seed);
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            int roll = rng.nextInt(200);
            ids[i] = roll == 0 ? tokenizer.id("</s>") : roll < 17 ? tokenizer.id(".") : 4 + rng.nextInt(ORDINARY);
        }
        return new RecordingSequence(ids);
    }

    private static TextInfilling objective(String settings, FakeTokenizer tokenizer) {
        return TextInfilling.fromConfig(Configs.block("text-infilling", settings)).forTokenizer(tokenizer.run("</s>"));
    }

    private static boolean special(int id) {
        return id < 4 || id == 4 + ORDINARY + 1;
    }

    @Test
    void trainsEncoderDecodersOnly() {
        assertEquals(Set.of(ModelFamily.ENCODER_DECODER),
                TextInfilling.fromConfig(Configs.block("text-infilling", "")).families());
    }

    @Test
    void poissonSpanLengthsHaveMeanLambdaAndTheZeroShareExpMinusLambda() {
        for (double lambda : new double[] {3.0, 0.5, 8.0}) {
            Rng rng = new Rng(17);
            int n = 200_000;
            long sum = 0;
            long zeros = 0;
            for (int i = 0; i < n; i++) {
                int k = Poisson.sample(rng, lambda);
                sum += k;
                zeros += k == 0 ? 1 : 0;
            }
            // The mean of n Poisson(λ) draws has standard deviation sqrt(λ / n); P(0) = e^−λ, so zeros ~ Binomial.
            double mean = (double) sum / n;
            assertTrue(Math.abs(mean - lambda) <= 5 * Math.sqrt(lambda / n), "λ = " + lambda + ": mean " + mean);
            double p0 = Math.exp(-lambda);
            assertTrue(Math.abs(zeros - n * p0) <= 5 * Math.sqrt(n * p0 * (1 - p0)), "λ = " + lambda + ": zeros " + zeros);
        }
    }

    @Test
    void theSourceNeverExceedsTheBoundEvenWithManyInsertedMasks() {
        FakeTokenizer tokenizer = bartLike();
        RecordingSequence tokens = stream(tokenizer, 30_000, 1);
        for (double lambda : new double[] {0.05, 0.5, 3}) {
            for (String max : new String[] {"0", "7", "40"}) {
                for (int context : new int[] {3, 4, 5, 9, 33, 128}) {
                    TextInfilling objective = objective("poisson-lambda = " + lambda + ", max-source-length = " + max
                            + ", mask-ratio = 0.5", tokenizer);
                    int bound = max.equals("0") ? context : Math.min(Integer.parseInt(max), context);
                    TokenBatch batch = objective.sample(tokens, 16, context, new Rng(context));
                    assertTrue(batch.length() <= bound, "source of " + batch.length() + " > " + bound + " at λ " + lambda);
                    for (int r = 0; r < batch.rows(); r++) {
                        int real = 0;
                        for (int t = 0; t < batch.length(); t++) {
                            real += batch.keyValid()[r * batch.length() + t];
                        }
                        assertTrue(real <= bound && real >= 3);
                    }
                    assertEquals(bound, batch.targetLength());
                }
            }
        }
    }

    @Test
    void theSourceIsTheWindowWithTheRoundedUpShareOfOrdinaryTokensHiddenAndSpecialsKept() {
        FakeTokenizer tokenizer = bartLike();
        RecordingSequence tokens = stream(tokenizer, 30_000, 2);
        int context = 200;
        int rows = 32;
        TokenBatch batch = objective("", tokenizer).sample(tokens, rows, context, new Rng(3));
        int mask = tokenizer.id("<mask>");
        long masks = 0;
        long hiddenTotal = 0;
        for (int r = 0; r < rows; r++) {
            int[] window = tokens.window(r, context - 2);
            int[] source = row(batch.inputs(), batch.keyValid(), r, batch.length());
            assertEquals(tokenizer.id("<s>"), source[0]);
            assertEquals(tokenizer.id("</s>"), source[source.length - 1]);
            int[] visible = Arrays.stream(Arrays.copyOfRange(source, 1, source.length - 1)).filter(id -> id != mask).toArray();
            int ordinary = (int) Arrays.stream(window).filter(id -> !special(id)).count();
            int hidden = (int) Math.ceil(0.3 * ordinary);
            assertEquals(window.length - hidden, visible.length, "row " + r + " hides ceil(0.3 × " + ordinary + ")");
            assertTrue(isSubsequence(visible, window), "row " + r + ": the visible tokens keep their order");
            assertEquals(Arrays.stream(window).filter(TextInfillingTest::special).count(),
                    Arrays.stream(visible).filter(TextInfillingTest::special).count(), "row " + r + " keeps its specials");
            masks += Arrays.stream(source).filter(id -> id == mask).count();
            hiddenTotal += hidden;
            for (int t = source.length; t < batch.length(); t++) {
                assertEquals(tokenizer.id("<pad>"), batch.inputs()[r * batch.length() + t]);
                assertEquals(0, batch.keyValid()[r * batch.length() + t]);
            }
        }
        // Spans of mean λ = 3 (zero-length ones insert a mask): about hidden / 3 masks, far fewer than hidden tokens.
        assertTrue(masks > hiddenTotal / 6 && masks < hiddenTotal / 2, masks + " masks for " + hiddenTotal + " hidden tokens");
    }

    private static int[] row(int[] ids, int[] valid, int r, int length) {
        int n = 0;
        while (n < length && valid[r * length + n] == 1) {
            n++;
        }
        return Arrays.copyOfRange(ids, r * length, r * length + n);
    }

    private static boolean isSubsequence(int[] part, int[] whole) {
        int at = 0;
        for (int id : whole) {
            if (at < part.length && part[at] == id) {
                at++;
            }
        }
        return at == part.length;
    }

    @Test
    void theTargetIsTheOriginalWindowAndTheDecoderReadsItShiftedRightAfterEos() {
        FakeTokenizer tokenizer = bartLike();
        RecordingSequence tokens = stream(tokenizer, 10_000, 4);
        TokenBatch batch = objective("permute-sentences = true", tokenizer).sample(tokens, 8, 64, new Rng(6));
        for (int r = 0; r < batch.rows(); r++) {
            int[] target = Arrays.copyOfRange(batch.targets(), r * 64, (r + 1) * 64);
            int[] expected = new int[64];
            expected[0] = tokenizer.id("<s>");
            System.arraycopy(tokens.window(r, 62), 0, expected, 1, 62);
            expected[63] = tokenizer.id("</s>");
            assertArrayEquals(expected, target);
            assertEquals(tokenizer.id("</s>"), batch.decoderInputs()[r * 64], "BART starts decoding with </s>");
            for (int t = 1; t < 64; t++) {
                assertEquals(target[t - 1], batch.decoderInputs()[r * 64 + t]);
            }
        }
    }

    @Test
    void permutedSentencesAreTheSameSentencesInAnotherOrder() {
        FakeTokenizer tokenizer = bartLike();
        TextInfilling objective = objective("permute-sentences = true", tokenizer);
        Rng rng = new Rng(7);
        int dot = tokenizer.id(".");
        int reordered = 0;
        int trials = 200;
        for (int trial = 0; trial < trials; trial++) {
            // Eight sentences of 1 to 6 words, the last ending in "." too, so no fragment can join another.
            List<Integer> ids = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                for (int w = rng.nextInt(6); w >= 0; w--) {
                    ids.add(4 + rng.nextInt(ORDINARY));
                }
                ids.add(s == 3 ? tokenizer.id("</s>") : dot);
            }
            int[] window = ids.stream().mapToInt(Integer::intValue).toArray();
            List<String> original = sentences(window, tokenizer);
            List<String> permuted = sentences(objective.permute(window, rng), tokenizer);
            reordered += original.equals(permuted) ? 0 : 1;
            original.sort(null);
            permuted.sort(null);
            assertEquals(original, permuted, "the same sentences in trial " + trial);
        }
        // A uniform shuffle of 8 sentences keeps their order with chance 1/8!; all 200 keeping it has chance 0.
        assertTrue(reordered >= trials - 5, reordered + " of " + trials + " reordered");
    }

    @Test
    void aPermutedSourceHoldsTheWindowsTokens() {
        FakeTokenizer tokenizer = bartLike();
        RecordingSequence tokens = stream(tokenizer, 10_000, 5);
        TokenBatch batch = objective("permute-sentences = true, mask-ratio = 0", tokenizer).sample(tokens, 16, 102, new Rng(7));
        int reordered = 0;
        for (int r = 0; r < batch.rows(); r++) {
            int[] window = tokens.window(r, 100);
            int[] source = Arrays.copyOfRange(batch.inputs(), r * batch.length() + 1, r * batch.length() + 101);
            reordered += Arrays.equals(window, source) ? 0 : 1;
            Arrays.sort(window);
            Arrays.sort(source);
            assertArrayEquals(window, source, "row " + r + " holds the window's tokens");
        }
        assertTrue(reordered >= 15, reordered + " of 16 rows reordered");
    }

    /** Runs ending at "." or a special token; the tail is one too. */
    private static List<String> sentences(int[] ids, FakeTokenizer tokenizer) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            current.append(ids[i]).append(' ');
            if (ids[i] == tokenizer.id(".") || special(ids[i]) || i == ids.length - 1) {
                out.add(current.toString());
                current.setLength(0);
            }
        }
        return out;
    }

    @Test
    void sameSeedSameBatch() {
        FakeTokenizer tokenizer = bartLike();
        TokenObjective objective = objective("permute-sentences = true", tokenizer);
        RecordingSequence tokens = stream(tokenizer, 5000, 8);
        TokenBatch a = objective.sample(tokens, 8, 100, new Rng(9));
        TokenBatch b = objective.sample(tokens, 8, 100, new Rng(9));
        assertArrayEquals(a.inputs(), b.inputs());
        assertArrayEquals(a.keyValid(), b.keyValid());
        assertArrayEquals(a.targets(), b.targets());
        assertFalse(Arrays.equals(a.targets(), objective.sample(tokens, 8, 100, new Rng(10)).targets()));
    }

    @Test
    void missingTokensAndBadSettingsAreOneMessage() {
        FakeTokenizer noMask = new FakeTokenizer(List.of("<s>", "<pad>", "</s>", "a"), Set.of("<s>", "<pad>", "</s>"));
        BasaltException mask = assertThrows(BasaltException.class,
                () -> TextInfilling.fromConfig(Configs.block("text-infilling", "")).forTokenizer(noMask.run("</s>")));
        assertTrue(mask.getMessage().contains("<mask>") && mask.getMessage().contains(FakeTokenizer.FILE), mask.getMessage());
        BasaltException lambda = assertThrows(BasaltException.class,
                () -> TextInfilling.fromConfig(Configs.block("text-infilling", "poisson-lambda = 0")));
        assertTrue(lambda.getMessage().contains("objective.poisson-lambda = 0"), lambda.getMessage());
        BasaltException tiny = assertThrows(BasaltException.class,
                () -> objective("", bartLike()).sample(stream(bartLike(), 100, 1), 1, 2, new Rng(1)));
        assertTrue(tiny.getMessage().contains("at least 3"), tiny.getMessage());
    }
}
