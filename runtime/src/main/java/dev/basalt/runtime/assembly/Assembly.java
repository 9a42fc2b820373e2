package dev.basalt.runtime.assembly;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.name.Names;
import com.google.inject.util.Types;
import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ComponentContext;
import dev.basalt.api.ComponentFactory;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.runtime.config.RunConfig;
import dev.basalt.runtime.plugin.PluginRegistry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The components of one run, wired by Guice from every plugin's module and built lazily: asking for an extension
 * point builds the component the configuration selects for it, once, and nothing else. The selected component
 * of each single-choice point is also bound under its interface, so Guice-aware code can inject it.
 */
public final class Assembly {

    private final PluginRegistry registry;
    private final RunConfig config;
    private final Injector injector;
    private final Map<ExtensionPoint<?>, Object> built = new ConcurrentHashMap<>();
    private final Set<ExtensionPoint<?>> building = new HashSet<>();

    private Assembly(PluginRegistry registry, RunConfig config) {
        this.registry = registry;
        this.config = config;
        List<Module> modules = new ArrayList<>();
        for (var plugin : registry.plugins()) {
            modules.add(new PluginModule(registry.componentsOf(plugin)));
        }
        modules.add(new SelectionModule());
        this.injector = Guice.createInjector(Stage.DEVELOPMENT, modules);
    }

    /** Wires the plugins of a registry for a validated run configuration. Builds no component yet. */
    public static Assembly of(PluginRegistry registry, RunConfig config) {
        return new Assembly(registry, config);
    }

    public RunConfig config() {
        return config;
    }

    /** The plugins this run was assembled from. */
    public PluginRegistry registry() {
        return registry;
    }

    /** The Guice injector, for code that prefers {@code @Inject Backend backend}. */
    public Injector injector() {
        return injector;
    }

    /** The selected component of a single-choice extension point, built on first request. */
    public synchronized <T> T component(ExtensionPoint<T> point) {
        if (point.repeated()) {
            throw new IllegalArgumentException(point.id() + " is a list; use components()");
        }
        Object existing = built.get(point);
        if (existing != null) {
            return point.type().cast(existing);
        }
        String name = config.selection(point).orElseThrow(() -> new BasaltException(
                "This run needs a " + point.id() + " but the config sets no " + point.selectorPath() + "."));
        if (!building.add(point)) {
            throw new BasaltException("The " + point.id() + " '" + name + "' needs itself while being built.");
        }
        try {
            T component = build(point, name, config.block(point));
            built.put(point, component);
            return component;
        } finally {
            building.remove(point);
        }
    }

    /** Every element of a repeated extension point, such as the stages of {@code data.stages}, in order. */
    public <T> List<T> components(ExtensionPoint<T> point) {
        List<T> result = new ArrayList<>();
        for (Config block : config.repeatedBlocks(point)) {
            result.add(build(point, block.getString(point.selectorKey()), block));
        }
        return result;
    }

    private <T> T build(ExtensionPoint<T> point, String name, Config block) {
        ComponentFactory<?> factory = factories(point).get(name);
        if (factory == null) {
            throw new BasaltException(point.selectorPath() + " = \"" + name + "\" is not a known " + point.id() + ".");
        }
        Object component = factory.create(new Context(name, block));
        if (!point.type().isInstance(component)) {
            throw new BasaltException("The " + point.id() + " '" + name + "' built a " + component.getClass().getName()
                    + ", which is not a " + point.type().getName() + ".");
        }
        return point.type().cast(component);
    }

    @SuppressWarnings("unchecked")
    private Map<String, ComponentFactory<?>> factories(ExtensionPoint<?> point) {
        TypeLiteral<?> mapType = TypeLiteral.get(Types.mapOf(String.class, PluginModule.FACTORY.getType()));
        return (Map<String, ComponentFactory<?>>) injector.getInstance(Key.get(mapType, Names.named(point.id())));
    }

    private final class Context implements ComponentContext {
        private final String name;
        private final Config block;

        Context(String name, Config block) {
            this.name = name;
            this.block = block;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Config config() {
            return block;
        }

        @Override
        public <T> T component(ExtensionPoint<T> point) {
            return Assembly.this.component(point);
        }
    }

    /** Binds each single-choice interface ({@code Backend}, {@code Architecture}, ...) to the selected component. */
    private final class SelectionModule extends AbstractModule {
        @Override
        protected void configure() {
            for (ExtensionPoint<?> point : ExtensionPoint.ALL) {
                if (!point.repeated()) {
                    bindSelected(point);
                }
            }
        }

        private <T> void bindSelected(ExtensionPoint<T> point) {
            bind(point.type()).toProvider(() -> component(point));
        }
    }
}
