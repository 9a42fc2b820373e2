package dev.basalt.conformance;

import dev.basalt.api.tensor.AttentionMask;
import dev.basalt.api.tensor.DType;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Numerics: softmax and log-softmax at |x| ≈ 1e4 and on -inf rows; accumulation in fp32 when storage is BF16 or F16
 * (a bf16 accumulator would stall long before the closed-form values below); half storage in, half storage out.
 */
final class NumericsCases {

    private NumericsCases() {
    }

    static Stream<DynamicTest> softmaxRange(Targets t) {
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        double l = Math.log1p(Math.exp(-1));               // log(1 + e^-1)
        tests.add(t.both("softmax and logSoftmax at |x| = 1e4 are finite and exact", backend -> {
            float[] x = {1e4f, 1e4f - 1, 0, -1e4f, -1e4f, -1e4f, -1e4f, -1e4f};
            Tensor in = Tensor.of(x, 2, 4).requiresGrad(true);
            float[] s = in.softmax(-1).toFloatArray();
            float[] ls = in.logSoftmax(-1).toFloatArray();
            float a = (float) (1 / (1 + Math.exp(-1)));
            Close.assertClose("softmax", new float[] {a, 1 - a, 0, 0, 0.25f, 0.25f, 0.25f, 0.25f}, s, 1e-7, 1e-6);
            Close.assertClose("logSoftmax", new float[] {(float) -l, (float) (-1 - l), (float) (-1e4 - l),
                    (float) (-2e4 - l), (float) -Math.log(4), (float) -Math.log(4), (float) -Math.log(4),
                    (float) -Math.log(4)}, ls, 1e-6, 1e-6);
            in.softmax(-1).mul(Tensor.randn(3, 2, 4)).sum().backward();
            in.logSoftmax(-1).mul(Tensor.randn(4, 2, 4)).sum().backward();
            Close.assertAllFinite("gradient", in.grad().toFloatArray());
        }));
        tests.add(t.both("softmax of a -inf row is zeros, logSoftmax -inf, never NaN", backend -> {
            float ninf = Float.NEGATIVE_INFINITY;
            Tensor in = Tensor.of(new float[] {ninf, ninf, ninf, 0, ninf, 1}, 2, 3).requiresGrad(true);
            float e = (float) Math.E;
            Close.assertClose("softmax", new float[] {0, 0, 0, 1 / (1 + e), 0, e / (1 + e)},
                    in.softmax(-1).toFloatArray(), 1e-7, 1e-6);
            float[] ls = in.logSoftmax(-1).toFloatArray();
            assertEquals(ninf, ls[0]);
            assertEquals(ninf, ls[4]);
            Close.assertClose("logSoftmax finite entries", new float[] {(float) -Math.log1p(e), (float) (1 - Math.log1p(e))},
                    new float[] {ls[3], ls[5]}, 1e-6, 1e-6);
            in.softmax(-1).mul(Tensor.randn(5, 2, 3)).sum().backward();
            float[] g = in.grad().toFloatArray();
            Close.assertAllFinite("softmax gradient", g);
            Close.assertSameValues("gradient of the -inf row", new float[3], Arrays.copyOf(g, 3));
        }));
        return tests.stream().flatMap(Function.identity());
    }

    static Stream<DynamicTest> halfAccumulation(Targets t) {
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        for (DType half : new DType[] {DType.BF16, DType.F16}) {
            float small = Halves.round(half, 0.01f);
            double ulp100 = 100 * Halves.epsilon(half);
            tests.add(t.both("sum of 10000 x " + small + " in " + half + " accumulates in fp32", backend -> {
                float[] data = new float[10_000];
                Arrays.fill(data, 0.01f);
                Tensor x = Tensor.of(data, half, 10_000);
                double exact = 10_000.0 * small;
                // the fp32 sum rounded once to the storage type: within one of its ulps at 100
                // (a sequential half-precision accumulator stops growing below 10 for BF16, 32 for F16)
                Close.assertClose("sum()", exact, x.sum().item(), ulp100, 0);
                Close.assertClose("mean()", exact / 10_000, x.mean().item(), 0, 2 * Halves.epsilon(half));
                Tensor rows = Tensor.of(Arrays.copyOf(data, 8192), half, 2, 4096);
                float[] sums = rows.sum(1, false).toFloatArray();
                Close.assertClose("sum(1)", new float[] {4096 * small, 4096 * small}, sums,
                        41 * Halves.epsilon(half), 0);
                assertEquals(half, x.sum().dtype(), "a sum keeps the storage type");
            }));
            tests.add(t.both("matmul with K = 4096 in " + half + " accumulates in fp32", backend -> {
                float[] a = new float[4096];
                Arrays.fill(a, 0.01f);
                float[] b = new float[4096 * 2];
                Arrays.fill(b, 1f);
                Tensor out = Tensor.of(a, half, 1, 4096).matmul(Tensor.of(b, half, 4096, 2));
                Close.assertClose("a·b", new float[] {4096 * small, 4096 * small}, out.toFloatArray(),
                        41 * Halves.epsilon(half), 0);
                assertEquals(half, out.dtype());
            }));
            tests.add(t.both("softmax, crossEntropy and attention over 4096 " + half + " entries", backend -> {
                // a half-precision running sum of 4096 ones stops at 256 (BF16) or 2048 (F16)
                float[] p = Tensor.zeros(half, 2, 4096).softmax(-1).toFloatArray();
                float[] expected = new float[p.length];
                Arrays.fill(expected, 1f / 4096);
                Close.assertClose("softmax", expected, p, 0, Halves.epsilon(half));
                Tensor loss = Functional.crossEntropy(Tensor.zeros(half, 2, 4096), Tensor.ofInts(new int[] {0, 9}, 2));
                Close.assertClose("crossEntropy", Math.log(4096), loss.item(), 0, 1e-6);
                float[] vs = new float[4096 * 2];
                for (int i = 0; i < vs.length; i++) {
                    vs[i] = i % 2 == 0 ? 1f : 0.5f;
                }
                Tensor v = Tensor.of(vs, half, 1, 1, 4096, 2);
                Tensor out = Functional.attention(Tensor.zeros(half, 1, 1, 3, 2), Tensor.zeros(half, 1, 1, 4096, 2), v,
                        AttentionMask.none());
                Close.assertClose("attention (uniform weights: the mean of v)", new float[] {1, 0.5f, 1, 0.5f, 1, 0.5f},
                        out.toFloatArray(), 0, Halves.epsilon(half));
            }));
        }
        return tests.stream().flatMap(Function.identity());
    }

    /** Half storage in, the same half storage out, for every fused op, with the kernel and with the fallback. */
    static Stream<DynamicTest> halfStorageKept(Targets t) {
        record Op(String name, UnaryOperator<Tensor> f) {
        }
        List<Op> ops = List.of(
                new Op("gelu", Tensor::gelu),
                new Op("geluTanh", Tensor::geluTanh),
                new Op("silu", Tensor::silu),
                new Op("softmax", x -> x.softmax(-1)),
                new Op("logSoftmax", x -> x.logSoftmax(-1)),
                new Op("layerNorm with F32 weight and bias", x -> Functional.layerNorm(x, Tensor.ones(8), Tensor.zeros(8), 1e-5f)),
                new Op("layerNorm without parameters", x -> Functional.layerNorm(x, null, null, 1e-5f)),
                new Op("rmsNorm with F32 weight", x -> Functional.rmsNorm(x, Tensor.ones(8), 1e-6f)),
                new Op("rotary with F32 tables", x -> {
                    Tensor[] tab = Functional.rotaryTables(0, 6, 8, 10000);
                    return Functional.rotary(x, tab[0], tab[1], false);
                }),
                new Op("dropout", x -> Functional.dropout(x, 0.25f, 9)),
                new Op("attention with an F32 bias", x -> {
                    Tensor q = x.reshape(1, 2, 6, 4);
                    return Functional.attention(q, q, q, AttentionMask.causalMask().withBias(Tensor.randn(3, 6, 6)));
                }));
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        for (DType half : new DType[] {DType.BF16, DType.F16}) {
            for (Op op : ops) {
                tests.add(t.both(op.name + " of " + half + " is " + half, backend -> {
                    Tensor x = Tensor.of(Input.gaussian(2300, 48), half, 6, 8).requiresGrad(true);
                    Tensor y = op.f.apply(x);
                    assertEquals(half, y.dtype(), op.name + " result type");
                    y.sum().backward();
                    assertEquals(half, x.grad().dtype(), op.name + " gradient type");
                    Close.assertAllFinite(op.name + " gradient", x.grad().toFloatArray());
                }));
            }
        }
        return tests.stream().flatMap(Function.identity());
    }

    /** Fused ops on BF16 storage against PyTorch in fp32 on the same (rounded) values. */
    static Stream<DynamicTest> halfAgainstTorch(Targets t) {
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        DType bf = DType.BF16;
        // the result is rounded to bf16 once (half an ulp, 2^-9 relative) plus fp32 work inside
        double rel = Halves.epsilon(bf);
        tests.add(t.both(OpCheck.of("layerNorm").input(Input.randn("x", 2400, 4, 1100).dtype(bf))
                .ours(in -> Functional.layerNorm(in.get(0), null, null, 1e-5f))
                .torch(in -> {
                    var x = in.get(0);
                    var c = x.sub(x.mean(new int[] {-1}, true));
                    return c.div(c.square().mean(new int[] {-1}, true).add(1e-5f).sqrt());
                })
                .outputType(bf).forward(1e-2, rel).grad(5e-3, 4 * rel)));
        tests.add(t.both(OpCheck.of("gelu").input(Input.randn("x", 2401, 3, 1100).dtype(bf))
                .ours(in -> in.get(0).gelu()).torch(in -> in.get(0).getNDArrayInternal().gelu())
                .outputType(bf).forward(1e-3, rel).grad(5e-3, 2 * rel)));
        tests.add(t.both(OpCheck.of("softmax").input(Input.randn("x", 2402, 3, 1100).dtype(bf))
                .ours(in -> in.get(0).softmax(-1)).torch(in -> in.get(0).softmax(-1))
                .outputType(bf).forward(1e-6, rel).grad(1e-5, 4 * rel)));
        return tests.stream().flatMap(Function.identity());
    }
}
