package dev.basalt.api.format;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import dev.basalt.api.BasaltException;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * What every architecture's Hugging Face reader and writer share: {@code config.json} read and written, and stored
 * tensors matched to a model's parameters by name and shape, with every difference reported in one message.
 */
public final class HfCheckpoints {

    private HfCheckpoints() {
    }

    /**
     * Parses {@code folder/config.json}.
     *
     * @throws BasaltException when the file is absent or not JSON
     */
    public static Config readConfigJson(Path folder) {
        Path file = folder.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new BasaltException(folder + " has no config.json; a Hugging Face checkpoint folder needs one.");
        }
        try {
            return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
        } catch (ConfigException e) {
            throw new BasaltException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code folder/config.json} of an architecture that reads one {@code model_type} (named as the
     * architecture), and builds its config with {@code read}, which gets the parsed JSON and the file (for messages).
     *
     * @throws BasaltException naming the file when {@code model_type} is another, or when {@code read} meets a key
     *                         that is missing or mistyped ({@link ConfigException}) or a value out of range
     *                         ({@link IllegalArgumentException})
     */
    public static <T> T readConfig(Path folder, String modelType, BiFunction<Config, Path, T> read) {
        Path file = folder.resolve("config.json");
        Config c = readConfigJson(folder);
        String type = stringOr(c, "model_type", "");
        if (!type.equals(modelType)) {
            throw new BasaltException(file + ": model_type \"" + type + "\" is not one the " + modelType
                    + " architecture reads; it reads " + modelType + ".");
        }
        try {
            return read.apply(c, file);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new BasaltException(file + ": " + e.getMessage(), e);
        }
    }

    /** {@code c.getInt(key)}, or {@code fallback} when {@code config.json} omits the key (HF's default). */
    public static int intOr(Config c, String key, int fallback) {
        return c.hasPath(key) ? c.getInt(key) : fallback;
    }

    /** {@code c.getDouble(key)}, or {@code fallback} when {@code config.json} omits the key (HF's default). */
    public static double doubleOr(Config c, String key, double fallback) {
        return c.hasPath(key) ? c.getDouble(key) : fallback;
    }

    /** {@code c.getString(key)}, or {@code fallback} when {@code config.json} omits the key (HF's default). */
    public static String stringOr(Config c, String key, String fallback) {
        return c.hasPath(key) ? c.getString(key) : fallback;
    }

    /** {@code c.getBoolean(key)}, or {@code fallback} when {@code config.json} omits the key (HF's default). */
    public static boolean booleanOr(Config c, String key, boolean fallback) {
        return c.hasPath(key) ? c.getBoolean(key) : fallback;
    }

    /**
     * The name a stored tensor loads as when a table may be stored under tied copies' names too (T5's and BART's
     * {@code embed_tokens}): a copy stands for {@code table} only when {@code table} is not stored, and then only the
     * first copy present; other copies give null (skipped, as HF's loader skips them). Any other name is returned as
     * it is.
     *
     * @param all every stored name
     */
    public static String tiedCopy(String stored, String table, List<String> copies, Set<String> all) {
        int copy = copies.indexOf(stored);
        if (copy < 0) {
            return stored;
        }
        boolean earlier = all.contains(table) || copies.subList(0, copy).stream().anyMatch(all::contains);
        return earlier ? null : table;
    }

    /** {@code config.json} text of {@code values} (strings, numbers, booleans, lists of them), keys in map order. */
    public static String configJson(Map<String, Object> values) {
        StringBuilder out = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            out.append("  ").append(Json.quote(e.getKey())).append(": ").append(render(e.getValue()))
                    .append(++i < values.size() ? ",\n" : "\n");
        }
        return out.append("}\n").toString();
    }

    private static String render(Object value) {
        if (value instanceof String s) {
            return Json.quote(s);
        }
        if (value instanceof List<?> list) {
            return "[" + String.join(", ", list.stream().map(HfCheckpoints::render).toList()) + "]";
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%.1f", d) : Double.toString(d);
        }
        return String.valueOf(value);
    }

    /** Writes {@code parameters} as F32 {@code model.safetensors} and {@code configJson} as {@code config.json}, each atomically. */
    public static void save(Map<String, Tensor> parameters, String configJson, Path folder) throws IOException {
        Files.createDirectories(folder);
        List<StoredTensor> tensors = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            Tensor t = e.getValue();
            long[] shape = Arrays.stream(t.shape().toArray()).asLongStream().toArray();
            tensors.add(StoredTensor.ofFloats(e.getKey(), shape, t.toFloatArray()));
        }
        SafetensorsWriter.write(folder.resolve(SafetensorsCheckpoint.SINGLE), tensors, Map.of("format", "pt"));
        AtomicFiles.writeString(folder.resolve("config.json"), configJson);
    }

    /**
     * The state to load into a model whose parameters are {@code expected}: each stored tensor is renamed by
     * {@code canonical} (null skips it, as HF's loader skips buffers and tied copies) and must match a parameter's
     * shape.
     *
     * @param what names the model in the error, e.g. {@code "a bert model of its config.json"}
     * @throws BasaltException listing every missing, unexpected and misshapen tensor at once
     */
    public static Map<String, Tensor> match(Map<String, StoredTensor> stored, Map<String, Tensor> expected,
                                            UnaryOperator<String> canonical, Path folder, String what) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        TreeSet<String> unexpected = new TreeSet<>();
        List<String> misshapen = new ArrayList<>();
        TreeSet<String> misshapenNames = new TreeSet<>();
        for (Map.Entry<String, StoredTensor> e : stored.entrySet()) {
            String name = canonical.apply(e.getKey());
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
        TreeSet<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(state.keySet());
        missing.removeAll(misshapenNames);
        if (!missing.isEmpty() || !unexpected.isEmpty() || !misshapen.isEmpty()) {
            StringBuilder message = new StringBuilder(folder + " does not match " + what + ":");
            if (!missing.isEmpty()) {
                message.append("\n  missing: ").append(firstFew(missing, ", "));
            }
            if (!unexpected.isEmpty()) {
                message.append("\n  unexpected: ").append(firstFew(unexpected, ", "));
            }
            if (!misshapen.isEmpty()) {
                message.append("\n  wrong shape: ").append(firstFew(misshapen, "; "));
                message.append("\n  (the sizes in config.json must be those the weights were saved with)");
            }
            throw new BasaltException(message.toString());
        }
        return state;
    }

    /** The first few names of a long list and how many more there are, so a wholly wrong folder stays readable. */
    private static String firstFew(java.util.Collection<String> names, String separator) {
        int shown = 8;
        List<String> first = names.stream().limit(shown).toList();
        return String.join(separator, first) + (names.size() > shown ? separator + "and " + (names.size() - shown)
                + " more" : "");
    }
}
