package dev.basalt.objectives;

import dev.basalt.api.BasaltException;
import dev.basalt.api.Rng;
import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.objective.TokenObjective;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpanCorruptionTest {

    private static final int ORDINARY = 5000;
    private static final int SENTINELS = 100;

    /** T5's layout: <pad>=0, </s>=1, <unk>=2, the pieces, then <extra_id_99> ... <extra_id_0> at the top. */
    private static FakeTokenizer t5Like(int sentinels) {
        List<String> vocab = new ArrayList<>(List.of("<pad>", "</s>", "<unk>"));
        for (int i = 0; i < ORDINARY; i++) {
            vocab.add("▁w" + i);
        }
        for (int k = sentinels - 1; k >= 0; k--) {
            vocab.add("<extra_id_" + k + ">");
        }
        return new FakeTokenizer(vocab, Set.of("<pad>", "</s>", "<unk>"));
    }

    /** Distinct ids in a row-by-row readable pattern: position i holds 3 + i mod ORDINARY. */
    private static RecordingSequence stream(int length) {
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = 3 + i % ORDINARY;
        }
        return new RecordingSequence(ids);
    }

    private static SpanCorruption objective(String settings, FakeTokenizer tokenizer) {
        return SpanCorruption.fromConfig(Configs.block("span-corruption", settings)).forTokenizer(tokenizer.run("</s>"));
    }

    private static int halfEven(double x) {
        return new BigDecimal(x).setScale(0, RoundingMode.HALF_EVEN).intValueExact();
    }

    /** T5's counts, written from the formula: noise = round(n·d) in [1, n−1]; spans = round(min/mean) ≥ 1. */
    private static int[] expectedCounts(int length, double density, double mean) {
        if (length < 2) {
            return new int[] {0, 0};
        }
        int noise = Math.min(Math.max(halfEven(length * density), 1), length - 1);
        int spans = Math.max(1, halfEven(Math.min(noise, length - noise) / mean));
        return new int[] {noise, spans};
    }

    @Test
    void trainsEncoderDecodersOnly() {
        assertEquals(Set.of(ModelFamily.ENCODER_DECODER),
                SpanCorruption.fromConfig(Configs.block("span-corruption", "")).families());
    }

    @Test
    void theNoiseMaskHasTheFormulasCountsOnEveryLengthAndShortInputsNeverCrash() {
        Rng rng = new Rng(1);
        for (double density : new double[] {0.15, 0.3, 0.5, 0.8}) {
            for (double mean : new double[] {1, 3, 7.5}) {
                NoiseSpans spans = new NoiseSpans(density, mean);
                for (int length = 1; length <= 700; length++) {
                    boolean[] mask = spans.mask(length, rng);
                    assertEquals(length, mask.length);
                    int[] expected = expectedCounts(length, density, mean);
                    int noise = 0;
                    int runs = 0;
                    for (int t = 0; t < length; t++) {
                        noise += mask[t] ? 1 : 0;
                        runs += mask[t] && (t == 0 || !mask[t - 1]) ? 1 : 0;
                    }
                    String where = "length " + length + ", density " + density + ", mean " + mean;
                    assertEquals(expected[0], noise, "noise tokens at " + where);
                    assertEquals(expected[1], runs, "noise spans at " + where);
                    if (length >= 2) {
                        assertFalse(mask[0], "T5 starts with a non-noise span, " + where);
                        assertTrue(mask[length - 1], "T5 ends with a noise span, " + where);
                    }
                }
            }
        }
    }

    @Test
    void spanLengthsAreAUniformRandomComposition() {
        // 10 tokens at density 0.5, mean 2.5: 5 noise tokens in round(5 / 2.5) = 2 spans. The first span's length k
        // of a uniform composition of 5 into 2 non-empty parts is uniform on 1..4: each count ~ Binomial(N, 1/4).
        NoiseSpans spans = new NoiseSpans(0.5, 2.5);
        Rng rng = new Rng(4);
        int n = 40_000;
        long[] firstLength = new long[6];
        for (int i = 0; i < n; i++) {
            boolean[] mask = spans.mask(10, rng);
            int t = 0;
            while (!mask[t]) {
                t++;
            }
            int k = 0;
            while (mask[t + k]) {
                k++;
            }
            firstLength[k]++;
        }
        double sd = Math.sqrt(n * 0.25 * 0.75);
        for (int k = 1; k <= 4; k++) {
            assertTrue(Math.abs(firstLength[k] - n / 4.0) <= 5 * sd, "first span of length " + k + ": " + firstLength[k]);
        }
        assertEquals(0, firstLength[5]);
    }

    @Test
    void inputsAndTargetsInterleavedBySentinelReproduceTheWindowExactly() {
        FakeTokenizer tokenizer = t5Like(SENTINELS);
        for (int context : new int[] {2, 3, 4, 5, 8, 17, 64, 512}) {
            RecordingSequence tokens = stream(20_000);
            SpanCorruption objective = objective("", tokenizer);
            int rows = 16;
            TokenBatch batch = objective.sample(tokens, rows, context, new Rng(context));
            int raw = objective.rawLength(context);
            int[] counts = expectedCounts(raw, 0.15, 3.0);
            // The raw window is the longest whose input (kept tokens, one sentinel per span, EOS) fits the context.
            assertEquals(raw - counts[0] + counts[1] + 1, batch.length(), "input length at context " + context);
            assertTrue(batch.length() <= context);
            int[] next = expectedCounts(raw + 1, 0.15, 3.0);
            assertTrue(raw + 1 - next[0] + next[1] + 1 > context, "a longer window would also fit at " + context);
            assertEquals(counts[0] + counts[1] + 1, batch.targetLength(), "target length at context " + context);
            assertTrue(batch.isSeq2Seq());
            assertEquals(null, batch.keyValid(), "equal-length rows need no padding mask");
            for (int r = 0; r < rows; r++) {
                int[] input = Arrays.copyOfRange(batch.inputs(), r * batch.length(), (r + 1) * batch.length());
                int[] target = Arrays.copyOfRange(batch.targets(), r * batch.targetLength(), (r + 1) * batch.targetLength());
                assertEquals(tokenizer.id("</s>"), input[input.length - 1]);
                assertEquals(tokenizer.id("</s>"), target[target.length - 1]);
                assertArrayEquals(tokens.window(r, raw), interleave(input, target, tokenizer), "row " + r + " at " + context);
            }
        }
    }

    /** Replaces sentinel k of the input by what follows sentinel k in the target, up to the next sentinel or EOS. */
    private static int[] interleave(int[] input, int[] target, FakeTokenizer tokenizer) {
        List<Integer> out = new ArrayList<>();
        int eos = tokenizer.id("</s>");
        for (int id : input) {
            if (id == eos) {
                break;
            }
            if (!tokenizer.token(id).orElseThrow().startsWith("<extra_id_")) {
                out.add(id);
                continue;
            }
            int at = 0;
            while (target[at] != id) {
                at++;
            }
            for (at++; target[at] != eos && !tokenizer.token(target[at]).orElseThrow().startsWith("<extra_id_"); at++) {
                out.add(target[at]);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void sentinelsCountDownFromTheTopOfTheVocabularyInSpanOrder() {
        FakeTokenizer tokenizer = t5Like(SENTINELS);
        int top = tokenizer.vocabSize() - 1;
        assertEquals(top, tokenizer.id("<extra_id_0>"));
        TokenBatch batch = objective("noise-density = 0.3, mean-noise-span-length = 2", tokenizer)
                .sample(stream(10_000), 8, 256, new Rng(2));
        for (int r = 0; r < batch.rows(); r++) {
            int expected = top;
            for (int t = 0; t < batch.length(); t++) {
                int id = batch.inputs()[r * batch.length() + t];
                if (id > 2 + ORDINARY) {
                    assertEquals(expected--, id, "the k-th span of row " + r + " has <extra_id_k> = top − k");
                }
            }
            assertTrue(expected < top, "row " + r + " has spans");
            assertEquals(top, batch.targets()[r * batch.targetLength()], "targets start with <extra_id_0>");
        }
    }

    @Test
    void theDecoderReadsTheTargetsShiftedRightAfterThePadToken() {
        FakeTokenizer tokenizer = t5Like(SENTINELS);
        TokenBatch batch = objective("", tokenizer).sample(stream(5000), 4, 64, new Rng(5));
        for (int r = 0; r < batch.rows(); r++) {
            int row = r * batch.targetLength();
            assertEquals(tokenizer.id("<pad>"), batch.decoderInputs()[row]);
            for (int t = 1; t < batch.targetLength(); t++) {
                assertEquals(batch.targets()[row + t - 1], batch.decoderInputs()[row + t]);
            }
        }
        TokenBatch started = objective("decoder-start-token = \"<unk>\"", tokenizer).sample(stream(5000), 1, 64, new Rng(5));
        assertEquals(tokenizer.id("<unk>"), started.decoderInputs()[0]);
    }

    @Test
    void sameSeedSameBatch() {
        FakeTokenizer tokenizer = t5Like(SENTINELS);
        TokenObjective objective = objective("", tokenizer);
        RecordingSequence tokens = stream(5000);
        TokenBatch a = objective.sample(tokens, 8, 100, new Rng(9));
        TokenBatch b = objective.sample(tokens, 8, 100, new Rng(9));
        assertArrayEquals(a.inputs(), b.inputs());
        assertArrayEquals(a.targets(), b.targets());
        assertArrayEquals(a.decoderInputs(), b.decoderInputs());
        assertFalse(Arrays.equals(a.inputs(), objective.sample(tokens, 8, 100, new Rng(10)).inputs()));
    }

    @Test
    void missingSentinelsAreOneMessageNamingTheTokenAndTheFile() {
        BasaltException none = assertThrows(BasaltException.class, () -> objective("", t5Like(0)));
        assertTrue(none.getMessage().contains("<extra_id_0>") && none.getMessage().contains(FakeTokenizer.FILE),
                none.getMessage());
        SpanCorruption few = objective("", t5Like(3));
        BasaltException more = assertThrows(BasaltException.class, () -> few.sample(stream(5000), 1, 512, new Rng(1)));
        assertTrue(more.getMessage().contains("<extra_id_3>") && more.getMessage().contains(FakeTokenizer.FILE),
                more.getMessage());
        FakeTokenizer noPad = new FakeTokenizer(List.of("</s>", "a", "<extra_id_0>"), Set.of("</s>"));
        BasaltException pad = assertThrows(BasaltException.class,
                () -> SpanCorruption.fromConfig(Configs.block("span-corruption", "")).forTokenizer(noPad.run("</s>")));
        assertTrue(pad.getMessage().contains("<pad>") && pad.getMessage().contains(FakeTokenizer.FILE), pad.getMessage());
    }

    @Test
    void settingsOutsideTheirRangeAreRefusedWithTheKey() {
        BasaltException density = assertThrows(BasaltException.class,
                () -> SpanCorruption.fromConfig(Configs.block("span-corruption", "noise-density = 1.0")));
        assertTrue(density.getMessage().contains("objective.noise-density = 1 must be in (0, 1)"), density.getMessage());
        BasaltException mean = assertThrows(BasaltException.class,
                () -> SpanCorruption.fromConfig(Configs.block("span-corruption", "mean-noise-span-length = 0.5")));
        assertTrue(mean.getMessage().endsWith("objective.mean-noise-span-length = 0.5 must be at least 1."),
                mean.getMessage());
        BasaltException context = assertThrows(BasaltException.class,
                () -> objective("", t5Like(SENTINELS)).sample(stream(100), 1, 1, new Rng(1)));
        assertTrue(context.getMessage().contains("training.context"), context.getMessage());
    }
}
