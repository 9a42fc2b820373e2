package dev.basalt.runtime.cli;

import dev.basalt.runtime.config.ResourceUnionLoader;
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

    /**
     * The installed plugins. Their services also become visible to {@link java.util.ServiceLoader} lookups through
     * this thread's context class loader, such as the tokenizer loaders behind {@code Tokenizers.load}.
     */
    PluginRegistry registry() {
        PluginRegistry registry = PluginRegistry.discover(effectiveDirectories());
        Thread.currentThread().setContextClassLoader(new ResourceUnionLoader(registry.loaders()));
        return registry;
    }
}
