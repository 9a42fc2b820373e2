package dev.basalt.t5;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import dev.basalt.api.BasaltException;
import dev.basalt.api.format.AtomicFiles;
import dev.basalt.api.format.Json;
import dev.basalt.api.format.SafetensorsCheckpoint;
import dev.basalt.api.format.SafetensorsWriter;
import dev.basalt.api.format.StoredTensor;
import dev.basalt.api.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

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
        Files.createDirectories(folder);
        List<StoredTensor> tensors = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            Tensor t = e.getValue();
            long[] shape = Arrays.stream(t.shape().toArray()).asLongStream().toArray();
            tensors.add(StoredTensor.ofFloats(e.getKey(), shape, t.toFloatArray()));
        }
        SafetensorsWriter.write(folder.resolve(SafetensorsCheckpoint.SINGLE), tensors, Map.of("format", "pt"));
        AtomicFiles.writeString(folder.resolve("config.json"), configJson(model.config()));
    }

    static String configJson(T5Config c) {
        Map<String, String> json = new LinkedHashMap<>();
        json.put("architectures", "[\"T5ForConditionalGeneration\"]");
        json.put("model_type", Json.quote("t5"));
        json.put("vocab_size", String.valueOf(c.vocabSize()));
        json.put("d_model", String.valueOf(c.width()));
        json.put("d_kv", String.valueOf(c.headWidth()));
        json.put("d_ff", String.valueOf(c.ffnWidth()));
        json.put("num_layers", String.valueOf(c.layers()));
        json.put("num_decoder_layers", String.valueOf(c.decoderLayers()));
        json.put("num_heads", String.valueOf(c.heads()));
        json.put("relative_attention_num_buckets", String.valueOf(c.buckets()));
        json.put("relative_attention_max_distance", String.valueOf(c.maxDistance()));
        json.put("feed_forward_proj", Json.quote(c.feedForward().hfName));
        json.put("tie_word_embeddings", String.valueOf(c.tied()));
        json.put("layer_norm_epsilon", number(c.normEps()));
        json.put("dropout_rate", number(c.dropout()));
        json.put("initializer_factor", number(c.initFactor()));
        json.put("decoder_start_token_id", String.valueOf(c.decoderStartId()));
        json.put("eos_token_id", String.valueOf(c.eosId()));
        json.put("pad_token_id", String.valueOf(c.padId()));
        json.put("is_encoder_decoder", "true");
        json.put("torch_dtype", Json.quote("float32"));
        StringBuilder out = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, String> e : json.entrySet()) {
            out.append("  ").append(Json.quote(e.getKey())).append(": ").append(e.getValue())
                    .append(++i < json.size() ? ",\n" : "\n");
        }
        return out.append("}\n").toString();
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%.1f", d) : Double.toString(d);
    }

    /** Reads {@code config.json} of a T5 checkpoint, with HF's defaults for the keys it may omit. */
    static T5Config readConfig(Path folder) {
        Path file = folder.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new BasaltException(folder + " has no config.json; a Hugging Face checkpoint folder needs one.");
        }
        Config c;
        try {
            c = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
        } catch (ConfigException e) {
            throw new BasaltException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        String type = c.hasPath("model_type") ? c.getString("model_type") : "";
        if (!type.equals("t5")) {
            throw new BasaltException(file + ": model_type \"" + type + "\" is not one the t5 architecture reads; it"
                    + " reads t5.");
        }
        try {
            String proj = stringOr(c, "feed_forward_proj", "relu");
            T5Config.FeedForward ffn = switch (proj) {
                case "relu" -> T5Config.FeedForward.RELU;
                case "gated-gelu" -> T5Config.FeedForward.GATED_GELU;
                default -> throw new BasaltException(file + ": feed_forward_proj \"" + proj + "\" is not supported; t5"
                        + " reads relu (v1.0) and gated-gelu (v1.1).");
            };
            int layers = c.getInt("num_layers");
            return new T5Config(layers, intOr(c, "num_decoder_layers", layers), c.getInt("num_heads"), c.getInt("d_kv"),
                    c.getInt("d_model"), c.getInt("d_ff"), ffn, !c.hasPath("tie_word_embeddings")
                    || c.getBoolean("tie_word_embeddings"), intOr(c, "relative_attention_num_buckets", 32),
                    intOr(c, "relative_attention_max_distance", 128), c.getInt("vocab_size"),
                    doubleOr(c, "layer_norm_epsilon", 1e-6), doubleOr(c, "dropout_rate", 0.1),
                    doubleOr(c, "initializer_factor", 1.0), intOr(c, "decoder_start_token_id", 0),
                    intOr(c, "eos_token_id", 1), intOr(c, "pad_token_id", 0));
        } catch (ConfigException | IllegalArgumentException e) {
            throw new BasaltException(file + ": " + e.getMessage(), e);
        }
    }

    private static int intOr(Config c, String key, int fallback) {
        return c.hasPath(key) ? c.getInt(key) : fallback;
    }

    private static double doubleOr(Config c, String key, double fallback) {
        return c.hasPath(key) ? c.getDouble(key) : fallback;
    }

    private static String stringOr(Config c, String key, String fallback) {
        return c.hasPath(key) ? c.getString(key) : fallback;
    }

    /** Loads a checkpoint folder into a new model, checking every name and shape. */
    static T5Model load(Path folder) {
        T5Config config = readConfig(folder);
        T5Model model = new T5Model(config, 0);
        Map<String, Tensor> expected = model.namedParameters();
        Map<String, Tensor> state = new LinkedHashMap<>();
        TreeSet<String> unexpected = new TreeSet<>();
        List<String> misshapen = new ArrayList<>();
        TreeSet<String> misshapenNames = new TreeSet<>();
        try (SafetensorsCheckpoint weights = SafetensorsCheckpoint.open(folder)) {
            Map<String, StoredTensor> stored = weights.tensors();
            for (Map.Entry<String, StoredTensor> e : stored.entrySet()) {
                String name = canonical(e.getKey(), config, stored.containsKey(SHARED), state.containsKey(SHARED));
                if (name == null) {
                    continue;
                }
                Tensor target = expected.get(name);
                if (target == null) {
                    unexpected.add(e.getKey());
                    continue;
                }
                int[] shape = Arrays.stream(e.getValue().shape()).mapToInt(Math::toIntExact).toArray();
                if (!Arrays.equals(shape, target.shape().toArray())) {
                    misshapen.add(e.getKey() + " is " + Arrays.toString(shape) + ", expected "
                            + Arrays.toString(target.shape().toArray()));
                    misshapenNames.add(name);
                    continue;
                }
                state.put(name, Tensor.of(e.getValue().toFloats(), shape));
            }
        }
        TreeSet<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(state.keySet());
        missing.removeAll(misshapenNames);
        if (!missing.isEmpty() || !unexpected.isEmpty() || !misshapen.isEmpty()) {
            StringBuilder message = new StringBuilder(folder + " does not match the t5 model of its config.json:");
            if (!missing.isEmpty()) {
                message.append("\n  missing: ").append(String.join(", ", missing));
            }
            if (!unexpected.isEmpty()) {
                message.append("\n  unexpected: ").append(String.join(", ", unexpected));
            }
            if (!misshapen.isEmpty()) {
                message.append("\n  wrong shape: ").append(String.join("; ", misshapen));
            }
            throw new BasaltException(message.toString());
        }
        model.loadState(state, folder.toString());
        return model;
    }

    /**
     * Our parameter name for a stored tensor, or null for one HF's loader ignores too.
     *
     * @param hasShared    whether the file holds {@code shared.weight}
     * @param sharedLoaded whether the token table was already taken from an alias
     */
    static String canonical(String stored, T5Config config, boolean hasShared, boolean sharedLoaded) {
        if (stored.equals(OLD_CROSS_BIAS) || stored.equals("lm_head.weight") && config.tied()) {
            return null;
        }
        if (EMBEDDING_ALIASES.contains(stored)) {
            return hasShared || sharedLoaded ? null : SHARED;
        }
        return stored;
    }
}
