package dev.basalt.bert;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.basalt.api.BasaltException;
import dev.basalt.api.format.HfCheckpoints;
import dev.basalt.api.format.SafetensorsCheckpoint;
import dev.basalt.api.format.StoredTensor;
import dev.basalt.api.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes Hugging Face BERT ({@code BertModel}, {@code BertForMaskedLM}, {@code BertForPreTraining},
 * {@code BertLMHeadModel}) and RoBERTa checkpoints: {@code config.json} with HF keys, safetensors with HF names.
 *
 * <p>On import the {@code bert.} / {@code roberta.} prefix is optional (a bare {@code BertModel} has none); the
 * pooler and the MLM head are built when the file holds them; what HF's loader ignores is skipped: the
 * {@code position_ids} and {@code token_type_ids} buffers, the next-sentence head {@code cls.seq_relationship.*},
 * and stored copies of the tied decoder ({@code cls.predictions.decoder.*}, {@code lm_head.decoder.*}). Every other
 * difference is reported in one message.
 */
final class HfBertCheckpoint {

    private static final Set<String> TIED_COPIES = Set.of("cls.predictions.decoder.weight", "cls.predictions.decoder.bias",
            "lm_head.decoder.weight", "lm_head.decoder.bias");

    private HfBertCheckpoint() {
    }

    static void save(BertModel model, Path folder) throws IOException {
        HfCheckpoints.save(model.namedParameters(), configJson(model.config()), folder);
    }

    static String configJson(BertConfig c) {
        boolean roberta = c.variant() == BertConfig.Variant.ROBERTA;
        String family = roberta ? "Roberta" : "Bert";
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("architectures", List.of(family + (c.mlmHead() ? "ForMaskedLM" : "Model")));
        json.put("model_type", c.variant().modelType());
        json.put("vocab_size", c.vocabSize());
        json.put("hidden_size", c.width());
        json.put("num_hidden_layers", c.layers());
        json.put("num_attention_heads", c.heads());
        json.put("intermediate_size", c.ffnWidth());
        json.put("hidden_act", c.activation().hfName);
        json.put("max_position_embeddings", c.maxPositions());
        json.put("type_vocab_size", c.typeVocabSize());
        json.put("layer_norm_eps", c.normEps());
        json.put("pad_token_id", c.padTokenId());
        json.put("hidden_dropout_prob", c.dropout());
        json.put("attention_probs_dropout_prob", 0.0);
        json.put("position_embedding_type", "absolute");
        json.put("initializer_range", c.initStd());
        json.put("tie_word_embeddings", true);
        json.put("torch_dtype", "float32");
        return HfCheckpoints.configJson(json);
    }

    /** Reads {@code config.json}; the pooler and MLM head are decided by the weights, so both start off. */
    static BertConfig readConfig(Path folder) {
        Config c = HfCheckpoints.readConfigJson(folder);
        Path file = folder.resolve("config.json");
        String type = c.hasPath("model_type") ? c.getString("model_type") : "";
        BertConfig.Variant variant = switch (type) {
            case "bert" -> BertConfig.Variant.BERT;
            case "roberta", "xlm-roberta" -> BertConfig.Variant.ROBERTA;
            default -> throw new BasaltException(file + ": model_type \"" + type
                    + "\" is not one the bert architecture reads; it reads bert and roberta.");
        };
        try {
            String positions = c.hasPath("position_embedding_type") ? c.getString("position_embedding_type") : "absolute";
            if (!positions.equals("absolute")) {
                throw new BasaltException(file + ": position_embedding_type \"" + positions
                        + "\" is not supported; only absolute (learned) positions are");
            }
            return new BertConfig(variant, c.getInt("num_hidden_layers"), c.getInt("num_attention_heads"),
                    c.getInt("hidden_size"), c.getInt("intermediate_size"), c.getInt("max_position_embeddings"),
                    c.getInt("vocab_size"), c.hasPath("type_vocab_size") ? c.getInt("type_vocab_size") : 2,
                    c.hasPath("layer_norm_eps") ? c.getDouble("layer_norm_eps") : 1e-12,
                    BertConfig.Activation.fromHf(c.hasPath("hidden_act") ? c.getString("hidden_act") : "gelu"), 0.0,
                    c.hasPath("pad_token_id") && !c.getIsNull("pad_token_id") ? c.getInt("pad_token_id") : 0,
                    false, false, c.hasPath("initializer_range") ? c.getDouble("initializer_range") : 0.02);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new BasaltException(file + ": " + e.getMessage(), e);
        }
    }

    /** Loads a checkpoint folder into a new model, checking every name and shape. */
    static BertModel load(Path folder) {
        BertConfig base = readConfig(folder);
        try (SafetensorsCheckpoint weights = SafetensorsCheckpoint.open(folder)) {
            Map<String, StoredTensor> stored = weights.tensors();
            boolean pooler = false;
            boolean mlm = false;
            for (String name : stored.keySet()) {
                String canonical = canonical(name, base.variant());
                pooler |= canonical != null && canonical.endsWith(".pooler.dense.weight");
                mlm |= canonical != null && MlmHead.isHeadName(canonical);
            }
            BertConfig config = base.withHeads(pooler, mlm);
            BertModel model = new BertModel(config, 0);
            Map<String, Tensor> state = HfCheckpoints.match(stored, model.namedParameters(),
                    name -> canonical(name, config.variant()), folder, "a " + config.variant().modelType()
                            + " model of its config.json");
            model.loadState(state, folder.toString());
            return model;
        }
    }

    /** Our parameter name for a stored tensor name, or null for tensors HF's loader ignores too. */
    static String canonical(String stored, BertConfig.Variant variant) {
        if (stored.endsWith("embeddings.position_ids") || stored.endsWith("embeddings.token_type_ids")
                || stored.startsWith("cls.seq_relationship.") || TIED_COPIES.contains(stored)) {
            return null;
        }
        if (stored.startsWith(variant.prefix + ".") || MlmHead.isHeadName(stored)) {
            return stored;
        }
        return variant.prefix + "." + stored;
    }
}
