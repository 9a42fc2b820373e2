package dev.basalt.t5;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.format.HfCheckpoints;
import dev.basalt.api.format.SafetensorsCheckpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes Hugging Face T5 checkpoints ({@code T5ForConditionalGeneration}): {@code config.json} with HF
 * keys and safetensors weights with HF names, which are the model's own parameter names.
 *
 * <p>Tying follows HF: the token table is {@code shared.weight}; {@code encoder.embed_tokens.weight} and
 * {@code decoder.embed_tokens.weight} are the same tensor, read only when {@code shared.weight} is absent; a stored
 * {@code lm_head.weight} of a tied model is ignored, and so is the cross-attention relative bias that old
 * checkpoints keep in {@code decoder.block.0.layer.1} (HF's loader drops it too). Export writes each tensor once
 * ({@code shared.weight}, and {@code lm_head.weight} when untied). Every other difference is reported in one message
 * listing the missing, unexpected and misshapen tensors.
 */
final class HfT5Checkpoint {

    private static final String SHARED = "shared.weight";
    private static final List<String> EMBEDDING_ALIASES = List.of("encoder.embed_tokens.weight",
            "decoder.embed_tokens.weight");
    private static final String OLD_CROSS_BIAS = "decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight";

    private HfT5Checkpoint() {
    }

    static void save(T5Model model, Path folder) throws IOException {
        HfCheckpoints.save(model.namedParameters(), HfCheckpoints.configJson(configJson(model.config())), folder);
    }

    static Map<String, Object> configJson(T5Config c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("architectures", List.of("T5ForConditionalGeneration"));
        json.put("model_type", "t5");
        json.put("vocab_size", c.vocabSize());
        json.put("d_model", c.width());
        json.put("d_kv", c.headWidth());
        json.put("d_ff", c.ffnWidth());
        json.put("num_layers", c.layers());
        json.put("num_decoder_layers", c.decoderLayers());
        json.put("num_heads", c.heads());
        json.put("relative_attention_num_buckets", c.buckets());
        json.put("relative_attention_max_distance", c.maxDistance());
        json.put("feed_forward_proj", c.feedForward().hfName);
        json.put("tie_word_embeddings", c.tied());
        json.put("layer_norm_epsilon", c.normEps());
        json.put("dropout_rate", c.dropout());
        json.put("initializer_factor", c.initFactor());
        json.put("decoder_start_token_id", c.decoderStartId());
        json.put("eos_token_id", c.eosId());
        json.put("pad_token_id", c.padId());
        json.put("is_encoder_decoder", true);
        json.put("torch_dtype", "float32");
        return json;
    }

    /** Reads {@code config.json} of a T5 checkpoint, with HF's defaults for the keys it may omit. */
    static T5Config readConfig(Path folder) {
        return HfCheckpoints.readConfig(folder, "t5", HfT5Checkpoint::config);
    }

    private static T5Config config(Config c, Path file) {
        String proj = HfCheckpoints.stringOr(c, "feed_forward_proj", "relu");
        T5Config.FeedForward ffn = switch (proj) {
            case "relu" -> T5Config.FeedForward.RELU;
            case "gated-gelu" -> T5Config.FeedForward.GATED_GELU;
            default -> throw new BasaltException(file + ": feed_forward_proj \"" + proj + "\" is not supported; t5"
                    + " reads relu (v1.0) and gated-gelu (v1.1).");
        };
        int layers = c.getInt("num_layers");
        return new T5Config(layers, HfCheckpoints.intOr(c, "num_decoder_layers", layers), c.getInt("num_heads"),
                c.getInt("d_kv"), c.getInt("d_model"), c.getInt("d_ff"), ffn,
                HfCheckpoints.booleanOr(c, "tie_word_embeddings", true),
                HfCheckpoints.intOr(c, "relative_attention_num_buckets", 32),
                HfCheckpoints.intOr(c, "relative_attention_max_distance", 128), c.getInt("vocab_size"),
                HfCheckpoints.doubleOr(c, "layer_norm_epsilon", 1e-6), HfCheckpoints.doubleOr(c, "dropout_rate", 0.1),
                HfCheckpoints.doubleOr(c, "initializer_factor", 1.0),
                HfCheckpoints.intOr(c, "decoder_start_token_id", 0), HfCheckpoints.intOr(c, "eos_token_id", 1),
                HfCheckpoints.intOr(c, "pad_token_id", 0));
    }

    /** Loads a checkpoint folder into a new model, checking every name and shape. */
    static T5Model load(Path folder) {
        T5Model model = new T5Model(readConfig(folder), 0);
        try (SafetensorsCheckpoint weights = SafetensorsCheckpoint.open(folder)) {
            Set<String> all = weights.tensors().keySet();
            model.loadState(HfCheckpoints.match(weights.tensors(), model.namedParameters(),
                    stored -> canonical(stored, model.config(), all), folder, "the t5 model of its config.json"),
                    folder.toString());
        }
        return model;
    }

    /**
     * Our parameter name for a stored tensor, or null for one HF's loader ignores too. The embedding aliases stand
     * for {@code shared.weight} only when it is absent, and then only the first of them present.
     */
    static String canonical(String stored, T5Config config, Set<String> all) {
        if (stored.equals(OLD_CROSS_BIAS) || stored.equals("lm_head.weight") && config.tied()) {
            return null;
        }
        return HfCheckpoints.tiedCopy(stored, SHARED, EMBEDDING_ALIASES, all);
    }
}
