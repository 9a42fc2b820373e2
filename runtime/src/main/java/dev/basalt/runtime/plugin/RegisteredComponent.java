package dev.basalt.runtime.plugin;

import dev.basalt.api.ComponentFactory;
import dev.basalt.api.ExtensionPoint;

/**
 * A component offered by a plugin.
 *
 * @param point   the extension point
 * @param name    the name users select it by
 * @param factory builds it when selected
 * @param source  the plugin that offered it
 */
public record RegisteredComponent(ExtensionPoint<?> point, String name, ComponentFactory<?> factory,
                                  PluginSource source) {
}
