package dev.basalt.conformance;

import dev.basalt.api.tensor.CounterRandom;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inverted dropout: its statistics, its mask (a pure function of seed and position) and its gradient. */
final class DropoutCases {

    private DropoutCases() {
    }

    static Stream<DynamicTest> all(Targets t) {
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        tests.add(t.both("dropout statistics at p = 0.3 over 200000 elements", backend -> {
            int n = 200_000;
            float p = 0.3f;
            float[] y = Functional.dropout(Tensor.ones(n), p, 42).toFloatArray();
            float scale = 1 / (1 - p);
            int kept = 0;
            double sum = 0;
            for (float v : y) {
                if (v != 0) {
                    kept++;
                    assertTrue(v == scale, "a kept element is scaled by exactly 1/(1-p), got " + v);
                }
                sum += v;
            }
            // binomial: the kept fraction has sd sqrt(p(1-p)/n) = 0.001; the mean's sd is sqrt(p/(1-p)/n) = 0.0015
            Close.assertClose("kept fraction", 1 - p, (double) kept / n, 5 * Math.sqrt(p * (1 - p) / n), 0);
            Close.assertClose("mean (inverted dropout keeps it)", 1, sum / n, 5 * Math.sqrt(p / (1 - p) / n), 0);
        }));
        tests.add(t.both("dropout mask is CounterRandom.uniform(seed, i) >= p, and backward applies it", backend -> {
            float p = 0.45f;
            long seed = 7;
            float[] x = Input.gaussian(1900, 6 * 35);
            float[] r = Input.gaussian(1901, 6 * 35);
            // a transposed view: positions count in the view's row-major order
            Tensor leaf = Tensor.of(x, 35, 6).requiresGrad(true);
            Tensor view = leaf.transpose(0, 1);
            Tensor y = Functional.dropout(view, p, seed);
            float[] logical = view.toFloatArray();
            float[] expected = new float[logical.length];
            float[] expectedGrad = new float[logical.length];
            float scale = 1 / (1 - p);
            for (int i = 0; i < logical.length; i++) {
                boolean keep = CounterRandom.uniform(seed, i) >= p;
                expected[i] = keep ? logical[i] * scale : 0f;
                expectedGrad[i] = keep ? r[i] * scale : 0f;
            }
            Close.assertSameValues("dropout output", expected, y.toFloatArray());
            y.backward(Tensor.of(r, 6, 35));
            Close.assertSameValues("dropout gradient", expectedGrad, leaf.grad().transpose(0, 1).toFloatArray());
        }));
        tests.add(t.both("dropout: same seed same mask, new seed new mask, p = 0 is the identity", backend -> {
            Tensor x = Tensor.randn(3, 1000);
            float[] a = Functional.dropout(x, 0.5f, 11).toFloatArray();
            float[] b = Functional.dropout(x, 0.5f, 11).toFloatArray();
            float[] c = Functional.dropout(x, 0.5f, 12).toFloatArray();
            Close.assertBitEqual("same seed", a, b);
            int differ = 0;
            for (int i = 0; i < a.length; i++) {
                differ += (a[i] == 0) != (c[i] == 0) ? 1 : 0;
            }
            // two independent p = 0.5 masks disagree on half the positions (sd 16)
            assertTrue(differ > 400 && differ < 600, differ + " of 1000 positions differ");
            assertSame(x, Functional.dropout(x, 0f, 3));
            assertThrows(IllegalArgumentException.class, () -> Functional.dropout(x, 1f, 3));
            assertThrows(IllegalArgumentException.class, () -> Functional.dropout(x, -0.1f, 3));
        }));
        return tests.stream().flatMap(Function.identity());
    }
}
