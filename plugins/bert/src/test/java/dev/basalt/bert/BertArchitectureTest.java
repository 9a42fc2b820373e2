package dev.basalt.bert;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.basalt.api.BasaltException;
import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.nn.AdamW;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BertArchitectureTest {

    @BeforeAll
    static void backend() {
        BertTesting.useCpu();
    }

    private static Config preset(String name) {
        return BertTesting.preset(name);
    }

    /** HF's BertModel parameter count, worked out from the shapes of modeling_bert.py. */
    private static long closedForm(long vocab, long positions, long types, long d, long ffn, long layers, boolean pooler) {
        long embeddings = (vocab + positions + types) * d + 2 * d;
        long layer = 4 * (d * d + d) + 2 * d + (d * ffn + ffn) + (ffn * d + d) + 2 * d;
        return embeddings + layers * layer + (pooler ? d * d + d : 0);
    }

    @Test
    void bertBaseHasThePublishedParameterCount() {
        BertModel model = new BertArchitecture(preset("bert-base")).create(30522, 1);
        long mlm = 768L * 768 + 768 + 2 * 768 + 30522;
        // 109,482,240 is the count published for bert-base-uncased's BertModel (encoder and pooler)
        assertEquals(109_482_240L, closedForm(30522, 512, 2, 768, 3072, 12, true));
        assertEquals(109_482_240L + mlm, model.parameterCount());
        assertEquals(ModelFamily.ENCODER, new BertArchitecture(preset("bert-base")).family());
    }

    @Test
    void bertTinyAndRobertaBaseMatchTheirShapes() {
        BertModel tiny = new BertArchitecture(preset("bert-tiny")).create(30522, 1);
        long tinyMlm = 128L * 128 + 128 + 2 * 128 + 30522;
        assertEquals(closedForm(30522, 512, 2, 128, 512, 2, true) + tinyMlm, tiny.parameterCount());
        BertModel roberta = new BertArchitecture(preset("roberta-base")).create(50265, 1);
        assertEquals(BertConfig.Variant.ROBERTA, roberta.config().variant());
        assertEquals(512, roberta.maxLength());
        // 124,645,632 is the count published for roberta-base's RobertaModel (encoder and pooler)
        assertEquals(124_645_632L, closedForm(50265, 514, 1, 768, 3072, 12, true));
        assertEquals(124_645_632L + 768L * 768 + 768 + 2 * 768 + 50265, roberta.parameterCount());
    }

    @Test
    void distilbertAndAlbertBaseHaveThePublishedParameterCounts() {
        BertModel distil = new BertArchitecture(preset("distilbert-base")).create(30522, 1);
        long distilMlm = 768L * 768 + 768 + 2 * 768 + 30522;
        // 66,362,880 is the count published for distilbert-base-uncased's DistilBertModel: BERT-base's shape with
        // 6 layers, no token types and no pooler
        assertEquals(66_362_880L, closedForm(30522, 512, 0, 768, 3072, 6, false));
        assertEquals(66_362_880L + distilMlm, distil.parameterCount());
        BertModel albert = new BertArchitecture(preset("albert-base")).create(30000, 1);
        // 11,683,584 is the count published for albert-base-v2's AlbertModel: 128-wide embeddings, their 128 -> 768
        // projection, one shared layer and the pooler
        long embeddings = (30000L + 512 + 2) * 128 + 2 * 128;
        long layer = closedForm(0, 0, 0, 768, 3072, 1, false) - 2 * 768;
        assertEquals(11_683_584L, embeddings + (128L * 768 + 768) + layer + 768L * 768 + 768);
        long albertMlm = 768L * 128 + 128 + 2 * 128 + 30000;
        assertEquals(11_683_584L + albertMlm, albert.parameterCount());
    }

    @Test
    void aVocabularySmallerThanTheTokenizersIsRefusedAndABadShapeWhenBuilt() {
        Config model = ConfigFactory.parseString("vocab-size = 100").withFallback(preset("bert-tiny"));
        BasaltException e = assertThrows(BasaltException.class, () -> new BertArchitecture(model).create(200, 1));
        assertTrue(e.getMessage().contains("vocab-size = 100"), e.getMessage());
        Config variant = ConfigFactory.parseString("variant = albertx").withFallback(preset("bert-tiny"));
        e = assertThrows(BasaltException.class, () -> new BertArchitecture(variant));
        assertTrue(e.getMessage().contains("use bert, roberta, distilbert or albert"), e.getMessage());
        Config heads = ConfigFactory.parseString("heads = 3").withFallback(preset("bert-tiny"));
        e = assertThrows(BasaltException.class, () -> new BertArchitecture(heads));
        assertTrue(e.getMessage().contains("width (128) must be a multiple of heads (3)"), e.getMessage());
    }

    @Test
    void paddedKeysOfABatchAreHiddenFromAttention() {
        BertConfig config = new BertConfig(BertConfig.Variant.BERT, 2, 2, 32, 32, 64, 16, 20, 2, 1e-12,
                BertConfig.Activation.GELU, 0.0, 0, true, true, 0.02);
        BertModel model = new BertModel(config, 5);
        model.eval();
        int[] alone = {3, 7, 11};
        float[] expected = model.logits(new TokenBatch(1, 3, alone, new int[3])).toFloatArray();
        // the same row padded with id 0 to length 5, next to a full row: its real positions must not change
        int[] inputs = {3, 7, 11, 0, 0, 4, 5, 6, 8, 9};
        int[] keyValid = {1, 1, 1, 0, 0, 1, 1, 1, 1, 1};
        TokenBatch padded = new TokenBatch(2, 5, inputs, new int[10], keyValid, 5, null);
        float[] got = model.logits(padded).toFloatArray();
        for (int i = 0; i < expected.length; i++) {
            // same arithmetic up to the masked (exp = 0) terms and the blocked summation order: fp32 rounding only
            assertEquals(expected[i], got[i], 1e-5f, "logit " + i);
        }
    }

    /**
     * The per-token parts of a padded batch run on its real tokens alone: every parameter's gradient of a loss over
     * the real hidden states must still match central finite differences (fp32: step 1e-2, the loss is ~10).
     */
    @Test
    void gradientsOfAPaddedBatchMatchFiniteDifferences() {
        BertConfig config = new BertConfig(BertConfig.Variant.BERT, 2, 2, 32, 32, 64, 16, 20, 2, 1e-12,
                BertConfig.Activation.GELU, 0.0, 0, false, false, 0.02);
        BertModel model = new BertModel(config, 7);
        Tensor ids = Tensor.ofInts(new int[] {3, 7, 11, 0, 0, 4, 5, 6, 8, 9, 12, 0, 0, 0, 0}, 3, 5);
        Tensor keyValid = Tensor.of(new float[] {1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0}, 3, 5);
        Tensor weights = Tensor.randn(11, 3, 5, 32);
        model.encode(ids, null, keyValid).mul(weights).sum().backward();
        float step = 1e-2f;
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            Tensor parameter = e.getValue();
            float[] values = parameter.toFloatArray();
            float[] grad = parameter.grad().toFloatArray();
            for (int at : new int[] {0, values.length / 2 + 1, values.length - 1}) {
                float original = values[at];
                values[at] = original + step;
                float up = lossAt(model, parameter, values, ids, keyValid, weights);
                values[at] = original - step;
                float down = lossAt(model, parameter, values, ids, keyValid, weights);
                values[at] = original;
                lossAt(model, parameter, values, ids, keyValid, weights);
                float expected = (up - down) / (2 * step);
                assertEquals(expected, grad[at], 5e-3f + 2e-2f * Math.abs(expected), e.getKey() + "[" + at + "]");
            }
        }
    }

    private static float lossAt(BertModel model, Tensor parameter, float[] values, Tensor ids, Tensor keyValid,
            Tensor weights) {
        try (NoGrad ignored = NoGrad.enter()) {
            parameter.copyFrom(Tensor.of(values, parameter.shape().toArray()));
            return model.encode(ids, null, keyValid).mul(weights).sum().item();
        }
    }

    @Test
    void maskedLanguageModelTrainingLowersTheLoss() {
        BertConfig config = new BertConfig(BertConfig.Variant.BERT, 2, 2, 32, 32, 64, 16, 20, 2, 1e-12,
                BertConfig.Activation.GELU, 0.1, 0, true, true, 0.02);
        BertModel model = new BertModel(config, 3);
        AdamW optimizer = new AdamW(model.parameters(), 3e-3f, 0.9f, 0.999f, 1e-8f, 0.01f);
        // each row repeats one id from 2..19; a masked token (id 1) must be read from its unmasked neighbours
        int rows = 8;
        int length = 12;
        float first = 0;
        float last = 0;
        for (int step = 0; step < 150; step++) {
            int[] inputs = new int[rows * length];
            int[] targets = new int[rows * length];
            for (int r = 0; r < rows; r++) {
                int id = 2 + (r * 5 + step * 3) % 18;
                for (int i = 0; i < length; i++) {
                    int at = r * length + i;
                    inputs[at] = id;
                    targets[at] = TokenBatch.IGNORE;
                    if ((i * 7 + r + step) % 4 == 0) {
                        targets[at] = inputs[at];
                        inputs[at] = 1;
                    }
                }
            }
            model.dropoutSeed(step);
            try (TensorScope scope = TensorScope.open()) {
                Tensor logits = model.logits(new TokenBatch(rows, length, inputs, targets));
                Tensor loss = Functional.crossEntropy(logits.reshape(rows * length, 20),
                        Tensor.ofInts(targets, rows * length), TokenBatch.IGNORE, 0f);
                loss.backward();
                optimizer.step();
                optimizer.zeroGrad();
                if (step == 0) {
                    first = loss.item();
                }
                last = loss.item();
            }
        }
        // a uniform guess over 20 ids costs ln 20 = 3.0; copying the row's id gets far below it
        assertTrue(first > 2.5f, "first loss " + first);
        assertTrue(last < 0.5f, "loss after 150 steps " + last);
    }
}
