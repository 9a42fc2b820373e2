package dev.basalt.runtime.cli;

import dev.basalt.runtime.plugin.PluginDiscovery;
import dev.basalt.runtime.plugin.PluginRegistry;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code --plugins DIR} option shared by every command that loads plugins. */
final class PluginOptions {

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Load plugin jars from DIR (repeatable). Default: ./plugins and ~/.basalt/plugins.")
    List<Path> directories = new ArrayList<>();

    List<Path> effectiveDirectories() {
        return directories.isEmpty() ? PluginDiscovery.defaultDirectories() : directories;
    }

    PluginRegistry registry() {
        return PluginRegistry.discover(effectiveDirectories());
    }
}
