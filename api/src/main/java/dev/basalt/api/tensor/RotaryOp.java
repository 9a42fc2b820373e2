package dev.basalt.api.tensor;

import dev.basalt.api.backend.RotaryKernel;

import java.util.List;

/** Rotary position embedding; its backward is the inverse rotation. */
final class RotaryOp {

    private RotaryOp() {
    }

    static Tensor apply(Tensor x, Tensor cos, Tensor sin, boolean interleaved) {
        int d = x.dim(-1);
        int t = x.dim(-2);
        if (d % 2 != 0 || cos.rank() != 2 || cos.dim(0) != t || cos.dim(1) != d / 2 || !cos.shape().equals(sin.shape())) {
            throw new IllegalArgumentException("rotary: x " + x.shape() + " needs even D and cos/sin shaped [" + t + ", "
                    + d / 2 + "], got " + cos.shape() + " and " + sin.shape());
        }
        RotaryKernel kernel = x.backend().fused(RotaryKernel.class);
        if (kernel == null) {
            return composed(x.to(DType.F32), cos, sin, interleaved).to(x.dtype());
        }
        Tensor cc = Raw.contiguousF32(cos);
        Tensor sc = Raw.contiguousF32(sin);
        Tensor y = kernel.apply(Raw.contiguousF32(x), cc, sc, interleaved, false);
        return Autograd.record("rotary", Raw.castBack(y, x.dtype()), g -> new Tensor[] {
                Raw.castBack(kernel.apply(Raw.contiguousF32(g), cc, sc, interleaved, true), x.dtype()), null, null,
        }, x, cos, sin);
    }

    private static Tensor composed(Tensor x, Tensor cos, Tensor sin, boolean interleaved) {
        int half = x.dim(-1) / 2;
        if (!interleaved) {
            Tensor x1 = x.narrow(-1, 0, half);
            Tensor x2 = x.narrow(-1, half, half);
            return Tensor.concat(List.of(x1.mul(cos).sub(x2.mul(sin)), x2.mul(cos).add(x1.mul(sin))), -1);
        }
        int[] pairs = x.shape().toArray();
        pairs[pairs.length - 1] = half;
        int[] split = java.util.Arrays.copyOf(pairs, pairs.length + 1);
        split[pairs.length] = 2;
        Tensor xp = x.reshape(split);
        Tensor x1 = xp.narrow(-1, 0, 1).squeeze(-1);
        Tensor x2 = xp.narrow(-1, 1, 1).squeeze(-1);
        Tensor y1 = x1.mul(cos).sub(x2.mul(sin)).unsqueeze(-1);
        Tensor y2 = x2.mul(cos).add(x1.mul(sin)).unsqueeze(-1);
        return Tensor.concat(List.of(y1, y2), -1).reshape(x.shape().toArray());
    }

    /** {@code {cos, sin}} tables {@code [length, dim/2]} for positions {@code start..start+length-1}. */
    static Tensor[] tables(int start, int length, int dim, double base) {
        int half = dim / 2;
        float[] c = new float[length * half];
        float[] s = new float[length * half];
        for (int p = 0; p < length; p++) {
            for (int i = 0; i < half; i++) {
                double angle = (start + p) * Math.pow(base, -2.0 * i / dim);
                c[p * half + i] = (float) Math.cos(angle);
                s[p * half + i] = (float) Math.sin(angle);
            }
        }
        return new Tensor[] {Tensor.of(c, length, half), Tensor.of(s, length, half)};
    }
}
