package dev.basalt.runtime.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Lists the presets ({@code presets/*.conf}) that plugin jars and class folders ship, for messages. */
final class PresetCatalog {

    private static final String FOLDER = "presets/";

    private PresetCatalog() {
    }

    static List<String> list(ClassLoader resources) {
        TreeSet<String> names = new TreeSet<>();
        try {
            for (URL url : Collections.list(resources.getResources(FOLDER))) {
                if (url.getProtocol().equals("jar")) {
                    names.addAll(inJar(url));
                } else if (url.getProtocol().equals("file")) {
                    names.addAll(inFolder(Path.of(url.toURI())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return List.copyOf(names);
    }

    private static List<String> inJar(URL url) throws IOException {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            return jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(FOLDER) && n.endsWith(".conf")).toList();
        }
    }

    private static List<String> inFolder(Path presets) throws IOException {
        try (Stream<Path> files = Files.walk(presets)) {
            return files.filter(p -> p.toString().endsWith(".conf"))
                    .map(p -> FOLDER + presets.relativize(p).toString().replace('\\', '/')).toList();
        }
    }
}
