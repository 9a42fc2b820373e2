package dev.basalt.runtime.cli;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.data.DataEngine;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.api.tokenizer.Tokenizers;
import dev.basalt.runtime.assembly.Assembly;
import dev.basalt.runtime.data.ShardInspector;
import dev.basalt.runtime.train.TokenizerPreparation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code basalt data prepare|inspect}. */
@Command(name = "data", description = "Turn raw text into packed token shards, and look inside them.",
        subcommands = {DataCommand.Prepare.class, DataCommand.Inspect.class})
final class DataCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs the config's {@code data} section into {@code data.output-dir}: sources, stages, tokenization with the
     * run's tokenizer ({@code tokenizer.path}, or one trained by {@code tokenizer.type} and saved beside the shards).
     */
    @Command(name = "prepare", description = "Clean, filter, deduplicate and tokenize data.sources into shards.")
    static final class Prepare implements Runnable {

        @Mixin
        RunOptions run;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            Assembly assembly = run.assemble();
            Config config = assembly.config().resolved();
            if (!config.hasPath("data.output-dir")) {
                throw new BasaltException("data.engine = " + config.getString("data.engine")
                        + " has no data.output-dir; basalt data prepare writes the shards there.");
            }
            Path folder = Path.of(config.getString("data.output-dir"));
            PrintWriter out = spec.commandLine().getOut();
            try {
                Files.createDirectories(folder);
                Tokenizer tokenizer = new TokenizerPreparation(assembly, out).prepare(folder);
                DataEngine engine = assembly.component(ExtensionPoint.DATA_ENGINE);
                engine.prepare(config.getConfig("data"), assembly.components(ExtensionPoint.DATA_STAGE), tokenizer,
                        folder, out::println).close();
            } catch (IOException e) {
                throw new BasaltException("Cannot write " + folder + ": " + e.getMessage(), e);
            }
            out.println("shards:    " + folder + "  (look inside: basalt data inspect " + folder + ")");
        }
    }

    /** Prints the manifest's counts, length statistics per split and a few decoded documents. */
    @Command(name = "inspect", description = "Statistics and sample documents of prepared shards.")
    static final class Inspect implements Runnable {

        @Parameters(index = "0", paramLabel = "SHARDS", description = "A folder written by basalt data prepare.")
        Path folder;

        @Option(names = "--tokenizer", paramLabel = "FILE_OR_DIR",
                description = "Decodes the samples (default: the folder's tokenizer.json, else ids are printed).")
        Path tokenizer;

        @Option(names = "--samples", paramLabel = "N", description = "Sample documents per split (default: 3).")
        int samples = 3;

        @Option(names = "--verify", description = "Also check every shard's CRC-32.")
        boolean verify;

        @Mixin
        PluginOptions pluginOptions;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            OptionCheck.require(samples, samples >= 0, "--samples", "give 0 or more sample documents per split");
            pluginOptions.registry();
            Path saved = folder.resolve("tokenizer.json");
            Path file = tokenizer != null ? tokenizer : Files.isRegularFile(saved) ? saved : null;
            Tokenizer t = file != null ? Tokenizers.load(file) : null;
            ShardInspector.inspect(folder, t, file, samples, verify, spec.commandLine().getOut());
        }
    }
}
