package dev.basalt.api.tensor;

import dev.basalt.api.backend.CrossEntropyKernel;

/** Softmax cross-entropy with an ignore index and label smoothing, fused when the backend can. */
final class CrossEntropyOp {

    private CrossEntropyOp() {
    }

    /** Mean loss over the rows whose target is not {@code ignoreIndex} (0 when every row is ignored). */
    static Tensor mean(Tensor logits, Tensor targets, int ignoreIndex, float smoothing) {
        int classes = logits.dim(-1);
        int[] t = targets.toIntArray();
        int counted = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] == ignoreIndex) {
                continue;
            }
            if (t[i] < 0 || t[i] >= classes) {
                throw new IllegalArgumentException("cross-entropy target " + t[i] + " at row " + i + " is outside [0, "
                        + classes + ") and is not the ignore index " + ignoreIndex);
            }
            counted++;
        }
        Tensor rows = perRow(logits, targets, t, ignoreIndex, smoothing);
        return rows.sum().mul(counted == 0 ? 0f : 1f / counted);
    }

    static Tensor perRow(Tensor logits, Tensor targets, int[] t, int ignoreIndex, float smoothing) {
        int classes = logits.dim(-1);
        Tensor x = logits.reshape(-1, classes);
        if (x.dim(0) != t.length) {
            throw new IllegalArgumentException("cross-entropy: " + t.length + " targets for " + x.dim(0) + " rows of "
                    + logits.shape());
        }
        CrossEntropyKernel kernel = logits.backend().fused(CrossEntropyKernel.class);
        if (kernel == null) {
            return composed(x, t, ignoreIndex, smoothing);
        }
        Tensor xc = Raw.contiguousF32(x);
        Tensor tc = Raw.fromInts(logits.backend(), t, Shape.of(t.length));
        Tensor[] fwd = kernel.forward(xc, tc, ignoreIndex, smoothing);
        return Autograd.record("cross_entropy", fwd[0], g -> new Tensor[] {
                Raw.castBack(kernel.backward(xc, tc, fwd[1], Raw.contiguousF32(g), ignoreIndex, smoothing), x.dtype()),
        }, x);
    }

    private static Tensor composed(Tensor x, int[] t, int ignoreIndex, float smoothing) {
        int[] safe = new int[t.length];
        float[] keep = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            boolean ignored = t[i] == ignoreIndex;
            safe[i] = ignored ? 0 : t[i];
            keep[i] = ignored ? 0 : 1;
        }
        Tensor logp = x.to(DType.F32).logSoftmax(-1);            // fp32 log-probabilities, as the fused kernel
        Tensor nll = IndexOps.gather(logp, 1, Raw.fromInts(x.backend(), safe, Shape.of(t.length, 1))).squeeze(1).neg();
        Tensor loss = smoothing == 0 ? nll
                : nll.mul(1 - smoothing).sub(logp.mean(-1, false).mul(smoothing));
        return loss.mul(Raw.fromFloats(x.backend(), keep, Shape.of(t.length)));
    }
}
