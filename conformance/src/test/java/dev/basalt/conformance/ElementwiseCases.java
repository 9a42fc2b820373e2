package dev.basalt.conformance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.basalt.conformance.Input.Layout.NARROWED;
import static dev.basalt.conformance.Input.Layout.STRIDED;
import static dev.basalt.conformance.Input.Layout.TRANSPOSED;

/** Binary (broadcasting), scalar and unary element-wise ops, where, and the fused activations. */
final class ElementwiseCases {

    private ElementwiseCases() {
    }

    private record Binary(String name, BiFunction<Tensor, Tensor, Tensor> ours, BiFunction<NDArray, NDArray, NDArray> torch,
                          boolean divisor, boolean kinked) {
    }

    private record Unary(String name, UnaryOperator<Tensor> ours, UnaryOperator<NDArray> torch, Domain domain,
                         boolean kinked) {
    }

    private enum Domain { ANY, POSITIVE, NONZERO }

    static Stream<DynamicTest> binary(Targets t) {
        List<Binary> ops = List.of(
                new Binary("add", Tensor::add, NDArray::add, false, false),
                new Binary("sub", Tensor::sub, NDArray::sub, false, false),
                new Binary("mul", Tensor::mul, NDArray::mul, false, false),
                new Binary("div", Tensor::div, NDArray::div, true, false),
                new Binary("maximum", Tensor::maximum, NDArray::maximum, false, true),
                new Binary("minimum", Tensor::minimum, NDArray::minimum, false, true));
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        for (Binary op : ops) {
            // shapes: size 1, odd, broadcasting both ways, a rank-0 operand, inner size >= 1000, strided views
            int[][][] shapes = {{{1}, {1}}, {{7}, {7}}, {{3, 1, 5}, {4, 5}}, {{2, 3}, {}}, {{2, 1031}, {1031}},
                    {{5, 3}, {5, 3}}, {{4, 6}, {4, 1}}};
            Input.Layout[][] layouts = {{null, null}, {null, null}, {null, null}, {null, null}, {null, STRIDED},
                    {TRANSPOSED, STRIDED}, {NARROWED, null}};
            for (int s = 0; s < shapes.length; s++) {
                Input a = Input.randn("a", 11 + s, shapes[s][0]);
                Input b = Input.randn("b", 37 + s, shapes[s][1]);
                if (op.divisor) {
                    b.awayFromZero();
                }
                if (layouts[s][0] != null) {
                    a.layout(layouts[s][0]);
                }
                if (layouts[s][1] != null) {
                    b.layout(layouts[s][1]);
                }
                // exact in fp32 apart from one rounding (div: one rounding of a correctly rounded quotient)
                OpCheck c = OpCheck.of(op.name).input(a).input(b)
                        .ours(in -> op.ours.apply(in.get(0), in.get(1)))
                        .torch(in -> op.torch.apply(in.get(0), in.get(1)))
                        .forward(0, 1e-6).grad(1e-6, 1e-5);
                tests.add(t.once(op.kinked ? c.skipKinks() : c));
            }
        }
        return tests.stream().flatMap(Function.identity());
    }

    static Stream<DynamicTest> scalar(Targets t) {
        record Op(String name, UnaryOperator<Tensor> ours, UnaryOperator<NDArray> torch, boolean positive, boolean kinked) {
        }
        List<Op> ops = List.of(
                new Op("add 0.7", x -> x.add(0.7f), x -> x.add(0.7f), false, false),
                new Op("sub 1.3", x -> x.sub(1.3f), x -> x.sub(1.3f), false, false),
                new Op("mul -2.5", x -> x.mul(-2.5f), x -> x.mul(-2.5f), false, false),
                new Op("div 4", x -> x.div(4f), x -> x.div(4f), false, false),
                new Op("pow 2", x -> x.pow(2f), x -> x.pow(2f), false, false),
                new Op("pow 3", x -> x.pow(3f), x -> x.pow(3f), false, false),
                new Op("pow 0.5", x -> x.pow(0.5f), x -> x.pow(0.5f), true, false),
                new Op("pow -1.5", x -> x.pow(-1.5f), x -> x.pow(-1.5f), true, false),
                new Op("clamp [-0.5, 0.7]", x -> x.clamp(-0.5f, 0.7f), x -> x.clip(-0.5f, 0.7f), false, true));
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        for (Op op : ops) {
            int[][] shapes = {{}, {3, 5}, {2, 1100}};
            Input.Layout[] layouts = {null, TRANSPOSED, NARROWED};
            for (int s = 0; s < shapes.length; s++) {
                Input x = Input.randn("x", 101 + s, shapes[s]);
                if (op.positive) {
                    x.positive();
                }
                if (layouts[s] != null) {
                    x.layout(layouts[s]);
                }
                // pow goes through a libm-style pow: a few ulp
                OpCheck c = OpCheck.of(op.name).input(x).ours(in -> op.ours.apply(in.get(0)))
                        .torch(in -> op.torch.apply(in.get(0))).forward(1e-7, 2e-6).grad(1e-6, 1e-5);
                tests.add(t.once(op.kinked ? c.skipKinks() : c));
            }
        }
        return tests.stream().flatMap(Function.identity());
    }

    static Stream<DynamicTest> unary(Targets t) {
        List<Unary> ops = List.of(
                new Unary("neg", Tensor::neg, NDArray::neg, Domain.ANY, false),
                new Unary("exp", Tensor::exp, NDArray::exp, Domain.ANY, false),
                new Unary("log", Tensor::log, NDArray::log, Domain.POSITIVE, false),
                new Unary("sqrt", Tensor::sqrt, NDArray::sqrt, Domain.POSITIVE, false),
                new Unary("rsqrt", Tensor::rsqrt, x -> x.pow(-0.5f), Domain.POSITIVE, false),
                new Unary("tanh", Tensor::tanh, NDArray::tanh, Domain.ANY, false),
                new Unary("erf", Tensor::erf, NDArray::erf, Domain.ANY, false),
                new Unary("sigmoid", Tensor::sigmoid, x -> x.getNDArrayInternal().sigmoid(), Domain.ANY, false),
                new Unary("relu", Tensor::relu, x -> x.getNDArrayInternal().relu(), Domain.ANY, true),
                new Unary("abs", Tensor::abs, NDArray::abs, Domain.ANY, true),
                new Unary("square", Tensor::square, NDArray::square, Domain.ANY, false),
                new Unary("reciprocal", Tensor::reciprocal, x -> x.pow(-1f), Domain.NONZERO, false),
                new Unary("sin", Tensor::sin, NDArray::sin, Domain.ANY, false),
                new Unary("cos", Tensor::cos, NDArray::cos, Domain.ANY, false));
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        for (Unary op : ops) {
            int[][] shapes = {{1}, {4, 5}, {3, 1033}, {6, 7}};
            Input.Layout[] layouts = {null, STRIDED, null, TRANSPOSED};
            for (int s = 0; s < shapes.length; s++) {
                Input x = Input.randn("x", 201 + s, shapes[s]).scale(1.5f);
                switch (op.domain) {
                    case POSITIVE -> x.positive();
                    case NONZERO -> x.awayFromZero();
                    default -> {
                    }
                }
                if (layouts[s] != null) {
                    x.layout(layouts[s]);
                }
                // vectorised exp/tanh are within ~2 ulp, the rational erf within ~1e-7 absolute
                OpCheck c = OpCheck.of(op.name).input(x).ours(in -> op.ours.apply(in.get(0)))
                        .torch(in -> op.torch.apply(in.get(0))).forward(5e-7, 2e-6).grad(1e-6, 1e-5);
                tests.add(t.once(op.kinked ? c.skipKinks() : c));
            }
        }
        return tests.stream().flatMap(Function.identity());
    }

    static Stream<DynamicTest> where(Targets t) {
        float[] cond = {1, 0, 0, 1};
        Input c = Input.of("cond", cond, 4, 1).noGrad();
        Input a = Input.randn("a", 301, 4, 6).layout(NARROWED);
        Input b = Input.randn("b", 302, 6);
        return t.once(OpCheck.of("where").input(c).input(a).input(b)
                .ours(in -> Tensor.where(in.get(0), in.get(1), in.get(2)))
                .torch(in -> NDArrays.where(in.get(0).gt(0.5f).broadcast(4, 6), in.get(1), in.get(2).broadcast(4, 6)))
                .forward(0, 0).grad(1e-6, 1e-6));
    }

    /** GELU (exact), tanh-GELU and SiLU: fused kernels, so run with the kernel and with the fallback. */
    static Stream<DynamicTest> activations(Targets t) {
        record Act(String name, UnaryOperator<Tensor> ours, UnaryOperator<NDArray> torch) {
        }
        double c = Math.sqrt(2 / Math.PI);
        List<Act> acts = List.of(
                new Act("gelu", Tensor::gelu, x -> x.getNDArrayInternal().gelu()),
                new Act("geluTanh", Tensor::geluTanh,
                        x -> x.mul(0.5f).mul(x.add(x.pow(3f).mul(0.044715f)).mul((float) c).tanh().add(1f))),
                new Act("silu", Tensor::silu, x -> x.mul(x.getNDArrayInternal().sigmoid())));
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        for (Act act : acts) {
            Input[] cases = {
                    Input.randn("x", 401, 1),
                    Input.randn("x", 402, 3, 7).layout(TRANSPOSED),
                    Input.randn("x", 403, 2, 1500).scale(2f),
                    Input.randn("x", 404, 5, 13).scale(6f).layout(STRIDED),   // tails: |x| up to ~20
            };
            for (Input x : cases) {
                // erf/tanh approximations: ~1e-7 absolute; the composed fallback rounds at each of ~6 steps
                tests.add(t.both(OpCheck.of(act.name).input(x).ours(in -> act.ours.apply(in.get(0)))
                        .torch(in -> act.torch.apply(in.get(0))).forward(2e-6, 1e-5).grad(1e-5, 1e-4)));
            }
        }
        return tests.stream().flatMap(Function.identity());
    }
}
