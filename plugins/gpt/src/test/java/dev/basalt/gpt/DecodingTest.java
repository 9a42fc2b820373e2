package dev.basalt.gpt;

import dev.basalt.api.model.CausalLanguageModel;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The key/value cache and left padding change how logits are computed but not what they are: decoding token by
 * token, or in a padded batch, must give the logits of one full forward pass (closed-form equivalence of causal
 * attention).
 */
class DecodingTest {

    /** Float32 sums in a different order: differences stay near 1e-6 of logits around 1. */
    private static final float TOLERANCE = 2e-4f;

    @BeforeAll
    static void backend() {
        GptTesting.useCpu();
    }

    private static GptModel model(GptConfig.Layout layout) {
        GptModel model = new GptModel(layout == GptConfig.Layout.GPT2 ? GptTesting.gpt2(37) : GptTesting.llama(37), 11);
        model.eval();
        return model;
    }

    @ParameterizedTest
    @EnumSource(GptConfig.Layout.class)
    void cachedStepsGiveTheFullForwardLogits(GptConfig.Layout layout) {
        GptModel model = model(layout);
        int[] ids = {3, 17, 5, 22, 9, 30, 1, 2};
        try (NoGrad ignored = NoGrad.enter()) {
            float[] full = model.logits(new TokenBatch(1, ids.length, ids, new int[ids.length])).toFloatArray();
            CausalLanguageModel.DecoderCache cache = model.newCache(1);
            float[] prefix = model.decode(Tensor.ofInts(java.util.Arrays.copyOf(ids, 5), 1, 5), null, null, cache).toFloatArray();
            assertClose(full, 0, prefix, 0, 5 * 37);
            for (int t = 5; t < ids.length; t++) {
                float[] step = model.decode(Tensor.ofInts(new int[] {ids[t]}, 1, 1), null, null, cache).toFloatArray();
                assertClose(full, t * 37, step, 0, 37);
            }
            assertEquals(ids.length, cache.length());
        }
    }

    @ParameterizedTest
    @EnumSource(GptConfig.Layout.class)
    void aLeftPaddedRowGivesItsUnpaddedLogits(GptConfig.Layout layout) {
        GptModel model = model(layout);
        int[] shortRow = {4, 8, 15};
        int[] longRow = {16, 23, 4, 2, 8, 35};
        try (NoGrad ignored = NoGrad.enter()) {
            float[] alone = model.logits(new TokenBatch(1, 3, shortRow, new int[3])).toFloatArray();
            float[] aloneLong = model.logits(new TokenBatch(1, 6, longRow, new int[6])).toFloatArray();
            int[] ids = {0, 0, 0, 4, 8, 15, 16, 23, 4, 2, 8, 35};
            int[] positions = {0, 0, 0, 0, 1, 2, 0, 1, 2, 3, 4, 5};
            float[] valid = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1};
            float[] batch = model.decode(Tensor.ofInts(ids, 2, 6), Tensor.ofInts(positions, 2, 6),
                    Tensor.of(valid, 2, 6), model.newCache(2)).toFloatArray();
            assertClose(alone, 0, batch, 3 * 37, 3 * 37);
            assertClose(aloneLong, 0, batch, 6 * 37, 6 * 37);
        }
    }

    private static void assertClose(float[] expected, int from, float[] actual, int at, int count) {
        for (int i = 0; i < count; i++) {
            assertEquals(expected[from + i], actual[at + i], TOLERANCE, "logit " + i);
        }
    }
}
