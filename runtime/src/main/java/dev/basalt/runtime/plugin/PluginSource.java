package dev.basalt.runtime.plugin;

import dev.basalt.api.BasaltPlugin;

/**
 * A discovered plugin descriptor and where it came from.
 *
 * @param plugin   the descriptor
 * @param location the jar or folder holding it, as shown to users
 * @param loader   the class loader its classes and {@code reference.conf} come from
 */
public record PluginSource(BasaltPlugin plugin, String location, ClassLoader loader) {
}
