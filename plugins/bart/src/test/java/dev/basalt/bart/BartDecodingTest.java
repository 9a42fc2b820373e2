package dev.basalt.bart;

import dev.basalt.conformance.Seq2SeqDecoding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest
    @CsvSource({"false, true", "true, false"})
    void cachedStepsAndReorderedRowsGiveTheTeacherForcedLogits(boolean scale, boolean tied) {
        BartModel model = new BartModel(BartTesting.tiny(VOCAB, BartConfig.Activation.GELU, scale, tied), 13);
        BartTesting.randomize(model, 21);
        model.eval();
        int[] source = {5, 9, 2, 17, 1};
        int[] decoderA = {2, 4, 11, 7, 19, 3};
        int[] decoderB = {2, 8, 8, 21, 6, 2};
        Seq2SeqDecoding.assertCachedStepsMatchTeacherForced(model, source, decoderA, decoderB, TOLERANCE);
    }
}
