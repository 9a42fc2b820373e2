package dev.basalt.bert;

import java.util.Set;

/**
 * Where each variant keeps its tensors: the dotted HF paths of a layer's parts, of the MLM head, and of the parts
 * only some variants have.
 *
 * @param prefix      the base model's prefix ({@code bert}, {@code roberta}, {@code distilbert}, {@code albert})
 * @param layers      the layer list below the prefix
 * @param query       a layer's query projection, and so on for the other parts of a layer
 * @param pooler      the pooler's dense layer below the prefix, or null when the variant has none
 * @param mapping     the embedding-to-hidden projection below the prefix (ALBERT), or null
 * @param headDense   the MLM head's transform, at the top level
 * @param headNorm    the MLM head's LayerNorm
 * @param headBias    the decoder's own bias
 * @param ignored     top-level names (or prefixes ending in '.') that HF's loader skips: tied decoder copies, the
 *                    next-sentence / sentence-order heads
 */
record Names(String prefix, String layers, String query, String key, String value, String attentionOut,
             String attentionNorm, String ffnIn, String ffnOut, String ffnNorm, String pooler, String mapping,
             String headDense, String headNorm, String headBias, Set<String> ignored) {

    static final Names BERT = new Names("bert", "encoder.layer", "attention.self.query", "attention.self.key",
            "attention.self.value", "attention.output.dense", "attention.output.LayerNorm", "intermediate.dense",
            "output.dense", "output.LayerNorm", "pooler.dense", null, "cls.predictions.transform.dense",
            "cls.predictions.transform.LayerNorm", "cls.predictions.bias",
            Set.of("cls.predictions.decoder.weight", "cls.predictions.decoder.bias", "cls.seq_relationship."));

    static final Names ROBERTA = new Names("roberta", BERT.layers, BERT.query, BERT.key, BERT.value, BERT.attentionOut,
            BERT.attentionNorm, BERT.ffnIn, BERT.ffnOut, BERT.ffnNorm, BERT.pooler, null, "lm_head.dense",
            "lm_head.layer_norm", "lm_head.bias", Set.of("lm_head.decoder.weight", "lm_head.decoder.bias"));

    static final Names DISTILBERT = new Names("distilbert", "transformer.layer", "attention.q_lin", "attention.k_lin",
            "attention.v_lin", "attention.out_lin", "sa_layer_norm", "ffn.lin1", "ffn.lin2", "output_layer_norm", null,
            null, "vocab_transform", "vocab_layer_norm", "vocab_projector.bias", Set.of("vocab_projector.weight"));

    static final Names ALBERT = new Names("albert", "encoder.albert_layer_groups.0.albert_layers", "attention.query",
            "attention.key", "attention.value", "attention.dense", "attention.LayerNorm", "ffn", "ffn_output",
            "full_layer_layer_norm", "pooler", "encoder.embedding_hidden_mapping_in", "predictions.dense",
            "predictions.LayerNorm", "predictions.bias",
            Set.of("predictions.decoder.weight", "predictions.decoder.bias", "sop_classifier."));

    /** Whether a top-level name belongs to the MLM head. */
    boolean isHead(String name) {
        return name.startsWith(headDense + ".") || name.startsWith(headNorm + ".") || name.equals(headBias);
    }

    /** Whether HF's loader skips this stored name. */
    boolean isIgnored(String name) {
        for (String i : ignored) {
            if (i.endsWith(".") ? name.startsWith(i) : name.equals(i)) {
                return true;
            }
        }
        return name.endsWith("embeddings.position_ids") || name.endsWith("embeddings.token_type_ids");
    }
}
