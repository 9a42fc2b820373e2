package dev.basalt.gpt;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.basalt.api.BasaltException;
import dev.basalt.api.format.HfCheckpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes Hugging Face GPT-2 ({@code GPT2LMHeadModel}/{@code GPT2Model}) and Llama
 * ({@code LlamaForCausalLM}) checkpoints: {@code config.json} with HF keys, and safetensors weights with HF names.
 *
 * <p>The model keeps HF's own layouts (GPT-2's Conv1D {@code [in, out]} weights and fused {@code c_attn}; Llama's
 * {@code [out, in]} linear weights), so a tensor maps to a parameter of the same name and shape. On import the
 * {@code transformer.} prefix is optional, HF's non-parameter buffers ({@code attn.bias}, {@code attn.masked_bias},
 * {@code rotary_emb.inv_freq}) are skipped, and a stored {@code lm_head.weight} of a tied model is ignored, as HF's
 * loader does. Every other difference is reported in one message listing the missing, unexpected and misshapen
 * tensors.
 */
final class HfGptCheckpoint {

    private HfGptCheckpoint() {
    }

    static void save(GptModel model, Path folder) throws IOException {
        HfCheckpoint.save(model.namedParameters(), configJson(model.config()), folder);
    }

    static Map<String, Object> configJson(GptConfig c) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (c.layout() == GptConfig.Layout.GPT2) {
            json.put("architectures", List.of("GPT2LMHeadModel"));
            json.put("model_type", "gpt2");
            json.put("vocab_size", c.vocabSize());
            json.put("n_positions", c.context());
            json.put("n_ctx", c.context());
            json.put("n_embd", c.width());
            json.put("n_layer", c.layers());
            json.put("n_head", c.heads());
            json.put("n_inner", c.ffnWidth());
            json.put("activation_function", "gelu_new");
            json.put("layer_norm_epsilon", c.normEps());
            json.put("resid_pdrop", c.dropout());
            json.put("embd_pdrop", c.dropout());
            json.put("attn_pdrop", 0.0);
        } else {
            json.put("architectures", List.of("LlamaForCausalLM"));
            json.put("model_type", "llama");
            json.put("vocab_size", c.vocabSize());
            json.put("hidden_size", c.width());
            json.put("intermediate_size", c.ffnWidth());
            json.put("num_hidden_layers", c.layers());
            json.put("num_attention_heads", c.heads());
            json.put("num_key_value_heads", c.kvHeads());
            json.put("max_position_embeddings", c.context());
            json.put("rms_norm_eps", c.normEps());
            json.put("rope_theta", c.ropeTheta());
            json.put("hidden_act", "silu");
            json.put("attention_bias", false);
            json.put("attention_dropout", 0.0);
        }
        json.put("tie_word_embeddings", c.tied());
        json.put("initializer_range", c.initStd());
        json.put("torch_dtype", "float32");
        return json;
    }

    /** Reads {@code config.json} of a GPT-2 or Llama checkpoint into our shape. */
    static GptConfig readConfig(Path folder) {
        Path file = folder.resolve("config.json");
        Config c = HfCheckpoint.readConfig(folder);
        String type = c.hasPath("model_type") ? c.getString("model_type") : "";
        try {
            return switch (type) {
                case "gpt2" -> {
                    int width = c.getInt("n_embd");
                    int inner = c.hasPath("n_inner") && !c.getIsNull("n_inner") ? c.getInt("n_inner") : 4 * width;
                    yield new GptConfig(GptConfig.Layout.GPT2, c.getInt("n_layer"), c.getInt("n_head"), c.getInt("n_head"),
                            width, inner, c.getInt("n_positions"), c.getInt("vocab_size"),
                            doubleOr(c, "layer_norm_epsilon", 1e-5), 10000, 0.0, true,
                            doubleOr(c, "initializer_range", 0.02));
                }
                case "llama" -> {
                    int heads = c.getInt("num_attention_heads");
                    yield new GptConfig(GptConfig.Layout.LLAMA, c.getInt("num_hidden_layers"), heads,
                            c.hasPath("num_key_value_heads") ? c.getInt("num_key_value_heads") : heads,
                            c.getInt("hidden_size"), c.getInt("intermediate_size"), c.getInt("max_position_embeddings"),
                            c.getInt("vocab_size"), doubleOr(c, "rms_norm_eps", 1e-6), doubleOr(c, "rope_theta", 10000),
                            0.0, c.hasPath("tie_word_embeddings") && c.getBoolean("tie_word_embeddings"),
                            doubleOr(c, "initializer_range", 0.02));
                }
                default -> throw new BasaltException(file + ": model_type \"" + type
                        + "\" is not one the gpt architecture reads; it reads gpt2 and llama.");
            };
        } catch (ConfigException e) {
            throw new BasaltException(file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new BasaltException(file + ": " + e.getMessage(), e);
        }
    }

    private static double doubleOr(Config c, String key, double fallback) {
        return c.hasPath(key) ? c.getDouble(key) : fallback;
    }

    /** Loads a checkpoint folder into a new model, checking every name and shape. */
    static GptModel load(Path folder) {
        GptConfig config = readConfig(folder);
        GptModel model = new GptModel(config, 0);
        model.loadState(HfCheckpoint.readWeights(folder, model.namedParameters(),
                (stored, all) -> canonical(stored, config), "a " + config.layout().name().toLowerCase(Locale.ROOT)
                        + " model"), folder.toString());
        return model;
    }

    /** Our parameter name for a stored tensor name, or null for tensors HF's loader ignores too. */
    static String canonical(String stored, GptConfig config) {
        if (stored.endsWith(".attn.bias") || stored.endsWith(".attn.masked_bias") || stored.endsWith("rotary_emb.inv_freq")) {
            return null;
        }
        if (stored.equals("lm_head.weight") && config.tied()) {
            return null;
        }
        if (config.layout() == GptConfig.Layout.GPT2 && !stored.startsWith("transformer.") && !stored.startsWith("lm_head.")) {
            return "transformer." + stored;
        }
        return stored;
    }
}
