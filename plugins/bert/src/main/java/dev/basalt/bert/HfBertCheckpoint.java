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

/**
 * Reads and writes Hugging Face BERT ({@code BertModel}, {@code BertForMaskedLM}, {@code BertForPreTraining},
 * {@code BertLMHeadModel}), RoBERTa, DistilBERT and ALBERT checkpoints: {@code config.json} with HF keys, safetensors
 * with HF names.
 *
 * <p>On import the base model's prefix ({@code bert.}, {@code roberta.}, ...) is optional (a bare {@code BertModel}
 * has none); the pooler and the MLM head are built when the file holds them; what HF's loader ignores is skipped: the
 * {@code position_ids} and {@code token_type_ids} buffers, the next-sentence and sentence-order heads, and stored
 * copies of the tied decoder. Every other difference is reported in one message.
 */
final class HfBertCheckpoint {

    private HfBertCheckpoint() {
    }

    static void save(BertModel model, Path folder) throws IOException {
        HfCheckpoints.save(model.namedParameters(), configJson(model.config()), folder);
    }

    static String configJson(BertConfig c) {
        Map<String, Object> json = new LinkedHashMap<>();
        String family = switch (c.variant()) {
            case BERT -> "Bert";
            case ROBERTA -> "Roberta";
            case DISTILBERT -> "DistilBert";
            case ALBERT -> "Albert";
        };
        json.put("architectures", List.of(family + (c.mlmHead() ? "ForMaskedLM" : "Model")));
        json.put("model_type", c.variant().modelType());
        json.put("vocab_size", c.vocabSize());
        if (c.variant() == BertConfig.Variant.DISTILBERT) {
            json.put("dim", c.width());
            json.put("n_layers", c.layers());
            json.put("n_heads", c.heads());
            json.put("hidden_dim", c.ffnWidth());
            json.put("activation", c.activation().hfName);
            json.put("max_position_embeddings", c.maxPositions());
            json.put("sinusoidal_pos_embds", false);
            json.put("dropout", c.dropout());
            json.put("attention_dropout", 0.0);
        } else {
            if (c.variant() == BertConfig.Variant.ALBERT) {
                json.put("embedding_size", c.embeddingWidth());
                json.put("num_hidden_groups", 1);
                json.put("inner_group_num", 1);
            }
            json.put("hidden_size", c.width());
            json.put("num_hidden_layers", c.layers());
            json.put("num_attention_heads", c.heads());
            json.put("intermediate_size", c.ffnWidth());
            json.put("hidden_act", c.activation().hfName);
            json.put("max_position_embeddings", c.maxPositions());
            json.put("type_vocab_size", c.typeVocabSize());
            json.put("layer_norm_eps", c.normEps());
            json.put("hidden_dropout_prob", c.dropout());
            json.put("attention_probs_dropout_prob", 0.0);
            json.put("position_embedding_type", "absolute");
        }
        json.put("pad_token_id", c.padTokenId());
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
        try {
            return switch (type) {
                case "bert" -> bertLike(BertConfig.Variant.BERT, c, file);
                case "roberta", "xlm-roberta" -> bertLike(BertConfig.Variant.ROBERTA, c, file);
                case "albert" -> bertLike(BertConfig.Variant.ALBERT, c, file);
                case "distilbert" -> {
                    if (c.hasPath("sinusoidal_pos_embds") && c.getBoolean("sinusoidal_pos_embds")) {
                        throw new BasaltException(file + ": sinusoidal_pos_embds = true is not supported; only learned"
                                + " positions are");
                    }
                    int width = c.getInt("dim");
                    yield new BertConfig(BertConfig.Variant.DISTILBERT, c.getInt("n_layers"), c.getInt("n_heads"), width,
                            width, c.getInt("hidden_dim"), c.getInt("max_position_embeddings"), c.getInt("vocab_size"), 0,
                            1e-12, BertConfig.Activation.fromHf(string(c, "activation", "gelu")), 0.0,
                            integer(c, "pad_token_id", 0), false, false, number(c, "initializer_range", 0.02));
                }
                default -> throw new BasaltException(file + ": model_type \"" + type
                        + "\" is not one the bert architecture reads; it reads bert, roberta, distilbert and albert.");
            };
        } catch (ConfigException | IllegalArgumentException e) {
            throw new BasaltException(file + ": " + e.getMessage(), e);
        }
    }

    private static BertConfig bertLike(BertConfig.Variant variant, Config c, Path file) {
        String positions = string(c, "position_embedding_type", "absolute");
        if (!positions.equals("absolute")) {
            throw new BasaltException(file + ": position_embedding_type \"" + positions
                    + "\" is not supported; only absolute (learned) positions are");
        }
        if (integer(c, "num_hidden_groups", 1) != 1 || integer(c, "inner_group_num", 1) != 1) {
            throw new BasaltException(file + ": an albert with num_hidden_groups or inner_group_num other than 1 is not"
                    + " supported; only one shared layer is");
        }
        int width = c.getInt("hidden_size");
        return new BertConfig(variant, c.getInt("num_hidden_layers"), c.getInt("num_attention_heads"), width,
                integer(c, "embedding_size", width), c.getInt("intermediate_size"), c.getInt("max_position_embeddings"),
                c.getInt("vocab_size"), integer(c, "type_vocab_size", 2), number(c, "layer_norm_eps", 1e-12),
                BertConfig.Activation.fromHf(string(c, "hidden_act", "gelu")), 0.0, integer(c, "pad_token_id", 0),
                false, false, number(c, "initializer_range", 0.02));
    }

    private static String string(Config c, String key, String fallback) {
        return c.hasPath(key) ? c.getString(key) : fallback;
    }

    private static int integer(Config c, String key, int fallback) {
        return c.hasPath(key) ? c.getInt(key) : fallback;
    }

    private static double number(Config c, String key, double fallback) {
        return c.hasPath(key) ? c.getDouble(key) : fallback;
    }

    /** Loads a checkpoint folder into a new model, checking every name and shape. */
    static BertModel load(Path folder) {
        BertConfig base = readConfig(folder);
        try (SafetensorsCheckpoint weights = SafetensorsCheckpoint.open(folder)) {
            Map<String, StoredTensor> stored = weights.tensors();
            Names names = base.variant().names;
            String poolerWeight = names.pooler() == null ? null : names.prefix() + "." + names.pooler() + ".weight";
            boolean pooler = false;
            boolean mlm = false;
            for (String name : stored.keySet()) {
                String canonical = canonical(name, base.variant());
                pooler |= canonical != null && canonical.equals(poolerWeight);
                mlm |= canonical != null && names.isHead(canonical);
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
        Names names = variant.names;
        if (names.isIgnored(stored)) {
            return null;
        }
        if (stored.startsWith(names.prefix() + ".") || names.isHead(stored)) {
            return stored;
        }
        return names.prefix() + "." + stored;
    }
}
