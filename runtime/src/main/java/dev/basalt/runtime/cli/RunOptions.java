package dev.basalt.runtime.cli;

import dev.basalt.runtime.assembly.Assembly;
import dev.basalt.runtime.config.RunConfig;
import dev.basalt.runtime.config.RunConfigLoader;
import dev.basalt.runtime.plugin.PluginRegistry;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A run configuration file plus {@code --set} overrides and {@code --plugins}: what every run command takes. */
final class RunOptions {

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The run configuration (HOCON).")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one value (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Mixin
    PluginOptions pluginOptions;

    Assembly assemble() {
        PluginRegistry registry = pluginOptions.registry();
        RunConfig config = new RunConfigLoader(registry).load(file, overrides);
        return Assembly.of(registry, config);
    }
}
