package dev.basalt.conformance;

import dev.basalt.api.format.SafetensorsCheckpoint;
import dev.basalt.api.format.SafetensorsWriter;
import dev.basalt.api.format.StoredTensor;
import dev.basalt.api.model.LanguageModel;
import dev.basalt.api.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Saved checkpoint folders as a checkpoint test reads and edits them. */
public final class CheckpointFiles {

    private CheckpointFiles() {
    }

    /** The names of the tensors stored in {@code folder}, sorted. */
    public static Set<String> names(Path folder) {
        try (SafetensorsCheckpoint saved = SafetensorsCheckpoint.open(folder)) {
            return new TreeSet<>(saved.tensors().keySet());
        }
    }

    /** The same parameter names with bit-identical values. */
    public static void assertSameWeights(LanguageModel expected, LanguageModel actual) {
        Map<String, Tensor> want = expected.module().namedParameters();
        Map<String, Tensor> got = actual.module().namedParameters();
        assertEquals(want.keySet(), got.keySet());
        for (Map.Entry<String, Tensor> e : want.entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), got.get(e.getKey()).toFloatArray(), 0f, e.getKey());
        }
    }

    /**
     * Copies the checkpoint in {@code saved} into the new folder {@code target} with each tensor passed through
     * {@code edit} (null drops it) and {@code extra} added; {@code config.json} is copied as it is.
     */
    public static Path rewrite(Path saved, Path target, Function<StoredTensor, StoredTensor> edit,
                               StoredTensor... extra) throws IOException {
        List<StoredTensor> tensors = new ArrayList<>();
        try (SafetensorsCheckpoint source = SafetensorsCheckpoint.open(saved)) {
            for (StoredTensor t : source.tensors().values()) {
                StoredTensor edited = edit.apply(StoredTensor.ofFloats(t.name(), t.shape(), t.toFloats()));
                if (edited != null) {
                    tensors.add(edited);
                }
            }
        }
        tensors.addAll(List.of(extra));
        Path folder = Files.createDirectories(target);
        Files.copy(saved.resolve("config.json"), folder.resolve("config.json"));
        SafetensorsWriter.write(folder.resolve("model.safetensors"), tensors, Map.of());
        return folder;
    }
}
