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
 * An encoder-decoder written again with PyTorch ops through DJL, the reference a model's test compares its logits
 * and gradients with ({@link Seq2SeqReference}). It holds copies of the model's parameters under their names, so a
 * misnamed parameter fails in the reference too; a subclass writes the architecture's forward pass.
 */
public abstract class TorchSeq2Seq {

    /** Masked positions get this additive score, as Hugging Face's models use the dtype's minimum. */
    private static final float MASKED = -1e9f;

    protected final NDManager manager;
    /** The parameters by name, each tracking its gradient when built trainable. */
    public final Map<String, NDArray> params = new LinkedHashMap<>();
    private final int vocab;

    protected TorchSeq2Seq(NDManager manager, Map<String, Tensor> source, int vocab, boolean trainable) {
        this.manager = manager;
        this.vocab = vocab;
        for (Map.Entry<String, Tensor> e : source.entrySet()) {
            long[] shape = Arrays.stream(e.getValue().shape().toArray()).asLongStream().toArray();
            NDArray p = manager.create(e.getValue().toFloatArray(), new Shape(shape));
            p.setRequiresGradient(trainable);
            params.put(e.getKey(), p);
        }
    }

    /** Logits {@code [B, Td, V]}; {@code valid} marks real encoder tokens (null: all real). */
    public abstract NDArray logits(int[] ids, int[] valid, int rows, int length, int[] decoderIds, int targetLength);

    /** Mean cross-entropy of the logits against {@code targets [B·Td]} (all real). */
    public NDArray loss(NDArray logits, int[] targets) {
        NDArray logp = logits.reshape(-1, vocab).logSoftmax(1);
        NDArray labels = manager.create(Arrays.stream(targets).asLongStream().toArray(), new Shape(targets.length, 1));
        return JniUtils.gather((PtNDArray) logp, (PtNDArray) labels, 1).mean().neg();
    }

    /** The parameter {@code name}; a name the model does not have fails with the names it has. */
    protected NDArray p(String name) {
        NDArray p = params.get(name);
        if (p == null) {
            throw new IllegalStateException("no parameter " + name + " in " + params.keySet());
        }
        return p;
    }

    /** Token ids {@code [rows, length]} as int64. */
    protected NDArray ids(int[] ids, int rows, int length) {
        return manager.create(Arrays.stream(ids).asLongStream().toArray(), new Shape(rows, length));
    }

    /** The additive mask {@code [rows, 1, 1, length]} hiding padded keys, or null when {@code valid} is null. */
    protected NDArray paddingMask(int[] valid, int rows, int length) {
        if (valid == null) {
            return null;
        }
        float[] additive = new float[valid.length];
        for (int i = 0; i < valid.length; i++) {
            additive[i] = valid[i] == 1 ? 0f : MASKED;
        }
        return manager.create(additive, new Shape(rows, 1, 1, length));
    }

    /** The additive mask {@code [t, t]} hiding later positions from earlier queries. */
    protected NDArray causalMask(int t) {
        float[] causal = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                causal[i * t + j] = MASKED;
            }
        }
        return manager.create(causal, new Shape(t, t));
    }

    /** GELU's tanh approximation ({@code gelu_new}), written out as Hugging Face's {@code NewGELUActivation}. */
    protected static NDArray geluNew(NDArray x) {
        return x.mul(0.5f).mul(x.add(x.pow(3).mul(0.044715f)).mul((float) Math.sqrt(2 / Math.PI)).tanh().add(1f));
    }
}
