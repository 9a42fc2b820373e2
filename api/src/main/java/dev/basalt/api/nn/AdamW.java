package dev.basalt.api.nn;

import dev.basalt.api.tensor.DType;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * AdamW (Loshchilov and Hutter) with decoupled weight decay, as {@code torch.optim.AdamW}. Moments are F32 and
 * live outside any {@link TensorScope}. By default weight decay applies to parameters of rank 2 or more
 * (matrices, embeddings) and not to biases and norm gains.
 */
public final class AdamW {

    private final List<Slot> slots = new ArrayList<>();
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private float lr;
    private long step;

    private record Slot(Parameter param, Tensor m, Tensor v, boolean decay) {
    }

    public AdamW(List<Parameter> params, float lr, float beta1, float beta2, float eps, float weightDecay) {
        this(params, lr, beta1, beta2, eps, weightDecay, p -> p.tensor().rank() >= 2);
    }

    /** {@code decays} selects the parameters that weight decay applies to. */
    public AdamW(List<Parameter> params, float lr, float beta1, float beta2, float eps, float weightDecay,
                 Predicate<Parameter> decays) {
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        TensorScope.outside(() -> {
            for (Parameter p : params) {
                int[] dims = p.tensor().shape().toArray();
                slots.add(new Slot(p, Tensor.zeros(DType.F32, dims), Tensor.zeros(DType.F32, dims), decays.test(p)));
            }
            return null;
        });
    }

    /** Changes the learning rate (for schedules). */
    public void learningRate(float newLr) {
        this.lr = newLr;
    }

    public float learningRate() {
        return lr;
    }

    /** Steps taken so far. */
    public long steps() {
        return step;
    }

    /** Updates every parameter that has a gradient. */
    public void step() {
        step++;
        try (NoGrad ignored = NoGrad.enter()) {
            for (Slot s : slots) {
                Tensor g = s.param.grad();
                if (g != null) {
                    Functional.adamWStep(s.param.tensor(), g, s.m, s.v, lr, beta1, beta2, eps,
                            s.decay ? weightDecay : 0f, step);
                }
            }
        }
    }

    /** The first moments by parameter name, for checkpoints. */
    public java.util.Map<String, Tensor> firstMoments() {
        java.util.Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        slots.forEach(s -> out.put(s.param.name(), s.m));
        return out;
    }

    /** The second moments by parameter name, for checkpoints. */
    public java.util.Map<String, Tensor> secondMoments() {
        java.util.Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        slots.forEach(s -> out.put(s.param.name(), s.v));
        return out;
    }

    /**
     * Continues from saved moments and step count; every parameter's moments must be present with its shape.
     *
     * @param source names the checkpoint in error messages
     */
    public void restore(java.util.Map<String, Tensor> first, java.util.Map<String, Tensor> second, long steps,
                        String source) {
        try (NoGrad ignored = NoGrad.enter()) {
            for (Slot s : slots) {
                Tensor m = first.get(s.param.name());
                Tensor v = second.get(s.param.name());
                if (m == null || v == null || !m.shape().equals(s.m.shape()) || !v.shape().equals(s.v.shape())) {
                    throw new dev.basalt.api.BasaltException(source + ": the optimizer moments of '" + s.param.name()
                            + "' are missing or have the wrong shape; the checkpoint does not belong to this model.");
                }
                s.m.copyFrom(m);
                s.v.copyFrom(v);
            }
        }
        this.step = steps;
    }

    /** Zeroes the gradients of every parameter. */
    public void zeroGrad() {
        for (Slot s : slots) {
            s.param.tensor().zeroGrad();
        }
    }
}
