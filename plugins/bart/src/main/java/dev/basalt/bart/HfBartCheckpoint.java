package dev.basalt.bart;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.format.HfCheckpoints;
import dev.basalt.api.format.SafetensorsCheckpoint;
import dev.basalt.api.format.StoredTensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes Hugging Face BART checkpoints ({@code BartForConditionalGeneration}): {@code config.json} with HF
 * keys and safetensors weights with HF names, which are the model's own parameter names.
 *
 * <p>Tying follows HF: the token table is {@code model.shared.weight}; {@code model.encoder.embed_tokens.weight} and
 * {@code model.decoder.embed_tokens.weight} are the same tensor, read only when the shared one is absent; a stored
 * {@code lm_head.weight} of a tied model is ignored. A file saved from the bare {@code BartModel} (names without
 * {@code model.}, no {@code final_logits_bias}) loads with a zero bias, as HF's loader leaves that buffer. Export
 * writes each tensor once. Every other difference is reported in one message listing the missing, unexpected and
 * misshapen tensors.
 */
final class HfBartCheckpoint {

    private static final String PREFIX = "model.";
    private static final String SHARED = "model.shared.weight";
    private static final String BIAS = "final_logits_bias";
    private static final List<String> EMBEDDING_ALIASES = List.of("model.encoder.embed_tokens.weight",
            "model.decoder.embed_tokens.weight");

    private HfBartCheckpoint() {
    }

    static void save(BartModel model, Path folder) throws IOException {
        HfCheckpoints.save(model.namedParameters(), HfCheckpoints.configJson(configJson(model.config())), folder);
    }

    static Map<String, Object> configJson(BartConfig c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("architectures", List.of("BartForConditionalGeneration"));
        json.put("model_type", "bart");
        json.put("vocab_size", c.vocabSize());
        json.put("d_model", c.width());
        json.put("encoder_layers", c.layers());
        json.put("decoder_layers", c.decoderLayers());
        json.put("encoder_attention_heads", c.heads());
        json.put("decoder_attention_heads", c.decoderHeads());
        json.put("encoder_ffn_dim", c.ffnWidth());
        json.put("decoder_ffn_dim", c.decoderFfnWidth());
        json.put("max_position_embeddings", c.positions());
        json.put("activation_function", c.activation().hfName);
        json.put("scale_embedding", c.scaleEmbedding());
        json.put("tie_word_embeddings", c.tied());
        json.put("normalize_before", false);
        json.put("add_final_layer_norm", false);
        json.put("dropout", c.dropout());
        json.put("attention_dropout", 0.0);
        json.put("activation_dropout", 0.0);
        json.put("init_std", c.initStd());
        json.put("bos_token_id", c.bosId());
        json.put("pad_token_id", c.padId());
        json.put("eos_token_id", c.eosId());
        json.put("decoder_start_token_id", c.decoderStartId());
        json.put("forced_eos_token_id", c.eosId());
        json.put("is_encoder_decoder", true);
        json.put("torch_dtype", "float32");
        return json;
    }

    /** Reads {@code config.json} of a BART checkpoint, with HF's {@code BartConfig} defaults for omitted keys. */
    static BartConfig readConfig(Path folder) {
        return HfCheckpoints.readConfig(folder, "bart", HfBartCheckpoint::config);
    }

    private static BartConfig config(Config c, Path file) {
        for (String preNorm : List.of("normalize_before", "add_final_layer_norm")) {
            if (HfCheckpoints.booleanOr(c, preNorm, false)) {
                throw new BasaltException(file + ": " + preNorm + " = true is mBART's pre-LN layout; bart reads"
                        + " the post-LN BART layout (false).");
            }
        }
        BartConfig.Activation activation = BartConfig.Activation.named(
                HfCheckpoints.stringOr(c, "activation_function", "gelu"), file.toString(), "activation_function");
        return new BartConfig(HfCheckpoints.intOr(c, "encoder_layers", 12),
                HfCheckpoints.intOr(c, "decoder_layers", 12), HfCheckpoints.intOr(c, "encoder_attention_heads", 16),
                HfCheckpoints.intOr(c, "decoder_attention_heads", 16), HfCheckpoints.intOr(c, "d_model", 1024),
                HfCheckpoints.intOr(c, "encoder_ffn_dim", 4096), HfCheckpoints.intOr(c, "decoder_ffn_dim", 4096),
                HfCheckpoints.intOr(c, "max_position_embeddings", 1024), activation,
                HfCheckpoints.booleanOr(c, "scale_embedding", false),
                HfCheckpoints.booleanOr(c, "tie_word_embeddings", true), HfCheckpoints.intOr(c, "vocab_size", 50265),
                HfCheckpoints.doubleOr(c, "dropout", 0.1), HfCheckpoints.doubleOr(c, "init_std", 0.02),
                HfCheckpoints.intOr(c, "bos_token_id", 0), HfCheckpoints.intOr(c, "pad_token_id", 1),
                HfCheckpoints.intOr(c, "eos_token_id", 2), HfCheckpoints.intOr(c, "decoder_start_token_id", 2));
    }

    /** Loads a checkpoint folder into a new model, checking every name and shape. */
    static BartModel load(Path folder) {
        BartModel model = new BartModel(readConfig(folder), 0);
        try (SafetensorsCheckpoint weights = SafetensorsCheckpoint.open(folder)) {
            Map<String, StoredTensor> stored = new LinkedHashMap<>(weights.tensors());
            boolean bare = stored.keySet().stream().noneMatch(n -> n.startsWith(PREFIX));
            stored.putIfAbsent(BIAS, StoredTensor.ofFloats(BIAS, new long[] {1, model.config().vocabSize()},
                    new float[model.config().vocabSize()]));
            Set<String> all = stored.keySet().stream().map(n -> bare && !n.equals(BIAS) ? PREFIX + n : n)
                    .collect(java.util.stream.Collectors.toSet());
            model.loadState(HfCheckpoints.match(stored, model.namedParameters(),
                    name -> canonical(bare && !name.equals(BIAS) ? PREFIX + name : name, model.config(), all),
                    folder, "the bart model of its config.json"), folder.toString());
        }
        return model;
    }

    /**
     * Our parameter name for a stored tensor (already under {@code model.}), or null for one HF's loader ignores too.
     * The embedding aliases stand for {@code model.shared.weight} only when it is absent, and then only the first of
     * them present.
     */
    static String canonical(String stored, BartConfig config, Set<String> all) {
        if (stored.equals("lm_head.weight") && config.tied()) {
            return null;
        }
        return HfCheckpoints.tiedCopy(stored, SHARED, EMBEDDING_ALIASES, all);
    }
}
