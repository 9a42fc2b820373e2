package dev.basalt.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.basalt.api.format.SafetensorsCheckpoint;
import dev.basalt.api.format.StoredTensor;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * An independent reference: Hugging Face's BERT / RoBERTa / DistilBERT / ALBERT forward passes (modeling_bert.py,
 * modeling_roberta.py, modeling_distilbert.py, modeling_albert.py) written with DJL NDArray ops on PyTorch, reading
 * the stored tensors of a checkpoint folder by their HF names. The padding mask is HF's additive
 * {@code finfo(float32).min} on the scores; RoBERTa's positions are HF's {@code cumsum(mask) * mask + padding_idx}.
 */
final class TorchBert {

    private final NDManager manager;
    private final Map<String, NDArray> weights = new HashMap<>();
    private final int heads;
    private final float eps;
    private final String modelType;
    private final boolean roberta;
    private final int pad;
    private final int layers;

    /** {@code modelType} is HF's: bert, roberta, distilbert or albert. */
    TorchBert(NDManager manager, Path folder, String modelType, int layers, int heads, float eps, int pad) {
        this(manager, read(manager, folder), modelType, layers, heads, eps, pad);
    }

    /** The model made of {@code tensors}, by their HF names (the trainable arrays of a benchmark, say). */
    TorchBert(NDManager manager, Map<String, NDArray> tensors, String modelType, int layers, int heads, float eps,
              int pad) {
        this.manager = manager;
        this.heads = heads;
        this.eps = eps;
        this.modelType = modelType;
        this.roberta = modelType.equals("roberta");
        this.pad = pad;
        this.layers = layers;
        tensors.forEach((name, t) -> weights.put(name.replaceFirst("^(bert|roberta|distilbert|albert)\\.", ""), t));
    }

    private static Map<String, NDArray> read(NDManager manager, Path folder) {
        Map<String, NDArray> out = new HashMap<>();
        try (SafetensorsCheckpoint file = SafetensorsCheckpoint.open(folder)) {
            for (StoredTensor t : file.tensors().values()) {
                out.put(t.name(), manager.create(t.toFloats(), new Shape(t.shape())));
            }
        }
        return out;
    }

    private NDArray w(String name) {
        NDArray a = weights.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no tensor " + name + " in " + weights.keySet());
        }
        return a;
    }

    private NDArray linear(NDArray x, String name) {
        return x.matMul(w(name + ".weight").transpose()).add(w(name + ".bias"));
    }

    private NDArray layerNorm(NDArray x, String name) {
        NDArray weight = w(name + ".weight");
        return JniUtils.layerNorm((PtNDArray) x, new Shape(weight.getShape().get(0)), (PtNDArray) weight,
                (PtNDArray) w(name + ".bias"), eps);
    }

    /** Last hidden states {@code [rows, T, width]} of {@code ids [rows, T]} with {@code mask} (1 real, 0 padding). */
    NDArray hidden(int[][] ids, int[][] mask) {
        return hidden(manager, ids, mask);
    }

    /**
     * Hidden states as {@link #hidden(int[][], int[][])}, with the inputs (and so every result) in {@code scope};
     * a null {@code mask} attends to every key, as HF without an attention mask.
     */
    NDArray hidden(NDManager scope, int[][] ids, int[][] mask) {
        int rows = ids.length;
        int t = ids[0].length;
        long[] flatIds = new long[rows * t];
        float[] flatMask = new float[rows * t];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < t; i++) {
                flatIds[r * t + i] = ids[r][i];
                flatMask[r * t + i] = mask == null ? 1 : mask[r][i];
            }
        }
        NDArray input = scope.create(flatIds, new Shape(rows, t));
        NDArray positions;
        if (roberta) {
            NDArray notPad = input.neq(pad).toType(DataType.INT64, false);
            positions = notPad.cumSum(1).mul(notPad).add(pad);
        } else {
            long[] counting = new long[rows * t];
            for (int i = 0; i < counting.length; i++) {
                counting[i] = i % t;
            }
            positions = scope.create(counting, new Shape(rows, t));
        }
        NDArray x = embed(input, "embeddings.word_embeddings.weight")
                .add(embed(positions, "embeddings.position_embeddings.weight"));
        if (weights.containsKey("embeddings.token_type_embeddings.weight")) {
            x = x.add(embed(scope.zeros(new Shape(rows, t), DataType.INT64), "embeddings.token_type_embeddings.weight"));
        }
        x = layerNorm(x, "embeddings.LayerNorm");
        if (modelType.equals("albert")) {
            x = linear(x, "encoder.embedding_hidden_mapping_in");
        }
        int d = (int) x.getShape().get(2);
        int hd = d / heads;
        NDArray additive = mask == null ? null
                : scope.create(flatMask, new Shape(rows, t)).neg().add(1).mul(-Float.MAX_VALUE).reshape(rows, 1, 1, t);
        // each model's names for: query key value attention-output attention-norm ffn-in ffn-out ffn-norm
        String[] parts = switch (modelType) {
            case "distilbert" -> new String[] {"attention.q_lin", "attention.k_lin", "attention.v_lin",
                "attention.out_lin", "sa_layer_norm", "ffn.lin1", "ffn.lin2", "output_layer_norm"};
            case "albert" -> new String[] {"attention.query", "attention.key", "attention.value", "attention.dense",
                "attention.LayerNorm", "ffn", "ffn_output", "full_layer_layer_norm"};
            default -> new String[] {"attention.self.query", "attention.self.key", "attention.self.value",
                "attention.output.dense", "attention.output.LayerNorm", "intermediate.dense", "output.dense",
                "output.LayerNorm"};
        };
        for (int layer = 0; layer < layers; layer++) {
            String n = switch (modelType) {
                case "distilbert" -> "transformer.layer." + layer + ".";
                case "albert" -> "encoder.albert_layer_groups.0.albert_layers.0.";
                default -> "encoder.layer." + layer + ".";
            };
            NDArray q = linear(x, n + parts[0]).reshape(rows, t, heads, hd).transpose(0, 2, 1, 3);
            NDArray k = linear(x, n + parts[1]).reshape(rows, t, heads, hd).transpose(0, 2, 1, 3);
            NDArray v = linear(x, n + parts[2]).reshape(rows, t, heads, hd).transpose(0, 2, 1, 3);
            NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div(Math.sqrt(hd));
            if (additive != null) {
                scores = scores.add(additive);
            }
            NDArray context = scores.softmax(3).matMul(v).transpose(0, 2, 1, 3).reshape(rows, t, d);
            x = layerNorm(linear(context, n + parts[3]).add(x), n + parts[4]);
            NDArray inner = JniUtils.gelu((PtNDArray) linear(x, n + parts[5]));
            x = layerNorm(linear(inner, n + parts[6]).add(x), n + parts[7]);
        }
        return x;
    }

    /** MLM logits {@code [rows, T, vocab]}: HF's prediction head with the decoder tied to the word embeddings. */
    NDArray mlmLogits(NDArray hidden) {
        String[] head = switch (modelType) { // dense, LayerNorm, bias
            case "roberta" -> new String[] {"lm_head.dense", "lm_head.layer_norm", "lm_head.bias"};
            case "distilbert" -> new String[] {"vocab_transform", "vocab_layer_norm", "vocab_projector.bias"};
            case "albert" -> new String[] {"predictions.dense", "predictions.LayerNorm", "predictions.bias"};
            default -> new String[] {"cls.predictions.transform.dense", "cls.predictions.transform.LayerNorm",
                "cls.predictions.bias"};
        };
        NDArray h = layerNorm(JniUtils.gelu((PtNDArray) linear(hidden, head[0])), head[1]);
        return h.matMul(w("embeddings.word_embeddings.weight").transpose()).add(w(head[2]));
    }

    /** {@code tanh(pooler(h[:, 0]))}: BERT's {@code pooler.dense}, ALBERT's {@code pooler}. */
    NDArray pooled(NDArray hidden) {
        return linear(hidden.get(":, 0, :"), modelType.equals("albert") ? "pooler" : "pooler.dense").tanh();
    }

    private NDArray embed(NDArray ids, String table) {
        return JniUtils.embedding((PtNDArray) ids, (PtNDArray) w(table), false);
    }
}
