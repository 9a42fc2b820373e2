package dev.basalt.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.conformance.TorchSeq2Seq;

import java.util.Map;

/**
 * T5 written again with DJL NDArray ops on PyTorch, following Hugging Face's {@code modeling_t5} line by line: its
 * own bucket computation in tensor ops, scores {@code q·kᵀ + position_bias + mask} without scaling, additive
 * masks of -1e9, softmax, RMS norm as {@code x · (mean(x²) + eps)^-½ · w}, ReLU or {@code gelu_new} gated
 * feed-forward, and the head tied with the {@code d_model^-½} rescale or untied. Weights are looked up by their
 * Hugging Face names, so a misnamed parameter fails here too.
 */
final class TorchT5 extends TorchSeq2Seq {

    private final T5Config config;

    TorchT5(NDManager manager, T5Config config, Map<String, Tensor> source, boolean trainable) {
        super(manager, source, config.vocabSize(), trainable);
        this.config = config;
    }

    @Override
    public NDArray logits(int[] ids, int[] valid, int rows, int length, int[] decoderIds, int targetLength) {
        NDArray padMask = paddingMask(valid, rows, length);
        NDArray encoded = stack("encoder.", config.layers(), embed(ids(ids, rows, length)), padMask, null, null);
        NDArray decoded = stack("decoder.", config.decoderLayers(), embed(ids(decoderIds, rows, targetLength)),
                causalMask(targetLength), encoded, padMask);
        if (config.tied()) {
            return decoded.mul((float) Math.pow(config.width(), -0.5)).matMul(p("shared.weight").transpose());
        }
        return decoded.matMul(p("lm_head.weight").transpose());
    }

    private NDArray embed(NDArray ids) {
        return JniUtils.embedding((PtNDArray) ids, (PtNDArray) p("shared.weight"), false);
    }

    private NDArray stack(String prefix, int layers, NDArray x, NDArray selfMask, NDArray encoded, NDArray crossMask) {
        boolean decoder = encoded != null;
        long t = x.getShape().get(1);
        NDArray bias = positionBias(p(prefix + "block.0.layer.0.SelfAttention.relative_attention_bias.weight"), t,
                !decoder).add(selfMask == null ? manager.zeros(new Shape(1)) : selfMask);
        for (int i = 0; i < layers; i++) {
            String n = prefix + "block." + i + ".layer.";
            NDArray h = rmsNorm(x, n + "0.layer_norm.weight");
            x = x.add(attention(h, h, n + "0.SelfAttention.", bias));
            int ff = 1;
            if (decoder) {
                NDArray c = rmsNorm(x, n + "1.layer_norm.weight");
                x = x.add(attention(c, encoded, n + "1.EncDecAttention.", crossMask));
                ff = 2;
            }
            x = x.add(feedForward(rmsNorm(x, n + ff + ".layer_norm.weight"), n + ff + ".DenseReluDense."));
        }
        return rmsNorm(x, prefix + "final_layer_norm.weight");
    }

    private NDArray attention(NDArray x, NDArray kv, String n, NDArray bias) {
        long b = x.getShape().get(0);
        long tq = x.getShape().get(1);
        long tk = kv.getShape().get(1);
        int h = config.heads();
        int d = config.headWidth();
        NDArray q = linear(x, n + "q.weight").reshape(b, tq, h, d).transpose(0, 2, 1, 3);
        NDArray k = linear(kv, n + "k.weight").reshape(b, tk, h, d).transpose(0, 2, 1, 3);
        NDArray v = linear(kv, n + "v.weight").reshape(b, tk, h, d).transpose(0, 2, 1, 3);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        if (bias != null) {
            scores = scores.add(bias);
        }
        NDArray y = scores.softmax(3).matMul(v).transpose(0, 2, 1, 3).reshape(b, tq, (long) h * d);
        return linear(y, n + "o.weight");
    }

    private NDArray feedForward(NDArray x, String n) {
        if (config.feedForward() == T5Config.FeedForward.RELU) {
            return linear(linear(x, n + "wi.weight").maximum(0f), n + "wo.weight");
        }
        return linear(geluNew(linear(x, n + "wi_0.weight")).mul(linear(x, n + "wi_1.weight")), n + "wo.weight");
    }

    /** HF's {@code compute_bias}: buckets of {@code memory - query} positions, looked up, as {@code [1, H, T, T]}. */
    private NDArray positionBias(NDArray table, long t, boolean bidirectional) {
        NDArray context = manager.arange(0, (int) t, 1, DataType.INT64).reshape(t, 1);
        NDArray memory = manager.arange(0, (int) t, 1, DataType.INT64).reshape(1, t);
        NDArray relative = memory.sub(context);
        int n = config.buckets();
        NDArray buckets = manager.zeros(new Shape(t, t), DataType.INT64);
        if (bidirectional) {
            n /= 2;
            buckets = buckets.add(relative.gt(0).toType(DataType.INT64, false).mul(n));
            relative = relative.abs();
        } else {
            relative = relative.minimum(0).neg();
        }
        int maxExact = n / 2;
        NDArray small = relative.lt(maxExact);
        NDArray large = relative.toType(DataType.FLOAT32, false).div(maxExact).log()
                .div((float) Math.log((double) config.maxDistance() / maxExact)).mul(n - maxExact)
                .toType(DataType.INT64, false).add(maxExact);
        large = large.minimum(n - 1);
        buckets = buckets.add(NDArrays.where(small, relative, large));
        NDArray values = JniUtils.embedding((PtNDArray) buckets, (PtNDArray) table, false);
        return values.transpose(2, 0, 1).expandDims(0);
    }

    private NDArray rmsNorm(NDArray x, String weight) {
        NDArray variance = x.square().mean(new int[] {-1}, true);
        return x.mul(variance.add((float) config.normEps()).pow(-0.5f)).mul(p(weight));
    }

    private NDArray linear(NDArray x, String weight) {
        return x.matMul(p(weight).transpose());
    }
}
