package dev.basalt.runtime.cli;

import dev.basalt.api.ExtensionPoint;
import dev.basalt.runtime.assembly.Assembly;
import dev.basalt.runtime.config.ConfigPrinter;
import dev.basalt.runtime.config.RunConfig;
import dev.basalt.runtime.config.RunConfigLoader;
import dev.basalt.runtime.plugin.PluginRegistry;
import dev.basalt.runtime.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code basalt config show FILE}: every resolved value and where it came from. */
@Command(name = "config", description = "Inspect run configurations.", subcommands = ConfigCommand.Show.class)
final class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", description = {"Validate FILE and print every resolved value with the file:line it came from.",
            "The objective and architecture are built, so their own checks run as in train."})
    static final class Show implements Runnable {

        @Parameters(paramLabel = "FILE", description = "A run configuration (HOCON).")
        Path file;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one value (repeatable).")
        List<String> overrides = new ArrayList<>();

        @Mixin
        PluginOptions pluginOptions;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PluginRegistry registry = pluginOptions.registry();
            RunConfig config = new RunConfigLoader(registry).load(file, overrides);
            if (config.selection(ExtensionPoint.OBJECTIVE).isPresent()) {
                Trainer.checkedComponents(Assembly.of(registry, config));
            }
            ConfigPrinter.print(config, spec.commandLine().getOut());
            String initFrom = config.resolved().getString("model.init-from");
            if (!initFrom.isEmpty()) {
                spec.commandLine().getOut().println("# model.init-from is set: the model and its shape come from "
                        + initFrom + ", so the model.* defaults above are not used.");
                spec.commandLine().getOut().flush();
            }
        }
    }
}
