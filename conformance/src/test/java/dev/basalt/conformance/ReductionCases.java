package dev.basalt.conformance;

import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import ai.djl.ndarray.NDManager;

import static dev.basalt.conformance.Input.Layout.NARROWED;
import static dev.basalt.conformance.Input.Layout.STRIDED;
import static dev.basalt.conformance.Input.Layout.TRANSPOSED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Sums, means, maxima, argmax, softmax and log-softmax. */
final class ReductionCases {

    private ReductionCases() {
    }

    private record Shape(int[] dims, Input.Layout layout, long seed) {
    }

    private static List<Shape> shapes() {
        return List.of(
                new Shape(new int[] {1}, null, 701),
                new Shape(new int[] {3, 4, 5}, null, 702),
                new Shape(new int[] {3, 1, 4}, null, 703),
                new Shape(new int[] {2, 1500}, NARROWED, 704),          // inner size >= 1000, row stride > 1500
                new Shape(new int[] {1200, 3}, TRANSPOSED, 705),        // long reduction down a strided column
                new Shape(new int[] {4, 6}, STRIDED, 706));
    }

    private static Input input(Shape s) {
        Input x = Input.randn("x", s.seed, s.dims);
        return s.layout == null ? x : x.layout(s.layout);
    }

    /** fp32 sums of n standard normal values: rounding grows about with n. */
    private static double sumTolerance(int n) {
        return 1e-6 + 2e-7 * n;
    }

    static Stream<DynamicTest> sumsMeansMax(Targets t) {
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        for (Shape s : shapes()) {
            int n = Input.numel(s.dims);
            tests.add(t.once(OpCheck.of("sum()").input(input(s)).ours(in -> in.get(0).sum())
                    .torch(in -> in.get(0).sum()).forward(sumTolerance(n), 1e-6).grad(0, 0)));
            tests.add(t.once(OpCheck.of("mean()").input(input(s)).ours(in -> in.get(0).mean())
                    .torch(in -> in.get(0).mean()).forward(sumTolerance(n) / n + 1e-7, 1e-6).grad(1e-7, 1e-6)));
            for (int dim = -1; dim < s.dims.length; dim++) {
                int d = dim;
                int len = s.dims[Math.floorMod(dim, s.dims.length)];
                for (boolean keep : new boolean[] {false, true}) {
                    String k = keep ? ", keep" : "";
                    tests.add(t.once(OpCheck.of("sum(" + d + k + ")").input(input(s))
                            .ours(in -> in.get(0).sum(d, keep)).torch(in -> in.get(0).sum(new int[] {d}, keep))
                            .forward(sumTolerance(len), 1e-6).grad(0, 0)));
                    tests.add(t.once(OpCheck.of("mean(" + d + k + ")").input(input(s))
                            .ours(in -> in.get(0).mean(d, keep)).torch(in -> in.get(0).mean(new int[] {d}, keep))
                            .forward(sumTolerance(len) / len + 1e-7, 1e-6).grad(1e-7, 1e-6)));
                    // random values have no ties, so the maximum's gradient is a one-hot in both engines
                    tests.add(t.once(OpCheck.of("max(" + d + k + ")").input(input(s))
                            .ours(in -> in.get(0).max(d, keep)).torch(in -> in.get(0).max(new int[] {d}, keep))
                            .forward(0, 0).grad(0, 0).skipKinks()));
                }
            }
        }
        return tests.stream().flatMap(Function.identity());
    }

    static Stream<DynamicTest> argmax(Targets t) {
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        for (Shape s : shapes()) {
            for (int dim = 0; dim < s.dims.length; dim++) {
                int d = dim;
                tests.add(t.once("argmax(" + d + ") " + input(s), backend -> {
                    Input in = input(s);
                    int[] ours = in.build(false).view().argmax(d, false).toIntArray();
                    long[] expected;
                    try (NDManager m = Torch.open()) {
                        expected = Torch.floats(m, in.values(), s.dims).argMax(d).toLongArray();
                    }
                    int[] e = new int[expected.length];
                    for (int i = 0; i < e.length; i++) {
                        e[i] = Math.toIntExact(expected[i]);
                    }
                    assertArrayEquals(e, ours, "argmax over " + d);
                    int[] kept = in.build(false).view().argmax(d, true).shape().toArray();
                    int[] expectedShape = s.dims.clone();
                    expectedShape[d] = 1;
                    assertArrayEquals(expectedShape, kept, "argmax keepDim shape");
                }));
            }
        }
        // ties: the first maximal index, as PyTorch
        tests.add(t.once("argmax ties take the first index", backend -> {
            int[] got = Tensor.of(new float[] {1, 3, 3, 0, 2, 2, 2, 1}, 2, 4).argmax(1, false).toIntArray();
            assertArrayEquals(new int[] {1, 0}, got);
        }));
        return tests.stream().flatMap(Function.identity());
    }

    /** Softmax and log-softmax: fused kernels, so with the kernel and with the fallback. */
    static Stream<DynamicTest> softmax(Targets t) {
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        record Case(int[] dims, int dim, Input.Layout layout) {
        }
        List<Case> cases = List.of(
                new Case(new int[] {1, 1}, -1, null),
                new Case(new int[] {3, 4, 5}, -1, null),
                new Case(new int[] {3, 4, 5}, 0, null),
                new Case(new int[] {3, 4, 5}, 1, null),
                new Case(new int[] {2, 1200}, -1, NARROWED),
                new Case(new int[] {7, 9}, -1, TRANSPOSED),
                new Case(new int[] {4, 6}, 0, STRIDED));
        long seed = 800;
        for (Case c : cases) {
            long s = seed++;
            tests.add(t.both(OpCheck.of("softmax(" + c.dim + ")").input(layout(Input.randn("x", s, c.dims).scale(3f), c.layout))
                    .ours(in -> in.get(0).softmax(c.dim)).torch(in -> in.get(0).softmax(c.dim))
                    .forward(1e-7, 1e-5).grad(1e-6, 1e-4).fd(3, 3e-2, 5e-4, 5e-3)));
            tests.add(t.both(OpCheck.of("logSoftmax(" + c.dim + ")").input(layout(Input.randn("x", s, c.dims).scale(3f), c.layout))
                    .ours(in -> in.get(0).logSoftmax(c.dim)).torch(in -> in.get(0).logSoftmax(c.dim))
                    .forward(2e-6, 1e-6).grad(1e-6, 1e-4)
                    // every output of a row moves with each input: on 1200-wide rows their rounding makes h = 0.01 noisy
                    .fd(3, 3e-2, 5e-4, 5e-3)));
        }
        return tests.stream().flatMap(Function.identity());
    }

    private static Input layout(Input x, Input.Layout l) {
        return l == null ? x : x.layout(l);
    }
}
