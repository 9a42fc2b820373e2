package dev.basalt.t5;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model against an independent reference: the same T5 written with PyTorch ops through DJL ({@link TorchT5}),
 * loaded with the same weights, must give the same logits and the same parameter gradients, for v1.0 and v1.1, on
 * a batch whose second encoder row is padded. One gradient is also checked by central finite differences.
 */
class T5ReferenceTest {

    private static final int VOCAB = 29;
    private static final int ROWS = 2;
    private static final int LENGTH = 7;
    private static final int TARGET = 5;

    private static NDManager torch;

    @BeforeAll
    static void setUp() {
        T5Testing.useCpu();
        System.setProperty("ai.djl.offline", "true");
        torch = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }

    @AfterAll
    static void tearDown() {
        torch.close();
    }

    /** A batch with a padded second row, and random (non-zero-mean) weights so every path carries signal. */
    private static TokenBatch batch() {
        SplittableRandom random = new SplittableRandom(5);
        int[] inputs = random.ints(ROWS * LENGTH, 2, VOCAB).toArray();
        int[] valid = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
        int[] targets = random.ints(ROWS * TARGET, 2, VOCAB).toArray();
        int[] decoderInputs = TokenBatch.shiftRight(targets, ROWS, TARGET, 0, 0);
        return TokenBatch.seq2seq(ROWS, LENGTH, inputs, valid, TARGET, decoderInputs, targets);
    }

    private static T5Model model(boolean v10) {
        T5Model model = new T5Model(T5Testing.tiny(v10, VOCAB), v10 ? 3 : 4);
        model.eval();
        return model;
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void logitsAndGradientsMatchPyTorch(boolean v10) {
        T5Model model = model(v10);
        TokenBatch batch = batch();
        Tensor logits = model.logits(batch);
        Tensor loss = Functional.crossEntropy(logits.reshape(ROWS * TARGET, VOCAB),
                Tensor.ofInts(batch.targets(), ROWS * TARGET), TokenBatch.IGNORE, 0f);
        loss.backward();
        try (NDManager scope = torch.newSubManager()) {
            TorchT5 reference = new TorchT5(scope, model.config(), model.namedParameters(), true);
            float[] expectedLogits;
            float expectedLoss;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray torchLogits = reference.logits(batch.inputs(), batch.keyValid(), ROWS, LENGTH,
                        batch.decoderInputs(), TARGET);
                NDArray torchLoss = reference.loss(torchLogits, batch.targets());
                expectedLogits = torchLogits.toFloatArray();
                expectedLoss = torchLoss.getFloat();
                collector.backward(torchLoss);
            }
            float[] actual = logits.toFloatArray();
            // Both sides compute in float32 with sums in different orders; logits reach ~10 (the untied head has
            // unit-variance weights), so a relative 1e-5 of the largest logit bounds the rounding noise.
            float scale = maxAbs(expectedLogits);
            for (int i = 0; i < actual.length; i++) {
                assertEquals(expectedLogits[i], actual[i], 1e-5f * scale + 1e-6f, "logit " + i);
            }
            assertEquals(expectedLoss, loss.item(), 1e-5f * expectedLoss, "loss");
            for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
                float[] expected = reference.params.get(e.getKey()).getGradient().toFloatArray();
                float[] grad = e.getValue().grad().toFloatArray();
                // Gradients of one parameter share a scale; float32 rounding of long sums stays under 1e-4 of it.
                float tolerance = 1e-4f * maxAbs(expected) + 1e-7f;
                assertTrue(maxAbs(expected) > 0, e.getKey() + " has a zero reference gradient");
                for (int i = 0; i < grad.length; i++) {
                    assertEquals(expected[i], grad[i], tolerance, e.getKey() + "[" + i + "]");
                }
            }
        }
    }

    /**
     * Central differences of the loss against autograd for entries of the relative bias tables (encoder and
     * decoder), a cross-attention key weight and the shared embedding.
     */
    @Test
    void gradientsMatchFiniteDifferences() {
        T5Model model = model(false);
        TokenBatch batch = batch();
        Tensor loss = loss(model, batch);
        loss.backward();
        String[] names = {"encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
            "decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
            "decoder.block.1.layer.1.EncDecAttention.k.weight", "shared.weight",
            "encoder.block.1.layer.1.DenseReluDense.wi_0.weight"};
        int checked = 0;
        for (String name : names) {
            Tensor p = model.namedParameters().get(name);
            float[] grad = p.grad().toFloatArray();
            int index = argMaxAbs(grad);   // the largest entry: finite differences resolve it best
            float[] values = p.toFloatArray();
            float h = 1e-2f;
            float plus = perturbed(model, batch, p, values, index, h);
            float minus = perturbed(model, batch, p, values, index, -h);
            double numeric = (plus - minus) / (2.0 * h);
            // float32 losses near 3 carry ~3e-7 rounding, divided by 2h: ~2e-5; the O(h²) truncation of the
            // central difference is below 1e-4 here. Allow 2% of the gradient plus 2e-4.
            assertEquals(grad[index], numeric, 0.02 * Math.abs(grad[index]) + 2e-4, name + "[" + index + "]");
            checked++;
        }
        assertEquals(names.length, checked);
    }

    private static Tensor loss(T5Model model, TokenBatch batch) {
        return Functional.crossEntropy(model.logits(batch).reshape(ROWS * TARGET, VOCAB),
                Tensor.ofInts(batch.targets(), ROWS * TARGET), TokenBatch.IGNORE, 0f);
    }

    private static float perturbed(T5Model model, TokenBatch batch, Tensor p, float[] values, int index, float h) {
        float[] changed = values.clone();
        changed[index] += h;
        try (NoGrad ignored = NoGrad.enter()) {
            p.copyFrom(Tensor.of(changed, p.shape().toArray()));
            float value = loss(model, batch).item();
            p.copyFrom(Tensor.of(values, p.shape().toArray()));
            return value;
        }
    }

    private static int argMaxAbs(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (Math.abs(values[i]) > Math.abs(values[best])) {
                best = i;
            }
        }
        return best;
    }
}
