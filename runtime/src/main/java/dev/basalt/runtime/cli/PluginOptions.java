package dev.basalt.runtime.cli;

import dev.basalt.api.BasaltException;
import dev.basalt.runtime.config.ResourceUnionLoader;
import dev.basalt.runtime.plugin.PluginDiscovery;
import dev.basalt.runtime.plugin.PluginRegistry;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code --plugins DIR} option shared by every command that loads plugins. */
final class PluginOptions {

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Load plugin jars from DIR (repeatable); DIR must exist. Without this option: the folders"
                    + " 'plugins' in the working directory and '~/.basalt/plugins', where they exist.")
    List<Path> directories = new ArrayList<>();

    /** The folders named by {@code --plugins}, each of which must exist, else the default ones. */
    List<Path> effectiveDirectories() {
        if (directories.isEmpty()) {
            return PluginDiscovery.defaultDirectories();
        }
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                throw new BasaltException("--plugins " + directory + (Files.exists(directory) ? " is not a folder"
                        : " does not exist") + "; give a folder of plugin jars, or leave the option out to use"
                        + " ./plugins and ~/.basalt/plugins.");
            }
        }
        return directories;
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
