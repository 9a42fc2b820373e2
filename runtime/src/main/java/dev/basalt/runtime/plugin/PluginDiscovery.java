package dev.basalt.runtime.plugin;

import dev.basalt.api.BasaltException;
import dev.basalt.api.BasaltPlugin;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds plugin descriptors on the class path and in plugin directories.
 *
 * <p>In a plugin directory, each jar lying directly in it gets a class loader of its own, and so does each
 * sub-folder, with every jar in that sub-folder (a plugin with its own third-party jars). Discovery reads the
 * jars and instantiates descriptors; it loads no native library.
 */
public final class PluginDiscovery {

    private PluginDiscovery() {
    }

    /** The directories searched when no {@code --plugins} is given: {@code ./plugins} and {@code ~/.basalt/plugins}. */
    public static List<Path> defaultDirectories() {
        return List.of(Path.of("plugins").toAbsolutePath(),
                Path.of(System.getProperty("user.home"), ".basalt", "plugins"));
    }

    /** Every plugin on the class path of {@code parent}, then every plugin in the given directories. */
    public static List<PluginSource> discover(ClassLoader parent, List<Path> directories) {
        List<PluginSource> found = new ArrayList<>(load(parent, parent, null));
        found.sort(java.util.Comparator.comparing(source -> source.plugin().name()));
        for (Path directory : directories) {
            if (Files.isDirectory(directory)) {
                for (Path unit : pluginUnits(directory)) {
                    found.addAll(loadUnit(parent, unit));
                }
            }
        }
        return found;
    }

    private static List<Path> pluginUnits(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> Files.isDirectory(p) || isJar(p)).sorted().toList();
        } catch (IOException e) {
            throw new BasaltException("Cannot list the plugin directory " + directory + ": " + e.getMessage(), e);
        }
    }

    private static List<PluginSource> loadUnit(ClassLoader parent, Path unit) {
        List<Path> jars;
        if (Files.isDirectory(unit)) {
            try (Stream<Path> entries = Files.list(unit)) {
                jars = entries.filter(PluginDiscovery::isJar).sorted().toList();
            } catch (IOException e) {
                throw new BasaltException("Cannot list the plugin folder " + unit + ": " + e.getMessage(), e);
            }
            if (jars.isEmpty()) {
                return List.of();
            }
        } else {
            jars = List.of(unit);
        }
        jars.forEach(PluginDiscovery::checkReadable);
        URL[] urls = jars.stream().map(PluginDiscovery::toUrl).toArray(URL[]::new);
        URLClassLoader loader = new URLClassLoader("basalt-plugin:" + unit.getFileName(), urls, parent);
        return load(parent, loader, unit);
    }

    /** Descriptors whose class was defined by {@code loader} itself, not by its parents. */
    private static List<PluginSource> load(ClassLoader parent, ClassLoader loader, Path unit) {
        List<PluginSource> found = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<BasaltPlugin> provider : ServiceLoader.load(BasaltPlugin.class, loader)
                    .stream().toList()) {
                Class<? extends BasaltPlugin> type = provider.type();
                boolean own = unit == null ? true : type.getClassLoader() == loader;
                if (own) {
                    found.add(new PluginSource(provider.get(), unit == null ? locationOf(type) : unit.toString(), loader));
                }
            }
        } catch (ServiceConfigurationError e) {
            String where = unit == null ? "the class path" : unit.toString();
            throw new BasaltException("A plugin in " + where + " cannot be loaded: " + rootMessage(e)
                    + ". Check its META-INF/services/" + BasaltPlugin.class.getName()
                    + " entry and that it was built against this Basalt api.", e);
        }
        return found;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t == e ? e.getMessage() : e.getMessage() + " (" + t + ")";
    }

    /** The jar or class folder a class was loaded from. */
    static String locationOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "the class path";
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (Exception e) {
            return source.getLocation().toString();
        }
    }

    private static boolean isJar(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
    }

    /** A jar the class loader cannot open would otherwise be skipped without a word. */
    private static void checkReadable(Path jar) {
        try (JarFile ignored = new JarFile(jar.toFile())) {
            // opening reads the central directory, which is what a damaged or non-jar file lacks
        } catch (IOException e) {
            throw new BasaltException("The plugin jar " + jar + " cannot be read (" + e.getMessage()
                    + "); replace it with a complete jar or remove it from the plugin folder.", e);
        }
    }

    private static URL toUrl(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new BasaltException("Cannot use the plugin jar " + path + ": " + e.getMessage(), e);
        }
    }
}
