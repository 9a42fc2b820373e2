package dev.basalt.conformance;

import dev.basalt.api.nn.AdamW;
import dev.basalt.api.nn.Parameter;
import dev.basalt.api.tensor.DType;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The AdamW step against its closed form (torch.optim.AdamW's order of operations), computed in double. */
final class AdamWCases {

    private AdamWCases() {
    }

    /** Parameters, moments and step count of the closed-form reference. */
    private static final class Reference {
        final double[] p;
        final double[] m;
        final double[] v;

        Reference(float[] init) {
            p = new double[init.length];
            m = new double[init.length];
            v = new double[init.length];
            for (int i = 0; i < init.length; i++) {
                p[i] = init[i];
            }
        }

        void step(float[] g, double lr, double b1, double b2, double eps, double wd, long t) {
            double bc1 = 1 - Math.pow(b1, t);
            double bc2 = 1 - Math.pow(b2, t);
            for (int i = 0; i < p.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                p[i] *= 1 - lr * wd;
                double denom = Math.sqrt(v[i]) / Math.sqrt(bc2) + eps;
                p[i] -= lr / bc1 * m[i] / denom;
            }
        }

        static float[] f(double[] x) {
            float[] out = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = (float) x[i];
            }
            return out;
        }
    }

    static Stream<DynamicTest> all(Targets t) {
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        int[][] shapes = {{1}, {3, 5}, {1031}};
        for (int[] shape : shapes) {
            tests.add(t.both("adamWStep " + java.util.Arrays.toString(shape) + ", 4 steps, transposed gradient",
                    backend -> {
                        int n = Input.numel(shape);
                        float[] init = Input.gaussian(2000 + n, n);
                        Tensor param = Tensor.of(init, shape);
                        Tensor m = Tensor.zeros(shape);
                        Tensor v = Tensor.zeros(shape);
                        Reference ref = new Reference(init);
                        float lr = 1e-2f;
                        float b1 = 0.9f;
                        float b2 = 0.999f;
                        float eps = 1e-8f;
                        float wd = 0.1f;
                        for (int step = 1; step <= 4; step++) {
                            float[] g = Input.gaussian(2100 + step, n);
                            Tensor grad = shape.length == 2
                                    ? Tensor.of(transpose(g, shape[0], shape[1]), shape[1], shape[0]).transpose(0, 1)
                                    : Tensor.of(g, shape);
                            Functional.adamWStep(param, grad, m, v, lr, b1, b2, eps, wd, step);
                            ref.step(g, lr, b1, b2, eps, wd, step);
                        }
                        // float arithmetic of a few operations per step against double: a few ulp of O(1) values
                        Close.assertClose("param", Reference.f(ref.p), param.toFloatArray(), 1e-6, 1e-5);
                        Close.assertClose("m", Reference.f(ref.m), m.toFloatArray(), 1e-7, 1e-5);
                        Close.assertClose("v", Reference.f(ref.v), v.toFloatArray(), 1e-8, 1e-5);
                    }));
        }
        tests.add(t.both("adamWStep on a BF16 parameter stays BF16 and follows the closed form", backend -> {
            float[] init = Halves.round(DType.BF16, Input.gaussian(2200, 64));
            Tensor param = Tensor.of(init, DType.BF16, 64);
            Tensor m = Tensor.zeros(64);
            Tensor v = Tensor.zeros(64);
            float[] g = Input.gaussian(2201, 64);
            Functional.adamWStep(param, Tensor.of(g, 64), m, v, 0.05f, 0.9f, 0.99f, 1e-8f, 0f, 1);
            Reference ref = new Reference(init);
            ref.step(g, 0.05, 0.9, 0.99, 1e-8, 0, 1);
            assertEquals(DType.BF16, param.dtype());
            // the update is stored in bf16: half a bf16 ulp of O(1) values
            Close.assertClose("param", Reference.f(ref.p), param.toFloatArray(), 0, Halves.epsilon(DType.BF16));
        }));
        tests.add(t.both("nn.AdamW decays matrices, not vectors", backend -> {
            Tensor w = Tensor.of(new float[] {1, -2, 3, 4}, 2, 2).requiresGrad(true);
            Tensor b = Tensor.of(new float[] {1, -2}, 2).requiresGrad(true);
            AdamW opt = new AdamW(List.of(new Parameter("w", w), new Parameter("b", b)), 0.1f, 0.9f, 0.999f, 1e-8f,
                    0.5f);
            Tensor loss = w.sum().mul(0f).add(b.sum().mul(0f));
            loss.backward();
            opt.step();
            // zero gradients: Adam's update is 0, so only decoupled decay acts: w *= 1 - 0.1·0.5, b unchanged
            Close.assertClose("w", new float[] {0.95f, -1.9f, 2.85f, 3.8f}, w.toFloatArray(), 0, 1e-6);
            Close.assertClose("b", new float[] {1, -2}, b.toFloatArray(), 0, 0);
        }));
        return tests.stream().flatMap(Function.identity());
    }

    private static float[] transpose(float[] g, int rows, int cols) {
        float[] out = new float[g.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = g[r * cols + c];
            }
        }
        return out;
    }
}
