package dev.basalt.runtime.train;

import dev.basalt.api.BasaltException;
import dev.basalt.api.format.SafetensorsFile;
import dev.basalt.api.format.SafetensorsWriter;
import dev.basalt.api.format.StoredTensor;
import dev.basalt.api.nn.AdamW;
import dev.basalt.api.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run needs besides the weights to continue exactly where it stopped: the optimizer's moments and step
 * count, the step, and the random generator's state (which also fixes the data cursor, since batches are drawn
 * from it). Stored as {@code training-state.safetensors}: one {@code m.<param>} and {@code v.<param>} tensor per
 * parameter, the scalars in the metadata.
 */
public final class TrainingState {

    static final String FILE = "training-state.safetensors";

    private TrainingState() {
    }

    static void save(Path folder, AdamW optimizer, int nextStep, long rngState) throws IOException {
        List<StoredTensor> tensors = new ArrayList<>();
        optimizer.firstMoments().forEach((name, m) -> tensors.add(stored("m." + name, m)));
        optimizer.secondMoments().forEach((name, v) -> tensors.add(stored("v." + name, v)));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("next_step", Integer.toString(nextStep));
        meta.put("rng_state", Long.toString(rngState));
        meta.put("optimizer_steps", Long.toString(optimizer.steps()));
        SafetensorsWriter.write(folder.resolve(FILE), tensors, meta);
    }

    private static StoredTensor stored(String name, Tensor t) {
        return StoredTensor.ofFloats(name, Arrays.stream(t.shape().toArray()).asLongStream().toArray(), t.toFloatArray());
    }

    /** The state read back: the step to run next and the generator state; the optimizer is restored in place. */
    record Restored(int nextStep, long rngState) {
    }

    static Restored load(Path folder, AdamW optimizer) {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new BasaltException(folder + " has no " + FILE + "; it is not a training checkpoint to resume from.");
        }
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            Map<String, Tensor> m = new LinkedHashMap<>();
            Map<String, Tensor> v = new LinkedHashMap<>();
            st.tensors().forEach((name, t) -> {
                int[] shape = Arrays.stream(t.shape()).mapToInt(Math::toIntExact).toArray();
                Tensor value = Tensor.of(t.toFloats(), shape);
                if (name.startsWith("m.")) {
                    m.put(name.substring(2), value);
                } else if (name.startsWith("v.")) {
                    v.put(name.substring(2), value);
                }
            });
            optimizer.restore(m, v, Long.parseLong(st.metadata().get("optimizer_steps")), file.toString());
            return new Restored(Integer.parseInt(st.metadata().get("next_step")),
                    Long.parseLong(st.metadata().get("rng_state")));
        } catch (NumberFormatException | NullPointerException e) {
            throw new BasaltException(file + " lacks next_step, rng_state or optimizer_steps in its metadata.", e);
        }
    }
}
