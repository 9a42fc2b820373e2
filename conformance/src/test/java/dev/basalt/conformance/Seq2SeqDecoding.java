package dev.basalt.conformance;

import dev.basalt.api.model.Seq2SeqLanguageModel;
import dev.basalt.api.model.Seq2SeqLanguageModel.DecoderState;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The generation path of an encoder-decoder (encoder run once, decoder one token at a time on its state, rows
 * rearranged for beam search) changes how logits are computed but not what they are: they must equal the
 * teacher-forced forward pass over the whole decoder sequence.
 */
public final class Seq2SeqDecoding {

    private Seq2SeqDecoding() {
    }

    /**
     * Decodes two rows over the same encoder output step by step; after step 3 the rows swap and row 0 continues
     * row 1's sequence (as beam search does when a beam's parent changes). Each step's logits must be within
     * {@code tolerance} of the teacher-forced ones of its sequence. The model must be in evaluation mode.
     */
    public static void assertCachedStepsMatchTeacherForced(Seq2SeqLanguageModel model, int[] source, int[] decoderA,
                                                           int[] decoderB, float tolerance) {
        int vocab = model.vocabSize();
        try (NoGrad ignored = NoGrad.enter()) {
            float[] fullA = teacherForced(model, source, decoderA);
            float[] fullB = teacherForced(model, source, decoderB);
            DecoderState state = model.encode(Tensor.ofInts(source, 1, source.length), null);
            state = model.reorder(state, new int[] {0, 0});
            for (int t = 0; t < decoderA.length; t++) {
                boolean swapped = t >= 3;
                if (t == 3) {
                    state = model.reorder(state, new int[] {1, 0});
                }
                int[] step = swapped ? new int[] {decoderB[t], decoderA[t]} : new int[] {decoderA[t], decoderB[t]};
                float[] logits = model.decode(Tensor.ofInts(step, 2, 1), state).toFloatArray();
                for (int i = 0; i < vocab; i++) {
                    assertEquals((swapped ? fullB : fullA)[t * vocab + i], logits[i], tolerance, "row 0 logit " + i);
                    assertEquals((swapped ? fullA : fullB)[t * vocab + i], logits[vocab + i], tolerance,
                            "row 1 logit " + i);
                }
            }
            assertEquals(decoderA.length, state.length());
        }
    }

    private static float[] teacherForced(Seq2SeqLanguageModel model, int[] source, int[] decoderIds) {
        TokenBatch batch = TokenBatch.seq2seq(1, source.length, source, null, decoderIds.length, decoderIds,
                new int[decoderIds.length]);
        return model.logits(batch).toFloatArray();
    }
}
