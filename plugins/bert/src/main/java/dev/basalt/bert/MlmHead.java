package dev.basalt.bert;

import dev.basalt.api.nn.LayerNorm;
import dev.basalt.api.nn.Linear;
import dev.basalt.api.tensor.Tensor;

/**
 * The masked-language-model head: {@code dense → activation → LayerNorm}, then a decoder that shares the word
 * embedding's weights and has its own bias. Its parts sit at the variant's HF paths ({@link Names}):
 * {@code cls.predictions.*} (BERT), {@code lm_head.*} (RoBERTa, always exact GELU), {@code vocab_*} (DistilBERT),
 * {@code predictions.*} (ALBERT, whose transform narrows the width to the embedding width).
 */
final class MlmHead {

    private final Linear dense;
    private final LayerNorm norm;
    private final Tensor bias;
    private final BertConfig.Activation activation;

    /** Registers the head's parameters in {@code root} under the variant's names. */
    MlmHead(Group root, BertConfig config, long seed) {
        Names n = config.variant().names;
        int e = config.embeddingWidth();
        dense = root.add(n.headDense(), new Linear(config.width(), e, true, (float) config.initStd(), seed));
        norm = root.add(n.headNorm(), new LayerNorm(e, true, (float) config.normEps()));
        bias = root.addParameter(n.headBias(), Tensor.zeros(config.vocabSize()));
        activation = config.variant() == BertConfig.Variant.ROBERTA ? BertConfig.Activation.GELU : config.activation();
    }

    /** Logits {@code [rows, T, vocab]} of hidden states {@code [rows, T, width]}, decoded by {@code wordTable [vocab, e]}. */
    Tensor logits(Tensor hidden, Tensor wordTable) {
        Tensor h = norm.forward(activation.apply(dense.forward(hidden)));
        return Tensor.matmul(h, wordTable, false, true).add(bias);
    }
}
