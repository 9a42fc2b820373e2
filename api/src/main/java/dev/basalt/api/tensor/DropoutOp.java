package dev.basalt.api.tensor;

import dev.basalt.api.backend.DropoutKernel;

/** Inverted dropout with a counter-based mask, so forward and backward agree without storing it. */
final class DropoutOp {

    private DropoutOp() {
    }

    static Tensor apply(Tensor x, float p, long seed) {
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        if (p == 0) {
            return x;
        }
        DropoutKernel kernel = x.backend().fused(DropoutKernel.class);
        if (kernel == null) {
            return x.mul(mask(x, p, seed)).to(x.dtype());      // the F32 mask must not widen half storage
        }
        Tensor y = kernel.apply(Raw.contiguousF32(x), p, seed);
        return Autograd.record("dropout", Raw.castBack(y, x.dtype()), g -> new Tensor[] {
                Raw.castBack(kernel.apply(Raw.contiguousF32(g), p, seed), x.dtype())}, x);
    }

    /** The scaled keep mask: {@code 1/(1-p)} where {@code uniform(seed, i) >= p}, else 0. */
    static Tensor mask(Tensor x, float p, long seed) {
        float[] m = new float[Math.toIntExact(x.numel())];
        float scale = 1 / (1 - p);
        for (int i = 0; i < m.length; i++) {
            m[i] = CounterRandom.uniform(seed, i) >= p ? scale : 0;
        }
        return Raw.fromFloats(x.backend(), m, x.shape());
    }
}
