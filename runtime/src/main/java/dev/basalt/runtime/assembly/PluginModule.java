package dev.basalt.runtime.assembly;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.name.Names;
import dev.basalt.api.ComponentFactory;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.runtime.plugin.RegisteredComponent;

import java.util.List;

/**
 * The Guice module of one plugin: adds each of its component factories to the map of its extension point. A
 * factory is cheap to hold; only the one the configuration selects is ever asked to build its component.
 */
final class PluginModule extends AbstractModule {

    static final TypeLiteral<ComponentFactory<?>> FACTORY = new TypeLiteral<>() {
    };

    private final List<RegisteredComponent> components;

    PluginModule(List<RegisteredComponent> components) {
        this.components = components;
    }

    @Override
    protected void configure() {
        for (ExtensionPoint<?> point : ExtensionPoint.ALL) {
            factories(point);
        }
        for (RegisteredComponent component : components) {
            factories(component.point()).addBinding(component.name()).toInstance(component.factory());
        }
    }

    private MapBinder<String, ComponentFactory<?>> factories(ExtensionPoint<?> point) {
        return MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {
        }, FACTORY, Names.named(point.id()));
    }
}
