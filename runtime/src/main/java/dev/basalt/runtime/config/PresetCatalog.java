package dev.basalt.runtime.config;

import dev.basalt.runtime.plugin.PluginSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Lists the presets ({@code presets/*.conf}) that plugin jars and class folders ship, for messages. */
final class PresetCatalog {

    private static final String FOLDER = "presets/";

    private PresetCatalog() {
    }

    static List<String> list(List<PluginSource> plugins) {
        TreeSet<String> names = new TreeSet<>();
        for (PluginSource plugin : plugins) {
            Path location = Path.of(plugin.location());
            if (Files.isRegularFile(location)) {
                names.addAll(inJar(location));
            } else if (Files.isDirectory(location)) {
                names.addAll(inFolder(location));
            }
        }
        return List.copyOf(names);
    }

    private static List<String> inJar(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith(FOLDER) && n.endsWith(".conf")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<String> inFolder(Path folder) {
        Path presets = folder.resolve(FOLDER);
        if (!Files.isDirectory(presets)) {
            // a plugin folder from a plugin directory: look inside its jars
            try (Stream<Path> jars = Files.list(folder)) {
                return jars.filter(p -> p.toString().endsWith(".jar")).flatMap(j -> inJar(j).stream()).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (Stream<Path> files = Files.walk(presets)) {
            return files.filter(p -> p.toString().endsWith(".conf"))
                    .map(p -> folder.relativize(p).toString().replace('\\', '/')).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
