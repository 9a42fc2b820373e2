package dev.basalt.bart;

import dev.basalt.api.model.Seq2SeqLanguageModel.DecoderState;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The generation path (encoder run once, decoder one token at a time on its cache, rows rearranged for beam search)
 * changes how logits are computed but not what they are: they must equal the teacher-forced forward pass over the
 * whole decoder sequence (causal attention over cached keys is attention over the prefix, and each new token reads
 * the learned position at the cached length + 2).
 */
class BartDecodingTest {

    /** Float32 sums in another order: differences near 1e-6 of logits of a few units. */
    private static final float TOLERANCE = 2e-4f;
    private static final int VOCAB = 23;

    @BeforeAll
    static void backend() {
        BartTesting.useCpu();
    }

    private static float[] teacherForced(BartModel model, int[] source, int[] decoderIds) {
        TokenBatch batch = TokenBatch.seq2seq(1, source.length, source, null, decoderIds.length, decoderIds,
                new int[decoderIds.length]);
        return model.logits(batch).toFloatArray();
    }

    @ParameterizedTest
    @CsvSource({"false, true", "true, false"})
    void cachedStepsAndReorderedRowsGiveTheTeacherForcedLogits(boolean scale, boolean tied) {
        BartModel model = new BartModel(BartTesting.tiny(VOCAB, BartConfig.Activation.GELU, scale, tied), 13);
        BartTesting.randomize(model, 21);
        model.eval();
        int[] source = {5, 9, 2, 17, 1};
        int[] decoderA = {2, 4, 11, 7, 19, 3};
        int[] decoderB = {2, 8, 8, 21, 6, 2};
        try (NoGrad ignored = NoGrad.enter()) {
            float[] fullA = teacherForced(model, source, decoderA);
            float[] fullB = teacherForced(model, source, decoderB);
            // Two rows over the same encoder output, decoded step by step; after step 3 the rows swap and row 0
            // continues row 1's sequence (as beam search does when a beam's parent changes).
            DecoderState state = model.encode(Tensor.ofInts(source, 1, source.length), null);
            state = model.reorder(state, new int[] {0, 0});
            for (int t = 0; t < decoderA.length; t++) {
                boolean swapped = t >= 3;
                if (t == 3) {
                    state = model.reorder(state, new int[] {1, 0});
                }
                int[] step = swapped ? new int[] {decoderB[t], decoderA[t]} : new int[] {decoderA[t], decoderB[t]};
                float[] logits = model.decode(Tensor.ofInts(step, 2, 1), state).toFloatArray();
                assertClose(swapped ? fullB : fullA, t * VOCAB, logits, 0);
                assertClose(swapped ? fullA : fullB, t * VOCAB, logits, VOCAB);
            }
            assertEquals(decoderA.length, state.length());
        }
    }

    private static void assertClose(float[] expected, int from, float[] actual, int at) {
        for (int i = 0; i < VOCAB; i++) {
            assertEquals(expected[from + i], actual[at + i], TOLERANCE, "logit " + i);
        }
    }
}
