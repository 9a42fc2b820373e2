package dev.basalt.backend.cpu;

import dev.basalt.api.backend.Activation;
import dev.basalt.api.backend.ActivationKernel;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.backend.cpu.kernels.VectorMath;
import jdk.incubator.vector.FloatVector;

import static dev.basalt.backend.cpu.ElementwiseKernels.BLOCK;
import static dev.basalt.backend.cpu.ElementwiseKernels.S;

/** GELU (exact and tanh) and SiLU with their derivatives on the Vector API, a scalar tail after the last vector. */
final class CpuActivations implements ActivationKernel {

    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);
    private static final float INV_SQRT_2 = (float) (1 / Math.sqrt(2));
    private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));
    private static final float K = 0.044715f;

    private final CpuBackend backend;
    private final Parallel parallel;

    CpuActivations(CpuBackend backend, Parallel parallel) {
        this.backend = backend;
        this.parallel = parallel;
    }

    @Override
    public Tensor forward(Activation kind, Tensor x) {
        return run(kind, x, null);
    }

    @Override
    public Tensor backward(Activation kind, Tensor x, Tensor dy) {
        return run(kind, x, dy);
    }

    private Tensor run(Activation kind, Tensor x, Tensor dy) {
        float[] in = Vec.data(x);
        float[] g = dy == null ? null : Vec.data(dy);
        int xo = x.offset();
        int go = dy == null ? 0 : dy.offset();
        Tensor out = Vec.alloc(backend, x.shape());
        float[] o = Vec.data(out);
        int n = Math.toIntExact(x.numel());
        parallel.range(ElementwiseKernels.blocks(n), 20L * BLOCK, (b0, b1) -> {
            int from = b0 * BLOCK;
            int to = Math.min(n, b1 * BLOCK);
            int i = from;
            int bound = from + S.loopBound(to - from);
            for (; i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, in, xo + i);
                FloatVector r = g == null ? forwardVector(kind, v)
                        : derivativeVector(kind, v).mul(FloatVector.fromArray(S, g, go + i));
                r.intoArray(o, i);
            }
            for (; i < to; i++) {
                float v = in[xo + i];
                o[i] = g == null ? forward(kind, v) : derivative(kind, v) * g[go + i];
            }
        });
        return out;
    }

    static float forward(Activation kind, float x) {
        return switch (kind) {
            case GELU -> 0.5f * x * (1 + ScalarMath.erf(x * INV_SQRT_2));
            case GELU_TANH -> 0.5f * x * (1 + (float) Math.tanh(SQRT_2_OVER_PI * (x + K * x * x * x)));
            case SILU -> x / (1 + (float) Math.exp(-x));
        };
    }

    static float derivative(Activation kind, float x) {
        return switch (kind) {
            case GELU -> 0.5f * (1 + ScalarMath.erf(x * INV_SQRT_2)) + x * INV_SQRT_2PI * (float) Math.exp(-0.5 * x * x);
            case GELU_TANH -> {
                float t = (float) Math.tanh(SQRT_2_OVER_PI * (x + K * x * x * x));
                yield 0.5f * (1 + t) + 0.5f * x * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * K * x * x);
            }
            case SILU -> {
                float s = 1 / (1 + (float) Math.exp(-x));
                yield s * (1 + x * (1 - s));
            }
        };
    }

    private static FloatVector forwardVector(Activation kind, FloatVector x) {
        if (kind == Activation.SILU) {
            return x.div(VectorMath.exp(x.neg()).add(1f));
        }
        if (kind == Activation.GELU) {
            return x.mul(0.5f).mul(VectorMath.erf(x.mul(INV_SQRT_2)).add(1f));
        }
        FloatVector t = x.mul(x).mul(x).mul(K).add(x).mul(SQRT_2_OVER_PI);
        t = VectorMath.tanh(t);
        return x.mul(0.5f).mul(t.add(1f));
    }

    private static FloatVector derivativeVector(Activation kind, FloatVector x) {
        if (kind == Activation.SILU) {
            FloatVector s = FloatVector.broadcast(S, 1f).div(VectorMath.exp(x.neg()).add(1f));
            return s.mul(x.mul(s.neg().add(1f)).add(1f));
        }
        if (kind == Activation.GELU) {
            FloatVector density = VectorMath.exp(x.mul(x).mul(-0.5f)).mul(INV_SQRT_2PI);
            return VectorMath.erf(x.mul(INV_SQRT_2)).add(1f).mul(0.5f).add(x.mul(density));
        }
        FloatVector x2 = x.mul(x);
        FloatVector t = x2.mul(x).mul(K).add(x).mul(SQRT_2_OVER_PI);
        t = VectorMath.tanh(t);
        FloatVector left = t.add(1f).mul(0.5f);
        FloatVector right = x.mul(0.5f).mul(t.mul(t).neg().add(1f)).mul(x2.mul(3 * K).add(1f).mul(SQRT_2_OVER_PI));
        return left.add(right);
    }
}
