package dev.basalt.backend.cpu;

import dev.basalt.api.backend.AdamWKernel;
import dev.basalt.api.tensor.Tensor;
import jdk.incubator.vector.FloatVector;

import static dev.basalt.backend.cpu.ElementwiseKernels.BLOCK;
import static dev.basalt.backend.cpu.ElementwiseKernels.S;

/** The AdamW update in one pass over param, grad and both moments, in PyTorch's order of operations. */
final class CpuAdamW implements AdamWKernel {

    private final Parallel parallel;

    CpuAdamW(Parallel parallel) {
        this.parallel = parallel;
    }

    @Override
    public void step(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                     float weightDecay, long step) {
        float[] p = Vec.data(param);
        float[] g = Vec.data(grad);
        float[] mv = Vec.data(m);
        float[] vv = Vec.data(v);
        int po = param.offset();
        int go = grad.offset();
        int mo = m.offset();
        int vo = v.offset();
        float decay = 1 - lr * weightDecay;
        float stepSize = (float) (lr / (1 - Math.pow(beta1, step)));
        float invBc2Sqrt = (float) (1 / Math.sqrt(1 - Math.pow(beta2, step)));
        float c1 = 1 - beta1;
        float c2 = 1 - beta2;
        int n = Math.toIntExact(param.numel());
        parallel.range(ElementwiseKernels.blocks(n), 12L * BLOCK, (b0, b1) -> {
            int from = b0 * BLOCK;
            int to = Math.min(n, b1 * BLOCK);
            int i = from;
            int bound = from + S.loopBound(to - from);
            for (; i < bound; i += S.length()) {
                FloatVector gi = FloatVector.fromArray(S, g, go + i);
                FloatVector mi = FloatVector.fromArray(S, mv, mo + i).mul(beta1).add(gi.mul(c1));
                FloatVector vi = FloatVector.fromArray(S, vv, vo + i).mul(beta2).add(gi.mul(gi).mul(c2));
                mi.intoArray(mv, mo + i);
                vi.intoArray(vv, vo + i);
                FloatVector denom = vi.sqrt().mul(invBc2Sqrt).add(eps);
                FloatVector pi = FloatVector.fromArray(S, p, po + i).mul(decay);
                pi.sub(mi.div(denom).mul(stepSize)).intoArray(p, po + i);
            }
            for (; i < to; i++) {
                float gi = g[go + i];
                float mi = mv[mo + i] * beta1 + gi * c1;
                float vi = vv[vo + i] * beta2 + gi * gi * c2;
                mv[mo + i] = mi;
                vv[vo + i] = vi;
                float denom = (float) Math.sqrt(vi) * invBc2Sqrt + eps;
                p[po + i] = p[po + i] * decay - stepSize * (mi / denom);
            }
        });
    }
}
