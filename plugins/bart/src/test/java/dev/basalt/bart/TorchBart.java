package dev.basalt.bart;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.conformance.TorchSeq2Seq;

import java.util.Map;

/**
 * BART written again with DJL NDArray ops on PyTorch, following Hugging Face's {@code modeling_bart}: token
 * embeddings (times √d_model with {@code scale_embedding}) plus learned positions at {@code arange(T) + 2},
 * {@code layernorm_embedding}, post-LN layers {@code x = norm(x + sublayer(x))}, queries scaled by
 * {@code head_dim^-½} after {@code q_proj}, additive masks of -1e9, softmax, {@code fc2(act(fc1(x)))} with PyTorch's
 * own GELU, and {@code lm_head(x) + final_logits_bias}. Layer norms are PyTorch's {@code layer_norm}. Weights are
 * looked up by their Hugging Face names, so a misnamed parameter fails here too.
 */
final class TorchBart extends TorchSeq2Seq {

    private final BartConfig config;

    TorchBart(NDManager manager, BartConfig config, Map<String, Tensor> source, boolean trainable) {
        super(manager, source, config.vocabSize(), trainable);
        this.config = config;
    }

    @Override
    public NDArray logits(int[] ids, int[] valid, int rows, int length, int[] decoderIds, int targetLength) {
        NDArray padMask = paddingMask(valid, rows, length);
        NDArray encoded = stack("model.encoder.", config.layers(), config.heads(), ids(ids, rows, length), padMask,
                null, null);
        NDArray decoded = stack("model.decoder.", config.decoderLayers(), config.decoderHeads(),
                ids(decoderIds, rows, targetLength), causalMask(targetLength), encoded, padMask);
        NDArray head = config.tied() ? p("model.shared.weight") : p("lm_head.weight");
        return decoded.matMul(head.transpose()).add(p("final_logits_bias"));
    }

    private NDArray stack(String prefix, int layers, int heads, NDArray ids, NDArray selfMask, NDArray encoded,
                          NDArray crossMask) {
        long t = ids.getShape().get(1);
        NDArray tokens = JniUtils.embedding((PtNDArray) ids, (PtNDArray) p("model.shared.weight"), false);
        if (config.scaleEmbedding()) {
            tokens = tokens.mul((float) Math.sqrt(config.width()));
        }
        NDArray positions = manager.arange(2, (int) t + 2).toType(ai.djl.ndarray.types.DataType.INT64, false);
        NDArray x = tokens.add(JniUtils.embedding((PtNDArray) positions, (PtNDArray) p(prefix + "embed_positions.weight"),
                false));
        x = norm(x, prefix + "layernorm_embedding");
        for (int i = 0; i < layers; i++) {
            String n = prefix + "layers." + i + ".";
            x = norm(x.add(attention(x, x, heads, n + "self_attn.", selfMask)), n + "self_attn_layer_norm");
            if (encoded != null) {
                x = norm(x.add(attention(x, encoded, heads, n + "encoder_attn.", crossMask)),
                        n + "encoder_attn_layer_norm");
            }
            x = norm(x.add(linear(activate(linear(x, n + "fc1")), n + "fc2")), n + "final_layer_norm");
        }
        return x;
    }

    private NDArray attention(NDArray x, NDArray kv, int h, String n, NDArray mask) {
        long b = x.getShape().get(0);
        long tq = x.getShape().get(1);
        long tk = kv.getShape().get(1);
        int d = config.width() / h;
        NDArray q = linear(x, n + "q_proj").mul((float) Math.pow(d, -0.5)).reshape(b, tq, h, d).transpose(0, 2, 1, 3);
        NDArray k = linear(kv, n + "k_proj").reshape(b, tk, h, d).transpose(0, 2, 1, 3);
        NDArray v = linear(kv, n + "v_proj").reshape(b, tk, h, d).transpose(0, 2, 1, 3);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray y = scores.softmax(3).matMul(v).transpose(0, 2, 1, 3).reshape(b, tq, config.width());
        return linear(y, n + "out_proj");
    }

    private NDArray activate(NDArray x) {
        return switch (config.activation()) {
            case GELU -> JniUtils.gelu((PtNDArray) x);
            case GELU_NEW -> geluNew(x);
            case RELU -> x.maximum(0f);
        };
    }

    private NDArray norm(NDArray x, String n) {
        return JniUtils.layerNorm((PtNDArray) x, new Shape(config.width()), (PtNDArray) p(n + ".weight"),
                (PtNDArray) p(n + ".bias"), BartConfig.NORM_EPS);
    }

    private NDArray linear(NDArray x, String n) {
        return x.matMul(p(n + ".weight").transpose()).add(p(n + ".bias"));
    }
}
