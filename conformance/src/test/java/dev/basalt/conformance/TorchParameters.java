package dev.basalt.conformance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.basalt.api.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Basalt model's parameters copied into PyTorch (through DJL) as leaves that collect gradients, so that a
 * reference model built from them starts from the same weights, and {@code torch.optim.AdamW}'s update of them.
 * Benchmarks use it to time the same training step on both sides.
 */
public final class TorchParameters {

    private final NDManager weights;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final Map<String, NDArray[]> moments = new LinkedHashMap<>();

    /** Copies {@code source} (name to tensor) into arrays owned by {@code weights}. */
    public TorchParameters(NDManager weights, Map<String, Tensor> source) {
        this.weights = weights;
        for (Map.Entry<String, Tensor> e : source.entrySet()) {
            long[] shape = Arrays.stream(e.getValue().shape().toArray()).asLongStream().toArray();
            NDArray p = weights.create(e.getValue().toFloatArray(), new Shape(shape));
            p.setRequiresGradient(true);
            params.put(e.getKey(), p);
        }
    }

    /** The parameter called {@code name} in the source model. */
    public NDArray get(String name) {
        NDArray p = params.get(name);
        if (p == null) {
            throw new IllegalStateException("no parameter " + name + " in " + params.keySet());
        }
        return p;
    }

    /** Every parameter by its name in the source model. */
    public Map<String, NDArray> byName() {
        return params;
    }

    /** Makes results of ops on the parameters belong to {@code scope}, whose closing frees them. */
    public void attachTo(NDManager scope) {
        params.values().forEach(p -> p.tempAttach(scope));
    }

    /**
     * One {@code torch.optim.AdamW} step ({@code step} counts from 1) with weight decay on parameters of rank 2 or
     * more, as Basalt's AdamW by default, then zeroes the gradients.
     */
    public void adamWStep(long step, float lr, float beta1, float beta2, float eps, float weightDecay) {
        // torch.optim.AdamW's bias correction: lr·sqrt(1 - β2^t)/(1 - β1^t) on the step, lr·wd decay.
        double corrected = lr * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray w = e.getValue();
            NDArray[] mv = moments.computeIfAbsent(e.getKey(),
                    name -> new NDArray[] {weights.zeros(w.getShape()), weights.zeros(w.getShape())});
            float wd = w.getShape().dimension() >= 2 ? weightDecay : 0f;
            JniUtils.adamUpdate((PtNDArray) w, (PtNDArray) w.getGradient(), (PtNDArray) mv[0], (PtNDArray) mv[1], lr,
                    (float) corrected, wd, 1f, -1f, beta1, beta2, eps, true);
            JniUtils.zeroGrad((PtNDArray) w);
        }
    }
}
