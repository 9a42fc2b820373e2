package dev.basalt.conformance;

import ai.djl.ndarray.NDArray;
import dev.basalt.api.tensor.Functional;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.basalt.conformance.Input.Layout.NARROWED;
import static dev.basalt.conformance.Input.Layout.STRIDED;
import static dev.basalt.conformance.Input.Layout.TRANSPOSED;

/** LayerNorm and RMSNorm over the last dimension, with and without their parameters. */
final class NormCases {

    private NormCases() {
    }

    private record Case(int[] x, boolean weight, boolean bias, Input.Layout layout) {
    }

    private static List<Case> cases() {
        return List.of(
                new Case(new int[] {1, 1}, true, true, null),            // D = 1: the output is the bias
                new Case(new int[] {5, 7}, true, true, null),
                new Case(new int[] {2, 3, 1031}, true, false, null),     // D >= 1000
                new Case(new int[] {2, 3, 61}, true, true, null),        // whole vectors and a tail at every width
                new Case(new int[] {3, 53}, false, true, null),
                new Case(new int[] {4, 6}, false, false, null),
                new Case(new int[] {6, 5}, true, true, TRANSPOSED),
                new Case(new int[] {3, 9}, false, true, NARROWED),
                new Case(new int[] {2, 8}, true, false, STRIDED));
    }

    private static Input x(Case c, long seed) {
        Input x = Input.randn("x", seed, c.x).scale(2f);
        return c.layout == null ? x : x.layout(c.layout);
    }

    static Stream<DynamicTest> layerNorm(Targets t) {
        float eps = 1e-5f;
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        long seed = 1300;
        for (Case c : cases()) {
            int d = c.x[c.x.length - 1];
            OpCheck check = OpCheck.of("layerNorm" + (c.weight ? " weight" : "") + (c.bias ? " bias" : ""))
                    .input(x(c, seed++));
            if (c.weight) {
                check.input(Input.randn("weight", seed++, d));
            }
            if (c.bias) {
                check.input(Input.randn("bias", seed++, d));
            }
            check.ours(in -> Functional.layerNorm(in.get(0), c.weight ? in.get(1) : null,
                            c.bias ? in.get(c.weight ? 2 : 1) : null, eps))
                    .torch((m, in) -> {
                        NDArray w = c.weight ? in.get(1) : null;
                        NDArray b = c.bias ? in.get(c.weight ? 2 : 1) : null;
                        if (w != null && b != null) {
                            return in.get(0).getNDArrayInternal()
                                    .layerNorm(in.get(0), new ai.djl.ndarray.types.Shape(d), w, b, eps).get(0);
                        }
                        NDArray x = in.get(0);
                        NDArray centred = x.sub(x.mean(new int[] {-1}, true));
                        NDArray y = centred.div(centred.square().mean(new int[] {-1}, true).add(eps).sqrt());
                        if (w != null) {
                            y = y.mul(w);
                        }
                        return b != null ? y.add(b) : y;
                    })
                    // normalised values are O(1); the parameter gradients sum over up to 6 rows
                    .forward(1e-5, 1e-5).grad(2e-5, 1e-4);
            tests.add(t.both(check));
        }
        // rows with mean 100 and spread 0.1: a one-pass E[x²] - E[x]² variance would lose most of its digits here
        tests.add(t.both(OpCheck.of("layerNorm of rows offset by 100").input(Input.randn("x", 1390, 4, 33).scale(0.1f))
                .ours(in -> Functional.layerNorm(in.get(0).add(100f), null, null, eps))
                .torch(in -> {
                    NDArray x = in.get(0).add(100f);
                    NDArray centred = x.sub(x.mean(new int[] {-1}, true));
                    return centred.div(centred.square().mean(new int[] {-1}, true).add(eps).sqrt());
                })
                // x + 100 holds ~8e-6 absolute precision, 1e-4 of the spread; gradients are ~10x larger (rstd = 10)
                .forward(1e-3, 1e-3).grad(1e-2, 1e-3).noFd()));
        return tests.stream().flatMap(Function.identity());
    }

    static Stream<DynamicTest> rmsNorm(Targets t) {
        float eps = 1e-6f;
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        long seed = 1400;
        for (Case c : cases()) {
            int d = c.x[c.x.length - 1];
            OpCheck check = OpCheck.of("rmsNorm" + (c.weight ? " weight" : "")).input(x(c, seed++));
            if (c.weight) {
                check.input(Input.randn("weight", seed++, d));
            }
            check.ours(in -> Functional.rmsNorm(in.get(0), c.weight ? in.get(1) : null, eps))
                    .torch(in -> {
                        NDArray x = in.get(0);
                        NDArray y = x.mul(x.square().mean(new int[] {-1}, true).add(eps).pow(-0.5f));
                        return c.weight ? y.mul(in.get(1)) : y;
                    })
                    .forward(1e-5, 1e-5).grad(2e-5, 1e-4);
            tests.add(t.both(check));
        }
        return tests.stream().flatMap(Function.identity());
    }
}
