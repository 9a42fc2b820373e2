package dev.basalt.conformance;

import ai.djl.ndarray.NDArray;
import dev.basalt.api.tensor.DType;
import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.basalt.conformance.Input.Layout.NARROWED;
import static dev.basalt.conformance.Input.Layout.STRIDED;
import static dev.basalt.conformance.Input.Layout.TRANSPOSED;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Matrix products: every transpose flag, batching, broadcast batch dimensions, shared weights, strided operands. */
final class MatmulCases {

    private MatmulCases() {
    }

    private record Case(int[] a, int[] b, boolean transA, boolean transB, Input.Layout la, Input.Layout lb) {
        static Case of(int[] a, int[] b) {
            return new Case(a, b, false, false, null, null);
        }

        Case flags(boolean ta, boolean tb) {
            return new Case(a, b, ta, tb, la, lb);
        }

        Case layouts(Input.Layout x, Input.Layout y) {
            return new Case(a, b, transA, transB, x, y);
        }

        /** The longest sum in the product or in either gradient. */
        int longestSum() {
            int m = transA ? a[a.length - 1] : a[a.length - 2];
            int k = transA ? a[a.length - 2] : a[a.length - 1];
            int n = transB ? b[b.length - 2] : b[b.length - 1];
            int batchRows = Input.numel(a) / k;
            return Math.max(Math.max(m, n), Math.max(k, batchRows));
        }
    }

    static Stream<DynamicTest> all(Targets t) {
        List<Case> cases = List.of(
                Case.of(new int[] {1, 1}, new int[] {1, 1}),
                Case.of(new int[] {3, 5}, new int[] {5, 4}),
                Case.of(new int[] {5, 3}, new int[] {5, 4}).flags(true, false),
                Case.of(new int[] {3, 5}, new int[] {4, 5}).flags(false, true),
                Case.of(new int[] {5, 3}, new int[] {4, 5}).flags(true, true),
                Case.of(new int[] {2, 3, 5, 4}, new int[] {2, 3, 4, 6}),
                Case.of(new int[] {2, 1, 5, 4}, new int[] {3, 4, 6}),                   // broadcast batch
                Case.of(new int[] {2, 3, 5}, new int[] {4, 5}).flags(false, true),     // linear layer, shared weight
                Case.of(new int[] {2, 3, 5}, new int[] {5, 4}),
                Case.of(new int[] {5, 4}, new int[] {3, 4, 6}),                        // rank 2 · rank 3
                Case.of(new int[] {2, 4, 3}, new int[] {2, 6, 4}).flags(true, true),   // batched, both transposed
                Case.of(new int[] {3, 1100}, new int[] {1100, 5}),                     // inner size >= 1000
                Case.of(new int[] {2, 7}, new int[] {7, 1030}),
                Case.of(new int[] {1, 300}, new int[] {300, 1}),
                Case.of(new int[] {37, 129}, new int[] {129, 65}),                     // several register tiles, odd edges
                Case.of(new int[] {6, 4}, new int[] {4, 5}).layouts(TRANSPOSED, NARROWED),
                Case.of(new int[] {4, 6}, new int[] {4, 5}).flags(true, false).layouts(TRANSPOSED, null),
                Case.of(new int[] {3, 8}, new int[] {8, 2}).layouts(STRIDED, TRANSPOSED),
                Case.of(new int[] {2, 3, 5}, new int[] {4, 5}).flags(false, true).layouts(NARROWED, STRIDED));
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        int seed = 500;
        for (Case c : cases) {
            Input a = Input.randn("a", seed++, c.a);
            Input b = Input.randn("b", seed++, c.b);
            if (c.la != null) {
                a.layout(c.la);
            }
            if (c.lb != null) {
                b.layout(c.lb);
            }
            // fp32 sums of N(0,1) products: rounding grows with the length of the longest sum
            double abs = 1e-6 + 3e-7 * c.longestSum();
            tests.add(t.once(OpCheck.of("matmul" + (c.transA ? " transA" : "") + (c.transB ? " transB" : ""))
                    .input(a).input(b)
                    .ours(in -> Tensor.matmul(in.get(0), in.get(1), c.transA, c.transB))
                    .torch(in -> {
                        NDArray x = c.transA ? Torch.transposeLast(in.get(0)) : in.get(0);
                        NDArray y = c.transB ? Torch.transposeLast(in.get(1)) : in.get(1);
                        return x.matMul(y);
                    })
                    .forward(abs, 1e-5).grad(abs, 1e-5)));
        }
        tests.add(t.once(OpCheck.of("matmul method").input(Input.randn("a", 600, 2, 3, 4))
                .input(Input.randn("b", 601, 4, 2))
                .ours(in -> in.get(0).matmul(in.get(1))).torch(in -> in.get(0).matMul(in.get(1)))
                .forward(1e-5, 1e-5).grad(1e-5, 1e-5)));
        // Tensor.linear writes the bias into the output first and adds the product to it: one case per sgemm path
        // (row dot products for few rows, the packed path, more than one depth block) and the batched, flattened
        // input of a layer.
        int[][][] linears = {
            {{5, 40}, {7, 40}}, {{70, 300}, {33, 300}}, {{2, 3, 5}, {4, 5}}
        };
        for (int[][] shapes : linears) {
            int out = shapes[1][0];
            double abs = 1e-6 + 3e-7 * shapes[1][1];
            tests.add(t.once(OpCheck.of("linear " + java.util.Arrays.toString(shapes[0]) + " · "
                            + java.util.Arrays.toString(shapes[1]) + "ᵀ + bias")
                    .input(Input.randn("x", seed++, shapes[0])).input(Input.randn("weight", seed++, shapes[1]))
                    .input(Input.randn("bias", seed++, out))
                    .ours(in -> Tensor.linear(in.get(0), in.get(1), in.get(2)))
                    .torch(in -> in.get(0).matMul(Torch.transposeLast(in.get(1))).add(in.get(2)))
                    .forward(abs, 1e-5).grad(abs, 1e-5)));
        }
        tests.add(t.once("linear of half operands with an f32 bias is f32, as matmul then add is", backend -> {
            for (DType half : new DType[] {DType.BF16, DType.F16}) {
                Tensor x = Tensor.randn(1, 2, 3, 20).to(half);
                Tensor w = Tensor.randn(2, 7, 20).to(half);
                Tensor b = Tensor.randn(3, 7);
                assertEquals(Tensor.matmul(x, w, false, true).add(b).dtype(), Tensor.linear(x, w, b).dtype(),
                        half + " x and weight, f32 bias");
            }
        }));
        return tests.stream().flatMap(Function.identity());
    }
}
