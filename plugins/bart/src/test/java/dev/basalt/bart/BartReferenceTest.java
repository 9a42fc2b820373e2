package dev.basalt.bart;

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
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model against an independent reference: the same BART written with PyTorch ops through DJL
 * ({@link TorchBart}), loaded with the same weights, must give the same logits and the same parameter gradients, on
 * a batch whose second encoder row is padded. One gradient per kind of parameter is also checked by central finite
 * differences.
 */
class BartReferenceTest {

    private static final int VOCAB = 29;
    private static final int ROWS = 2;
    private static final int LENGTH = 7;
    private static final int TARGET = 5;

    private static NDManager torch;

    @BeforeAll
    static void setUp() {
        BartTesting.useCpu();
        System.setProperty("ai.djl.offline", "true");
        torch = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }

    @AfterAll
    static void tearDown() {
        torch.close();
    }

    /** A batch with a padded second row; decoder inputs start from </s> (2) as BART's shift_tokens_right does. */
    private static TokenBatch batch() {
        SplittableRandom random = new SplittableRandom(5);
        int[] inputs = random.ints(ROWS * LENGTH, 3, VOCAB).toArray();
        int[] valid = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
        int[] targets = random.ints(ROWS * TARGET, 3, VOCAB).toArray();
        int[] decoderInputs = TokenBatch.shiftRight(targets, ROWS, TARGET, 2, 1);
        return TokenBatch.seq2seq(ROWS, LENGTH, inputs, valid, TARGET, decoderInputs, targets);
    }

    private static BartModel model(BartConfig.Activation activation, boolean scale, boolean tied) {
        BartModel model = new BartModel(BartTesting.tiny(VOCAB, activation, scale, tied), 3);
        BartTesting.randomize(model, 17);
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
    @CsvSource({"GELU, false, true", "RELU, true, false", "GELU_NEW, false, true"})
    void logitsAndGradientsMatchPyTorch(BartConfig.Activation activation, boolean scale, boolean tied) {
        BartModel model = model(activation, scale, tied);
        TokenBatch batch = batch();
        Tensor logits = model.logits(batch);
        Tensor loss = loss(model, batch);
        loss.backward();
        try (NDManager scope = torch.newSubManager()) {
            TorchBart reference = new TorchBart(scope, model.config(), model.namedParameters(), true);
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
            // Both sides compute in float32 with sums in different orders; the post-LN output has unit scale and the
            // random head std 0.3 over width 16, so logits stay within a few units: a relative 1e-5 of the largest
            // logit bounds the rounding noise.
            float scale1 = maxAbs(expectedLogits);
            for (int i = 0; i < actual.length; i++) {
                assertEquals(expectedLogits[i], actual[i], 1e-5f * scale1 + 1e-6f, "logit " + i);
            }
            assertEquals(expectedLoss, loss.item(), 1e-5f * expectedLoss, "loss");
            assertEquals(reference.params.keySet(), model.namedParameters().keySet());
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

    /** Central differences of the loss against autograd for a position table, a norm, a bias and the head bias. */
    @Test
    void gradientsMatchFiniteDifferences() {
        BartModel model = model(BartConfig.Activation.GELU, false, true);
        TokenBatch batch = batch();
        loss(model, batch).backward();
        String[] names = {"model.encoder.embed_positions.weight", "model.decoder.layernorm_embedding.weight",
            "model.decoder.layers.2.encoder_attn.k_proj.weight", "model.encoder.layers.1.fc1.bias",
            "final_logits_bias", "model.shared.weight"};
        for (String name : names) {
            Tensor p = model.namedParameters().get(name);
            float[] grad = p.grad().toFloatArray();
            int index = argMaxAbs(grad);   // the largest entry: finite differences resolve it best
            float[] values = p.toFloatArray();
            float h = 1e-2f;
            double numeric = (perturbed(model, batch, p, values, index, h)
                    - perturbed(model, batch, p, values, index, -h)) / (2.0 * h);
            // float32 losses near 3-5 carry ~5e-7 rounding, divided by 2h: ~3e-5; the O(h²) truncation of the
            // central difference is below 1e-4 here. Allow 2% of the gradient plus 2e-4.
            assertEquals(grad[index], numeric, 0.02 * Math.abs(grad[index]) + 2e-4, name + "[" + index + "]");
        }
    }

    private static Tensor loss(BartModel model, TokenBatch batch) {
        return Functional.crossEntropy(model.logits(batch).reshape(ROWS * TARGET, VOCAB),
                Tensor.ofInts(batch.targets(), ROWS * TARGET), TokenBatch.IGNORE, 0f);
    }

    private static float perturbed(BartModel model, TokenBatch batch, Tensor p, float[] values, int index, float h) {
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
