package dev.basalt.conformance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.basalt.conformance.Input.Layout.NARROWED;
import static dev.basalt.conformance.Input.Layout.TRANSPOSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Softmax cross-entropy with an ignore index and label smoothing (PyTorch's definitions), fused or composed. */
final class CrossEntropyCases {

    private CrossEntropyCases() {
    }

    private record Case(String name, int[] logits, int[] targets, int[] targetShape, int ignore, float smoothing,
                        Input.Layout layout, boolean longs) {
    }

    /**
     * PyTorch's cross_entropy(reduction='mean', ignore_index, label_smoothing) written out in torch ops: per row
     * {@code (1-e)·(-logp[t]) + e·mean(-logp)}, averaged over the rows whose target is not ignored.
     */
    private static NDArray torchCrossEntropy(NDManager m, NDArray logits, int[] targets, int ignore, float e) {
        long classes = logits.getShape().getLastDimension();
        int n = targets.length;
        NDArray logp = logits.reshape(n, classes).logSoftmax(-1);
        int[] safe = new int[n];
        float[] keep = new float[n];
        int counted = 0;
        for (int i = 0; i < n; i++) {
            boolean ignored = targets[i] == ignore;
            safe[i] = ignored ? 0 : targets[i];
            keep[i] = ignored ? 0 : 1;
            counted += ignored ? 0 : 1;
        }
        NDArray nll = logp.gather(Torch.longs(m, safe, n, 1), 1).reshape(n).neg();
        NDArray rows = nll.mul(1 - e).add(logp.mean(new int[] {-1}).neg().mul(e));
        return rows.mul(Torch.floats(m, keep, n)).sum().mul(counted == 0 ? 0f : 1f / counted);
    }

    static Stream<DynamicTest> all(Targets t) {
        List<Case> cases = List.of(
                new Case("two ignored rows", new int[] {6, 11}, new int[] {3, -100, 10, 0, -100, 5}, new int[] {6},
                        -100, 0f, null, false),
                new Case("smoothing 0.1", new int[] {6, 11}, new int[] {3, -100, 10, 0, -100, 5}, new int[] {6},
                        -100, 0.1f, null, true),
                new Case("rank 3, ignore index 2 is a class", new int[] {2, 3, 7}, new int[] {2, 0, 6, 2, 1, 5},
                        new int[] {2, 3}, 2, 0.2f, null, false),
                new Case("1500 classes, strided logits", new int[] {4, 1500}, new int[] {1499, 0, 777, 3},
                        new int[] {4}, -100, 0.05f, NARROWED, false),
                new Case("transposed logits", new int[] {5, 8}, new int[] {7, 1, 1, 0, 4}, new int[] {5}, -1, 0f,
                        TRANSPOSED, true),
                new Case("one class", new int[] {3, 1}, new int[] {0, 0, 0}, new int[] {3}, -100, 0.3f, null, false),
                new Case("every row ignored", new int[] {3, 4}, new int[] {-100, -100, -100}, new int[] {3}, -100,
                        0.1f, null, false));
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        long seed = 1500;
        for (Case c : cases) {
            Input logits = Input.randn("logits", seed++, c.logits).scale(2f);
            if (c.layout != null) {
                logits.layout(c.layout);
            }
            Input targets = c.longs ? Input.longs("targets", c.targets, c.targetShape)
                    : Input.ints("targets", c.targets, c.targetShape);
            tests.add(t.both(OpCheck.of("crossEntropy " + c.name + " (e = " + c.smoothing + ")").input(logits)
                    .input(targets)
                    .ours(in -> Functional.crossEntropy(in.get(0), in.get(1), c.ignore, c.smoothing))
                    .torch((m, in) -> torchCrossEntropy(m, in.get(0), c.targets, c.ignore, c.smoothing))
                    // a mean of O(1) losses; gradients are softmax differences divided by the counted rows
                    .forward(2e-6, 1e-5).grad(1e-7, 1e-4)));
        }
        tests.add(t.both(OpCheck.of("crossEntropy(logits, targets)").input(Input.randn("logits", 1590, 3, 5))
                .input(Input.ints("targets", new int[] {4, 0, 2}, 3))
                .ours(in -> Functional.crossEntropy(in.get(0), in.get(1)))
                .torch((m, in) -> torchCrossEntropy(m, in.get(0), new int[] {4, 0, 2}, Integer.MIN_VALUE, 0f))
                .forward(2e-6, 1e-5).grad(1e-7, 1e-4)));
        tests.add(t.both("crossEntropy at |logits| = 1e4 stays finite", backend -> {
            Tensor logits = Tensor.of(new float[] {1e4f, -1e4f, 0f, -1e4f, 1e4f, 1e4f}, 2, 3).requiresGrad(true);
            Tensor loss = Functional.crossEntropy(logits, Tensor.ofInts(new int[] {1, 0}, 2), -100, 0f);
            // row 0: lse = 1e4, loss 2e4; row 1: lse = 1e4 + ln 2, loss 2e4 + ln 2; mean 2e4 + ln(2)/2
            Close.assertClose("loss", 2e4 + Math.log(2) / 2, loss.item(), 0, 1e-6);
            loss.backward();
            float[] g = logits.grad().toFloatArray();
            Close.assertAllFinite("gradient", g);
            // softmax - onehot, halved by the mean: row 0 = (1, -1, 0)/2, row 1 = (-1, 0.5, 0.5)/2
            Close.assertClose("gradient", new float[] {0.5f, -0.5f, 0, -0.5f, 0.25f, 0.25f}, g, 1e-7, 1e-6);
        }));
        tests.add(t.both("crossEntropy refuses a target outside the classes", backend -> {
            Tensor logits = Tensor.randn(1, 2, 3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Functional.crossEntropy(logits, Tensor.ofInts(new int[] {1, 3}, 2), -100, 0f));
            assertEquals(true, e.getMessage().contains("3"), e.getMessage());
        }));
        return tests.stream().flatMap(Function.identity());
    }
}
