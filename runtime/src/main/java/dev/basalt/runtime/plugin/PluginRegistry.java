package dev.basalt.runtime.plugin;

import dev.basalt.api.ApiVersion;
import dev.basalt.api.BasaltException;
import dev.basalt.api.BasaltPlugin;
import dev.basalt.api.ComponentFactory;
import dev.basalt.api.Contributions;
import dev.basalt.api.ExtensionPoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The validated set of plugins of one Basalt process and the components they offer, by extension point.
 *
 * <p>Refuses, each with one message: an invalid name, a plugin built against another api major version, two
 * plugins with the same name, and two components with the same name for the same extension point.
 */
public final class PluginRegistry {

    private final List<PluginSource> plugins;
    private final Map<ExtensionPoint<?>, Map<String, RegisteredComponent>> components;

    private PluginRegistry(List<PluginSource> plugins, Map<ExtensionPoint<?>, Map<String, RegisteredComponent>> components) {
        this.plugins = plugins;
        this.components = components;
    }

    /** Discovers plugins on the class path and in the given directories, and validates them. */
    public static PluginRegistry discover(List<Path> pluginDirectories) {
        return of(PluginDiscovery.discover(PluginRegistry.class.getClassLoader(), pluginDirectories));
    }

    /** Validates the given plugins and collects their contributions. */
    public static PluginRegistry of(List<PluginSource> sources) {
        Map<String, PluginSource> byName = new LinkedHashMap<>();
        Map<ExtensionPoint<?>, Map<String, RegisteredComponent>> components = new LinkedHashMap<>();
        for (ExtensionPoint<?> point : ExtensionPoint.ALL) {
            components.put(point, new TreeMap<>());
        }
        for (PluginSource source : sources) {
            BasaltPlugin plugin = source.plugin();
            NameRules.check(plugin.name(), "plugin", source.location());
            checkApiVersion(source);
            PluginSource previous = byName.putIfAbsent(plugin.name(), source);
            if (previous != null) {
                throw new BasaltException("Two plugins are both named '" + plugin.name() + "': one in "
                        + previous.location() + " and one in " + source.location()
                        + ". Remove one of these jars (perhaps an older copy) from the class path or plugin directory.");
            }
            plugin.contribute(new Collector(source, components));
        }
        Map<ExtensionPoint<?>, Map<String, RegisteredComponent>> frozen = new LinkedHashMap<>();
        components.forEach((point, named) -> frozen.put(point, Collections.unmodifiableMap(named)));
        return new PluginRegistry(List.copyOf(byName.values()), Collections.unmodifiableMap(frozen));
    }

    private static void checkApiVersion(PluginSource source) {
        int theirs = source.plugin().apiMajor();
        if (theirs != ApiVersion.MAJOR) {
            throw new BasaltException("The plugin '" + source.plugin().name() + "' in " + source.location()
                    + " was compiled against Basalt api version " + theirs + ", but this Basalt has api version "
                    + ApiVersion.MAJOR + ". Use a build of the plugin made for api version " + ApiVersion.MAJOR + ".");
        }
    }

    /** Every plugin, class path ones first. */
    public List<PluginSource> plugins() {
        return plugins;
    }

    /** The components offered for one extension point, sorted by name. */
    public Map<String, RegisteredComponent> components(ExtensionPoint<?> point) {
        return components.get(point);
    }

    /** One component, if some plugin offers it. */
    public Optional<RegisteredComponent> component(ExtensionPoint<?> point, String name) {
        return Optional.ofNullable(components.get(point).get(name));
    }

    /** Every component a plugin offers, in the order of {@link ExtensionPoint#ALL}. */
    public List<RegisteredComponent> componentsOf(PluginSource source) {
        List<RegisteredComponent> result = new ArrayList<>();
        for (Map<String, RegisteredComponent> named : components.values()) {
            named.values().stream().filter(c -> c.source() == source).forEach(result::add);
        }
        return result;
    }

    /** The class loaders of all plugins, for reading their resources ({@code reference.conf}, presets). */
    public List<ClassLoader> loaders() {
        return plugins.stream().map(PluginSource::loader).distinct().toList();
    }

    private record Collector(PluginSource source, Map<ExtensionPoint<?>, Map<String, RegisteredComponent>> components)
            implements Contributions {

        @Override
        public <T> void add(ExtensionPoint<T> point, String name, ComponentFactory<? extends T> factory) {
            NameRules.check(name, point.id(), source.location());
            Map<String, RegisteredComponent> named = components.get(point);
            if (named == null) {
                throw new BasaltException("The plugin '" + source.plugin().name() + "' in " + source.location()
                        + " contributes to an unknown extension point '" + point.id() + "'.");
            }
            RegisteredComponent previous = named.putIfAbsent(name, new RegisteredComponent(point, name, factory, source));
            if (previous != null) {
                throw new BasaltException("Two plugins both offer the " + point.id() + " '" + name + "': '"
                        + previous.source().plugin().name() + "' in " + previous.source().location() + " and '"
                        + source.plugin().name() + "' in " + source.location() + ". Remove one of these jars.");
            }
        }
    }
}
