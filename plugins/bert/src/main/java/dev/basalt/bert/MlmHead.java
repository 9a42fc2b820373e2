package dev.basalt.bert;

import dev.basalt.api.nn.LayerNorm;
import dev.basalt.api.nn.Linear;
import dev.basalt.api.tensor.Tensor;

import java.util.function.Function;

/**
 * The masked-language-model head: {@code dense → activation → LayerNorm}, then a decoder that shares the word
 * embedding's weights and has its own bias. HF nests it as {@code cls.predictions.{transform.dense,
 * transform.LayerNorm, bias}} (BERT) or {@code lm_head.{dense, layer_norm, bias}} (RoBERTa, always exact GELU).
 */
final class MlmHead {

    private final Linear dense;
    private final LayerNorm norm;
    private final Tensor bias;
    private final BertConfig.Activation activation;

    private MlmHead(Linear dense, LayerNorm norm, Tensor bias, BertConfig.Activation activation) {
        this.dense = dense;
        this.norm = norm;
        this.bias = bias;
        this.activation = activation;
    }

    /** Registers the head's parameters under HF's names, in top-level groups that {@code topLevel} makes. */
    static MlmHead attach(Function<String, Group> topLevel, BertConfig config, long seed) {
        int d = config.width();
        Linear dense = new Linear(d, d, true, (float) config.initStd(), seed);
        LayerNorm norm = new LayerNorm(d, true, (float) config.normEps());
        Tensor bias;
        if (config.variant() == BertConfig.Variant.ROBERTA) {
            Group head = topLevel.apply("lm_head");
            head.add("dense", dense);
            head.add("layer_norm", norm);
            bias = head.addParameter("bias", Tensor.zeros(config.vocabSize()));
            return new MlmHead(dense, norm, bias, BertConfig.Activation.GELU);
        }
        Group predictions = topLevel.apply("cls").group("predictions");
        bias = predictions.addParameter("bias", Tensor.zeros(config.vocabSize()));
        Group transform = predictions.group("transform");
        transform.add("dense", dense);
        transform.add("LayerNorm", norm);
        return new MlmHead(dense, norm, bias, config.activation());
    }

    /** Logits {@code [rows, T, vocab]} of hidden states {@code [rows, T, width]}, decoded by {@code wordTable [vocab, width]}. */
    Tensor logits(Tensor hidden, Tensor wordTable) {
        Tensor h = norm.forward(activation.apply(dense.forward(hidden)));
        return Tensor.matmul(h, wordTable, false, true).add(bias);
    }

    static boolean isHeadName(String name) {
        return name.startsWith("cls.") || name.startsWith("lm_head.");
    }
}
