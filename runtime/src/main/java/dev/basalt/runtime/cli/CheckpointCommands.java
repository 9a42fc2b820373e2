package dev.basalt.runtime.cli;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.format.AtomicFiles;
import dev.basalt.runtime.checkpoint.HfTokenIds;
import dev.basalt.runtime.checkpoint.LoadedCheckpoint;
import dev.basalt.runtime.train.Folders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.Collectors;

/**
 * {@code basalt import} and {@code basalt export}: a model folder read with every tensor name and shape checked,
 * and written anew in Hugging Face layout. The new folder appears whole or not at all, and never replaces one.
 */
final class CheckpointCommands {

    private CheckpointCommands() {
    }

    @Command(name = "import", description = "Turn a Hugging Face model folder into a Basalt checkpoint.")
    static final class Import implements Runnable {

        @Parameters(index = "0", paramLabel = "HF_FOLDER",
                description = "config.json with model.safetensors (or a sharded index) and a tokenizer; or a model file"
                        + " an architecture reads, such as an .onnx BERT encoder with its tokenizer beside it.")
        Path source;

        @Parameters(index = "1", paramLabel = "CHECKPOINT", description = "The folder to create.")
        Path target;

        @Mixin
        PluginOptions pluginOptions;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            LoadedCheckpoint loaded = LoadedCheckpoint.open(source, pluginOptions.registry(), List.of());
            String architecture = loaded.assembly().config().selection(ExtensionPoint.ARCHITECTURE).orElseThrow();
            write(loaded, target, List.of(), "# Imported from " + source.toAbsolutePath() + "\nmodel.architecture = \""
                    + architecture + "\"\n");
            spec.commandLine().getOut().println("imported " + loaded.model().describe() + " into " + target);
        }
    }

    @Command(name = "export", description = "Write a checkpoint as a Hugging Face model folder.")
    static final class Export implements Runnable {

        @Parameters(index = "0", paramLabel = "CHECKPOINT",
                description = "A checkpoint folder (runs/NAME/step-N), or a run folder (runs/NAME) for its latest.")
        Path source;

        @Parameters(index = "1", paramLabel = "HF_FOLDER", description = "The folder to create.")
        Path target;

        @Mixin
        PluginOptions pluginOptions;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            LoadedCheckpoint loaded = LoadedCheckpoint.open(source, pluginOptions.registry(), List.of());
            Path folder = Files.isDirectory(source) ? LoadedCheckpoint.latestIfRunFolder(source) : source;
            // a fine-tuned classifier keeps its head and labels beside the encoder
            List<Path> classifier = Stream.of("classifier.safetensors", "labels.json", "fine-tuning.conf")
                    .map(folder::resolve).filter(Files::isRegularFile).toList();
            write(loaded, target, classifier, null);
            spec.commandLine().getOut().println("exported " + loaded.model().describe()
                    + (folder.equals(source) ? "" : " of " + folder) + " to " + target
                    + " (config.json, model.safetensors, tokenizer.json" + classifier.stream()
                    .map(f -> ", " + f.getFileName()).collect(Collectors.joining()) + ")");
            if (!classifier.isEmpty()) {
                spec.commandLine().getOut().println("note: the folder loads in Hugging Face as the encoder alone;"
                        + " its classification head is in classifier.safetensors, which basalt classify reads and"
                        + " AutoModelForSequenceClassification does not (it would start a new head).");
            }
        }
    }

    /**
     * Writes weights, config.json, tokenizer.json, copies of {@code extraFiles} and, when given, basalt.conf into a new
     * folder, atomically.
     */
    private static void write(LoadedCheckpoint loaded, Path target, List<Path> extraFiles, String basaltConf) {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.exists(absolute)) {
            throw new BasaltException(target + " already exists; name a new folder (nothing was written).");
        }
        Path partial = absolute.resolveSibling("." + absolute.getFileName() + ".partial");
        try {
            Files.createDirectories(absolute.getParent());
            Folders.deleteTree(partial);
            Files.createDirectory(partial);
            loaded.model().save(partial);
            Config run = loaded.assembly().config().resolved();
            HfTokenIds.addTo(partial, loaded.model(), loaded.tokenizer(),
                    run.hasPath("data.eos-token") ? run.getString("data.eos-token") : "<|endoftext|>");
            loaded.tokenizer().save(partial.resolve("tokenizer.json"));
            for (Path file : extraFiles) {
                Files.copy(file, partial.resolve(file.getFileName()));
            }
            if (basaltConf != null) {
                AtomicFiles.writeString(partial.resolve("basalt.conf"), basaltConf);
            }
            Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BasaltException("Cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Folders.deleteTree(partial);
            } catch (IOException ignored) {
                // a leftover .partial folder is hidden and replaced by the next attempt
            }
        }
    }

}
