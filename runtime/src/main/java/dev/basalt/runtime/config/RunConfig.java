package dev.basalt.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import dev.basalt.api.ConfigOrigins;
import dev.basalt.api.ExtensionPoint;

import java.util.List;
import java.util.Optional;

/**
 * A validated, fully resolved run configuration: the user's file and overrides over the defaults of the
 * runtime and of every selected component. Every key in it is known and has the right type.
 *
 * @param source   the user's file, for messages
 * @param resolved the resolved configuration, origins kept for {@code config show}
 */
public record RunConfig(String source, Config resolved) {

    /** The name selected for a single-choice extension point, if any. */
    public Optional<String> selection(ExtensionPoint<?> point) {
        String path = point.block() + "." + point.selectorKey();
        return resolved.hasPath(path) ? Optional.of(resolved.getString(path)) : Optional.empty();
    }

    /** Where the selection of a point was made, as {@code file:line}. */
    public String selectionOrigin(ExtensionPoint<?> point) {
        return ConfigOrigins.describe(resolved.getValue(point.block() + "." + point.selectorKey()).origin());
    }

    /** The configuration block of a single-choice point. */
    public Config block(ExtensionPoint<?> point) {
        return resolved.hasPath(point.block()) ? resolved.getConfig(point.block()) : com.typesafe.config.ConfigFactory.empty();
    }

    /** The elements of a repeated point's list, such as each stage of {@code data.stages}. */
    public List<Config> repeatedBlocks(ExtensionPoint<?> point) {
        if (!resolved.hasPath(point.block())) {
            return List.of();
        }
        return resolved.getList(point.block()).stream().map(v -> ((ConfigObject) v).toConfig()).toList();
    }

    /** Exposes a single value with its origin, for messages. */
    public ConfigValue value(String path) {
        return resolved.getValue(path);
    }
}
