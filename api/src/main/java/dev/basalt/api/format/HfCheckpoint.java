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

/**
 * What every architecture's Hugging Face import and export share: a model whose parameter names are HF's tensor
 * names is written as {@code model.safetensors} plus {@code config.json}, and read back with every name and shape
 * checked, all differences reported in one message.
 */
public final class HfCheckpoint {

    private HfCheckpoint() {
    }

    /**
     * Writes each parameter as float32 under its name into {@code folder/model.safetensors}, and {@code config} as
     * {@code folder/config.json}; each file atomically.
     *
     * @param config HF keys to values: {@link String}, {@link Boolean}, {@link Integer}, {@link Double}, or a
     *               {@link List} of those
     */
    public static void save(Map<String, Tensor> parameters, Map<String, Object> config, Path folder) throws IOException {
        Files.createDirectories(folder);
        List<StoredTensor> tensors = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            Tensor t = e.getValue();
            long[] shape = Arrays.stream(t.shape().toArray()).asLongStream().toArray();
            tensors.add(StoredTensor.ofFloats(e.getKey(), shape, t.toFloatArray()));
        }
        SafetensorsWriter.write(folder.resolve(SafetensorsCheckpoint.SINGLE), tensors, Map.of("format", "pt"));
        AtomicFiles.writeString(folder.resolve("config.json"), json(config));
    }

    /** {@code values} as a JSON object, one key a line, in the map's order. */
    public static String json(Map<String, Object> values) {
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
            return "[" + String.join(", ", list.stream().map(HfCheckpoint::render).toList()) + "]";
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%.1f", d) : Double.toString(d);
        }
        return String.valueOf(value);
    }

    /**
     * Parses {@code folder/config.json}.
     *
     * @throws BasaltException when the file is absent or not JSON
     */
    public static Config readConfig(Path folder) {
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
     * Reads a checkpoint folder ({@code model.safetensors}, or a sharded one) into tensors named as the
     * {@code expected} parameters, checking every name and shape.
     *
     * @param rename   a stored name (and all stored names, for aliases) to a parameter name, or null for a tensor
     *                 HF's own loader ignores too
     * @param modelName what the folder should hold, for the message ({@code "a gpt2 model"})
     * @throws BasaltException listing the missing, unexpected and misshapen tensors together
     */
    public static Map<String, Tensor> readWeights(Path folder, Map<String, Tensor> expected,
                                                  BiFunction<String, Set<String>, String> rename, String modelName) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        TreeSet<String> unexpected = new TreeSet<>();
        List<String> misshapen = new ArrayList<>();
        TreeSet<String> misshapenNames = new TreeSet<>();
        try (SafetensorsCheckpoint weights = SafetensorsCheckpoint.open(folder)) {
            Set<String> stored = weights.tensors().keySet();
            for (Map.Entry<String, StoredTensor> e : weights.tensors().entrySet()) {
                String name = rename.apply(e.getKey(), stored);
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
            StringBuilder message = new StringBuilder(folder + " does not match " + modelName + " of its config.json:");
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
        return state;
    }
}
