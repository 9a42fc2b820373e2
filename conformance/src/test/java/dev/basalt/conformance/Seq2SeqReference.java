package dev.basalt.conformance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.basalt.api.model.LanguageModel;
import dev.basalt.api.model.Seq2SeqLanguageModel;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An encoder-decoder checked against an independent reference: logits, loss and every parameter's gradient against
 * a {@link TorchSeq2Seq} loaded with the same weights, and chosen gradients against central finite differences. The
 * tolerances are the caller's, as they depend on the model's scales.
 */
public final class Seq2SeqReference {

    /** Rows, encoder length and decoder length of {@link #paddedBatch}. */
    public static final int ROWS = 2;
    public static final int LENGTH = 7;
    public static final int TARGET = 5;

    private Seq2SeqReference() {
    }

    /**
     * A batch of random ids in {@code [lowestId, vocab)} whose second encoder row has two padded positions; the
     * decoder inputs are the targets shifted right behind {@code decoderStartId}.
     */
    public static TokenBatch paddedBatch(int vocab, int lowestId, int decoderStartId, int padId) {
        SplittableRandom random = new SplittableRandom(5);
        int[] inputs = random.ints(ROWS * LENGTH, lowestId, vocab).toArray();
        int[] valid = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
        int[] targets = random.ints(ROWS * TARGET, lowestId, vocab).toArray();
        int[] decoderInputs = TokenBatch.shiftRight(targets, ROWS, TARGET, decoderStartId, padId);
        return TokenBatch.seq2seq(ROWS, LENGTH, inputs, valid, TARGET, decoderInputs, targets);
    }

    /** The mean cross-entropy of the model's teacher-forced logits against the batch's targets. */
    public static Tensor loss(LanguageModel model, TokenBatch batch) {
        return crossEntropy(model.logits(batch), batch, model.vocabSize());
    }

    private static Tensor crossEntropy(Tensor logits, TokenBatch batch, int vocab) {
        int predictions = batch.rows() * batch.targetLength();
        return Functional.crossEntropy(logits.reshape(predictions, vocab), Tensor.ofInts(batch.targets(), predictions),
                TokenBatch.IGNORE, 0f);
    }

    /**
     * Logits within {@code logitRel} of the largest reference logit (plus 1e-6), the loss within {@code logitRel}
     * of the reference loss, the same parameter names, and each parameter's gradient within {@code gradRel} of its
     * largest reference entry (plus 1e-7), which must not be zero.
     *
     * @param reference builds the reference in the given PyTorch manager from the model's parameters
     */
    public static void assertLogitsAndGradientsMatch(Seq2SeqLanguageModel model, TokenBatch batch,
                                                     Function<NDManager, TorchSeq2Seq> reference, float logitRel,
                                                     float gradRel) {
        Tensor logits = model.logits(batch);
        Tensor loss = crossEntropy(logits, batch, model.vocabSize());
        loss.backward();
        Map<String, Tensor> parameters = model.module().namedParameters();
        try (NDManager scope = Torch.open()) {
            TorchSeq2Seq torch = reference.apply(scope);
            float[] expectedLogits;
            float expectedLoss;
            try (GradientCollector collector = Torch.gradients()) {
                NDArray torchLogits = torch.logits(batch.inputs(), batch.keyValid(), batch.rows(), batch.length(),
                        batch.decoderInputs(), batch.targetLength());
                NDArray torchLoss = torch.loss(torchLogits, batch.targets());
                expectedLogits = torchLogits.toFloatArray();
                expectedLoss = torchLoss.getFloat();
                collector.backward(torchLoss);
            }
            float[] actual = logits.toFloatArray();
            float scale = maxAbs(expectedLogits);
            for (int i = 0; i < actual.length; i++) {
                assertEquals(expectedLogits[i], actual[i], logitRel * scale + 1e-6f, "logit " + i);
            }
            assertEquals(expectedLoss, loss.item(), logitRel * expectedLoss, "loss");
            assertEquals(torch.params.keySet(), parameters.keySet());
            for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
                float[] expected = torch.params.get(e.getKey()).getGradient().toFloatArray();
                float[] grad = e.getValue().grad().toFloatArray();
                float tolerance = gradRel * maxAbs(expected) + 1e-7f;
                assertTrue(maxAbs(expected) > 0, e.getKey() + " has a zero reference gradient");
                for (int i = 0; i < grad.length; i++) {
                    assertEquals(expected[i], grad[i], tolerance, e.getKey() + "[" + i + "]");
                }
            }
        }
    }

    /**
     * For each named parameter, the autograd gradient of {@link #loss} at its largest entry (which finite
     * differences resolve best) against the central difference with step {@code h}, within
     * {@code rel·|gradient| + abs}.
     *
     * @return how many parameters were checked
     */
    public static int assertGradientsMatchFiniteDifferences(LanguageModel model, TokenBatch batch, List<String> names,
                                                            float h, double rel, double abs) {
        loss(model, batch).backward();
        int checked = 0;
        for (String name : names) {
            Tensor p = model.module().namedParameters().get(name);
            float[] grad = p.grad().toFloatArray();
            int index = argMaxAbs(grad);
            float[] values = p.toFloatArray();
            double numeric = (perturbed(model, batch, p, values, index, h)
                    - perturbed(model, batch, p, values, index, -h)) / (2.0 * h);
            assertEquals(grad[index], numeric, rel * Math.abs(grad[index]) + abs, name + "[" + index + "]");
            checked++;
        }
        return checked;
    }

    private static float perturbed(LanguageModel model, TokenBatch batch, Tensor p, float[] values, int index,
                                   float h) {
        float[] changed = values.clone();
        changed[index] += h;
        try (NoGrad ignored = NoGrad.enter()) {
            p.copyFrom(Tensor.of(changed, p.shape().toArray()));
            float value = loss(model, batch).item();
            p.copyFrom(Tensor.of(values, p.shape().toArray()));
            return value;
        }
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
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
