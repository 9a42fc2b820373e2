package dev.basalt.api.tensor;

import dev.basalt.api.backend.Activation;
import dev.basalt.api.backend.ActivationKernel;

/** GELU (exact, tanh) and SiLU: the fused kernel when the backend has one, else composed from primitives. */
final class ActivationOps {

    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);

    private ActivationOps() {
    }

    static Tensor apply(Activation kind, Tensor x) {
        ActivationKernel kernel = x.backend().fused(ActivationKernel.class);
        if (kernel == null) {
            // in fp32 and back to x's type, as the fused kernel does (1 + erf(x/√2) cancels badly in bf16)
            return composed(kind, x.to(DType.F32)).to(x.dtype());
        }
        Tensor xc = Raw.contiguousF32(x);
        Tensor y = Raw.castBack(kernel.forward(kind, xc), x.dtype());
        return Autograd.record(kind.name().toLowerCase(), y,
                g -> new Tensor[] {Raw.castBack(kernel.backward(kind, xc, Raw.contiguousF32(g)), x.dtype())}, x);
    }

    /** The generic fallback; autograd differentiates the composition. */
    static Tensor composed(Activation kind, Tensor x) {
        return switch (kind) {
            case GELU -> x.mul(x.mul((float) (1 / Math.sqrt(2))).erf().add(1f)).mul(0.5f);
            case GELU_TANH -> x.mul(x.add(x.square().mul(x).mul(0.044715f)).mul(SQRT_2_OVER_PI).tanh().add(1f))
                    .mul(0.5f);
            case SILU -> x.mul(x.sigmoid());
        };
    }
}
