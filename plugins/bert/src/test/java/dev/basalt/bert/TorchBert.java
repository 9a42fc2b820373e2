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
 * An independent reference: Hugging Face's BERT / RoBERTa forward pass (modeling_bert.py, modeling_roberta.py)
 * written with DJL NDArray ops on PyTorch, reading the stored tensors of a checkpoint folder by their HF names. The
 * padding mask is HF's additive {@code finfo(float32).min} on the scores; RoBERTa's positions are HF's
 * {@code cumsum(mask) * mask + padding_idx}.
 */
final class TorchBert {

    private final NDManager manager;
    private final Map<String, NDArray> weights = new HashMap<>();
    private final int heads;
    private final float eps;
    private final boolean roberta;
    private final int pad;

    TorchBert(NDManager manager, Path folder, int heads, float eps, boolean roberta, int pad) {
        this.manager = manager;
        this.heads = heads;
        this.eps = eps;
        this.roberta = roberta;
        this.pad = pad;
        try (SafetensorsCheckpoint file = SafetensorsCheckpoint.open(folder)) {
            for (StoredTensor t : file.tensors().values()) {
                String name = t.name().replaceFirst("^(bert|roberta)\\.", "");
                weights.put(name, manager.create(t.toFloats(), new Shape(t.shape())));
            }
        }
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
        int rows = ids.length;
        int t = ids[0].length;
        long[] flatIds = new long[rows * t];
        float[] flatMask = new float[rows * t];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < t; i++) {
                flatIds[r * t + i] = ids[r][i];
                flatMask[r * t + i] = mask[r][i];
            }
        }
        NDArray input = manager.create(flatIds, new Shape(rows, t));
        NDArray real = manager.create(flatMask, new Shape(rows, t));
        NDArray positions;
        if (roberta) {
            NDArray notPad = input.neq(pad).toType(DataType.INT64, false);
            positions = notPad.cumSum(1).mul(notPad).add(pad);
        } else {
            long[] counting = new long[rows * t];
            for (int i = 0; i < counting.length; i++) {
                counting[i] = i % t;
            }
            positions = manager.create(counting, new Shape(rows, t));
        }
        NDArray x = embed(input, "embeddings.word_embeddings.weight")
                .add(embed(positions, "embeddings.position_embeddings.weight"))
                .add(embed(manager.zeros(new Shape(rows, t), DataType.INT64), "embeddings.token_type_embeddings.weight"));
        x = layerNorm(x, "embeddings.LayerNorm");
        int d = (int) x.getShape().get(2);
        int hd = d / heads;
        NDArray additive = real.neg().add(1).mul(-Float.MAX_VALUE).reshape(rows, 1, 1, t);
        for (int layer = 0; weights.containsKey("encoder.layer." + layer + ".attention.self.query.weight"); layer++) {
            String n = "encoder.layer." + layer + ".";
            NDArray q = linear(x, n + "attention.self.query").reshape(rows, t, heads, hd).transpose(0, 2, 1, 3);
            NDArray k = linear(x, n + "attention.self.key").reshape(rows, t, heads, hd).transpose(0, 2, 1, 3);
            NDArray v = linear(x, n + "attention.self.value").reshape(rows, t, heads, hd).transpose(0, 2, 1, 3);
            NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div(Math.sqrt(hd)).add(additive);
            NDArray context = scores.softmax(3).matMul(v).transpose(0, 2, 1, 3).reshape(rows, t, d);
            x = layerNorm(linear(context, n + "attention.output.dense").add(x), n + "attention.output.LayerNorm");
            NDArray inner = JniUtils.gelu((PtNDArray) linear(x, n + "intermediate.dense"));
            x = layerNorm(linear(inner, n + "output.dense").add(x), n + "output.LayerNorm");
        }
        return x;
    }

    /** MLM logits {@code [rows, T, vocab]}: HF's prediction head with the decoder tied to the word embeddings. */
    NDArray mlmLogits(NDArray hidden) {
        String head = roberta ? "lm_head." : "cls.predictions.transform.";
        NDArray h = JniUtils.gelu((PtNDArray) linear(hidden, head + "dense"));
        h = layerNorm(h, head + (roberta ? "layer_norm" : "LayerNorm"));
        String bias = roberta ? "lm_head.bias" : "cls.predictions.bias";
        return h.matMul(w("embeddings.word_embeddings.weight").transpose()).add(w(bias));
    }

    /** {@code tanh(pooler.dense(h[:, 0]))}. */
    NDArray pooled(NDArray hidden) {
        return linear(hidden.get(":, 0, :"), "pooler.dense").tanh();
    }

    private NDArray embed(NDArray ids, String table) {
        return JniUtils.embedding((PtNDArray) ids, (PtNDArray) w(table), false);
    }
}
