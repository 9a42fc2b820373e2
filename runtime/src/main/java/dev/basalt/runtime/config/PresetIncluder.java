package dev.basalt.runtime.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigParseable;
import dev.basalt.api.BasaltException;

import java.util.List;

/**
 * Resolves {@code include "x.conf"}: first next to the including file, then as a preset shipped in a plugin jar.
 * A name found in neither place is an error that lists the presets there are, instead of Typesafe Config's
 * default of silently including nothing.
 */
final class PresetIncluder implements ConfigIncluder {

    private final ClassLoader resources;
    private final List<String> presets;

    PresetIncluder(ClassLoader resources, List<String> presets) {
        this.resources = resources;
        this.presets = presets;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        ConfigParseOptions options = context.parseOptions().setAllowMissing(true);
        ConfigParseable relative = context.relativeTo(what);
        if (relative != null) {
            ConfigObject found = relative.parse(options);
            if (!found.isEmpty()) {
                return found;
            }
        }
        ConfigObject preset = ConfigFactory.parseResourcesAnySyntax(resources, what, options.setClassLoader(resources)).root();
        if (!preset.isEmpty()) {
            return preset;
        }
        throw new BasaltException("include \"" + what + "\" was not found next to the including file nor as a preset"
                + " in any plugin. Presets available: " + (presets.isEmpty() ? "none" : String.join(", ", presets)));
    }
}
