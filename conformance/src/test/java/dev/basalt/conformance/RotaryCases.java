package dev.basalt.conformance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/** Rotary position embedding in both pair layouts, and its tables. */
final class RotaryCases {

    private RotaryCases() {
    }

    /** x [..., T, D]; when {@code sequenceMajor} the stored x is [B, T, H, D] and the op sees it transposed. */
    private record Case(int[] shape, boolean interleaved, boolean sequenceMajor, int start) {
        int t() {
            return sequenceMajor ? shape[1] : shape[shape.length - 2];
        }

        int d() {
            return shape[shape.length - 1];
        }
    }

    /** cos and sin of {@code (start + p)·10000^(-2i/D)}, computed here in double. */
    private static float[][] tables(int start, int t, int d) {
        int half = d / 2;
        float[] c = new float[t * half];
        float[] s = new float[t * half];
        for (int p = 0; p < t; p++) {
            for (int i = 0; i < half; i++) {
                double angle = (start + p) / Math.pow(10000, 2.0 * i / d);
                c[p * half + i] = (float) Math.cos(angle);
                s[p * half + i] = (float) Math.sin(angle);
            }
        }
        return new float[][] {c, s};
    }

    private static NDArray torchRotary(NDArray x, NDArray cos, NDArray sin, Case c) {
        if (c.sequenceMajor) {
            x = x.transpose(0, 2, 1, 3);
        }
        int half = c.d() / 2;
        if (!c.interleaved) {
            NDArray x1 = x.get(new NDIndex("..., :" + half));
            NDArray x2 = x.get(new NDIndex("..., " + half + ":"));
            return NDArrays.concat(new NDList(x1.mul(cos).sub(x2.mul(sin)), x2.mul(cos).add(x1.mul(sin))), -1);
        }
        long[] dims = x.getShape().getShape();
        long[] pairs = new long[dims.length + 1];
        System.arraycopy(dims, 0, pairs, 0, dims.length);
        pairs[dims.length - 1] = half;
        pairs[dims.length] = 2;
        NDArray xp = x.reshape(pairs);
        NDArray x1 = xp.get(new NDIndex("..., 0"));
        NDArray x2 = xp.get(new NDIndex("..., 1"));
        NDArray y = NDArrays.stack(new NDList(x1.mul(cos).sub(x2.mul(sin)), x2.mul(cos).add(x1.mul(sin))), -1);
        return y.reshape(dims);
    }

    static Stream<DynamicTest> all(Targets t) {
        List<Case> cases = List.of(
                new Case(new int[] {2, 3, 5, 8}, false, false, 0),
                new Case(new int[] {2, 3, 5, 8}, true, false, 3),
                new Case(new int[] {1, 1, 1, 2}, false, false, 7),
                new Case(new int[] {1, 1, 1, 2}, true, false, 7),
                new Case(new int[] {2, 7, 3, 6}, false, true, 2),        // [B, T, H, D] seen as [B, H, T, D]
                new Case(new int[] {2, 7, 3, 6}, true, true, 2),
                new Case(new int[] {3, 1024}, false, false, 100),        // rank 2, D >= 1000
                new Case(new int[] {2, 9, 1030}, true, false, 1));
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        long seed = 1800;
        for (Case c : cases) {
            float[][] tab = tables(c.start, c.t(), c.d());
            int half = c.d() / 2;
            tests.add(t.both(OpCheck.of("rotary" + (c.interleaved ? " interleaved" : " rotate-half")
                            + (c.sequenceMajor ? ", sequence-major x" : ""))
                    .input(Input.randn("x", seed++, c.shape))
                    .input(Input.of("cos", tab[0], c.t(), half).noGrad())
                    .input(Input.of("sin", tab[1], c.t(), half).noGrad())
                    .ours(in -> Functional.rotary(c.sequenceMajor ? in.get(0).transpose(1, 2) : in.get(0), in.get(1),
                            in.get(2), c.interleaved))
                    .torch(in -> torchRotary(in.get(0), in.get(1), in.get(2), c))
                    // two products and a sum per element
                    .forward(1e-6, 1e-6).grad(1e-6, 1e-5)));
        }
        tests.add(t.once("rotaryTables match cos/sin of pos·base^(-2i/dim)", backend -> {
            Tensor[] tables = Functional.rotaryTables(5, 4, 6, 10000);
            float[][] expected = tables(5, 4, 6);
            // one float rounding of a double cos/sin, after a double power and product
            Close.assertClose("cos", expected[0], tables[0].toFloatArray(), 1e-7, 0);
            Close.assertClose("sin", expected[1], tables[1].toFloatArray(), 1e-7, 0);
        }));
        return tests.stream().flatMap(Function.identity());
    }
}
