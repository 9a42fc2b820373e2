package dev.basalt.t5;

import dev.basalt.conformance.Seq2SeqDecoding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generation path (encoder run once, decoder one token at a time on its cache, rows rearranged for beam search)
 * changes how logits are computed but not what they are: they must equal the teacher-forced forward pass over the
 * whole decoder sequence (closed-form equivalence of causal attention with a position-offset relative bias).
 */
class T5DecodingTest {

    /** Float32 sums in another order: differences near 1e-6 of logits of a few units. */
    private static final float TOLERANCE = 2e-4f;
    private static final int VOCAB = 23;

    @BeforeAll
    static void backend() {
        T5Testing.useCpu();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void cachedStepsAndReorderedRowsGiveTheTeacherForcedLogits(boolean v10) {
        T5Model model = new T5Model(T5Testing.tiny(v10, VOCAB), 13);
        model.eval();
        int[] source = {5, 9, 2, 17, 1};
        int[] decoderA = {0, 4, 11, 7, 19, 3};
        int[] decoderB = {0, 8, 8, 21, 6, 2};
        Seq2SeqDecoding.assertCachedStepsMatchTeacherForced(model, source, decoderA, decoderB, TOLERANCE);
    }
}
