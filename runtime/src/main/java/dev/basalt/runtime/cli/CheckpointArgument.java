package dev.basalt.runtime.cli;

import dev.basalt.api.BasaltException;
import dev.basalt.runtime.checkpoint.LoadedCheckpoint;
import dev.basalt.runtime.plugin.PluginRegistry;
import dev.basalt.runtime.train.CheckpointStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CHECKPOINT argument of {@code generate} and {@code eval}: a checkpoint folder (Basalt or Hugging Face), or a
 * run folder, which stands for the checkpoint its {@code latest} file names.
 */
final class CheckpointArgument {

    private static final String EXPECTED = "a checkpoint folder (runs/NAME/step-N or a Hugging Face model folder)"
            + " or a run folder (runs/NAME, for its latest checkpoint)";
    static final String DESCRIPTION = "The model: " + EXPECTED + ".";

    private static final List<String> CHECKPOINT_FILES = List.of("basalt.conf", "config.json");
    private static final String LATEST = "latest";

    private CheckpointArgument() {
    }

    /** Opens the checkpoint {@code given} names; a damaged one in a run folder points at its older intact siblings. */
    static LoadedCheckpoint open(Path given, PluginRegistry registry) {
        Path checkpoint = resolve(given);
        try {
            return LoadedCheckpoint.open(checkpoint, registry, List.of());
        } catch (BasaltException e) {
            String older = olderCheckpoint(checkpoint);
            if (older == null) {
                throw e;
            }
            throw new BasaltException(e.getMessage() + " The run's previous checkpoint is " + older + ".", e);
        }
    }

    static Path resolve(Path given) {
        if (!Files.exists(given)) {
            throw new BasaltException(given + " does not exist; give " + EXPECTED + ".");
        }
        if (!Files.isDirectory(given)) {
            throw new BasaltException(given + " is a file; give " + EXPECTED + ".");
        }
        if (CHECKPOINT_FILES.stream().anyMatch(name -> Files.isRegularFile(given.resolve(name)))) {
            return given;
        }
        if (Files.isRegularFile(given.resolve(LATEST))) {
            return LoadedCheckpoint.latestIfRunFolder(given);
        }
        throw new BasaltException(given + " is neither a checkpoint folder nor a run folder: it has no "
                + String.join(" or ", CHECKPOINT_FILES) + " (a checkpoint) and no " + LATEST + " file (a run folder).");
    }

    /** The newest checkpoint of the same run older than {@code checkpoint}, or null. */
    private static String olderCheckpoint(Path checkpoint) {
        Path run = checkpoint.toAbsolutePath().normalize().getParent();
        if (run == null || !checkpoint.getFileName().toString().matches("step-\\d+")) {
            return null;
        }
        try {
            int step = CheckpointStore.stepOf(checkpoint);
            return new CheckpointStore(run, 1).checkpoints().stream()
                    .filter(p -> CheckpointStore.stepOf(p) < step)
                    .reduce((first, second) -> second)
                    .map(p -> checkpoint.resolveSibling(p.getFileName()).toString())
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
