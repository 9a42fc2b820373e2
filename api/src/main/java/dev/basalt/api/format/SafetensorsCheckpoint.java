package dev.basalt.api.format;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import dev.basalt.api.BasaltException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a Hugging Face checkpoint folder: {@code model.safetensors}, or the shards listed by
 * {@code model.safetensors.index.json}. Every file is validated; a name the index maps to a file that lacks it is
 * an error.
 */
public final class SafetensorsCheckpoint implements AutoCloseable {

    /** The single-file weights name. */
    public static final String SINGLE = "model.safetensors";
    /** The index of a sharded checkpoint. */
    public static final String INDEX = "model.safetensors.index.json";

    private final List<SafetensorsFile> files;
    private final Map<String, StoredTensor> tensors;

    private SafetensorsCheckpoint(List<SafetensorsFile> files, Map<String, StoredTensor> tensors) {
        this.files = files;
        this.tensors = tensors;
    }

    /** Opens a checkpoint folder, or a single {@code .safetensors} file. */
    public static SafetensorsCheckpoint open(Path location) {
        if (Files.isRegularFile(location)) {
            SafetensorsFile file = SafetensorsFile.open(location);
            return new SafetensorsCheckpoint(List.of(file), file.tensors());
        }
        if (Files.isRegularFile(location.resolve(SINGLE))) {
            return open(location.resolve(SINGLE));
        }
        Path index = location.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            throw new BasaltException(location + " holds neither " + SINGLE + " nor " + INDEX
                    + "; a checkpoint folder needs one of them.");
        }
        return openSharded(location, index);
    }

    private static SafetensorsCheckpoint openSharded(Path folder, Path index) {
        ConfigObject weightMap;
        try {
            var root = ConfigFactory.parseFile(index.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
            weightMap = root.getObject("weight_map");
        } catch (ConfigException e) {
            throw new BasaltException(index + " is not a valid safetensors index: " + e.getMessage(), e);
        }
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            for (Map.Entry<String, ConfigValue> entry : weightMap.entrySet()) {
                String shardName = String.valueOf(entry.getValue().unwrapped());
                SafetensorsFile shard = shards.get(shardName);
                if (shard == null) {
                    Path shardPath = folder.resolve(shardName);
                    if (!Files.isRegularFile(shardPath)) {
                        throw new BasaltException(index + " maps '" + entry.getKey() + "' to " + shardName
                                + ", which is not in " + folder + ".");
                    }
                    shard = SafetensorsFile.open(shardPath);
                    opened.add(shard);
                    shards.put(shardName, shard);
                }
                StoredTensor tensor = shard.tensors().get(entry.getKey());
                if (tensor == null) {
                    throw new BasaltException(index + " maps '" + entry.getKey() + "' to " + shardName
                            + ", but that file has no such tensor.");
                }
                tensors.put(entry.getKey(), tensor);
            }
        } catch (RuntimeException e) {
            opened.forEach(SafetensorsFile::close);
            throw e;
        }
        return new SafetensorsCheckpoint(opened, Collections.unmodifiableMap(tensors));
    }

    /** Every tensor by name. */
    public Map<String, StoredTensor> tensors() {
        return tensors;
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
