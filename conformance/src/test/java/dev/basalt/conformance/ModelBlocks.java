package dev.basalt.conformance;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;

/** An architecture's {@code model} block as a run resolves it: what the user wrote over the plugin's defaults. */
public final class ModelBlocks {

    private ModelBlocks() {
    }

    /** {@code text} as written in {@code run.conf} (the origin messages name) over the architecture's defaults. */
    public static Config written(String architecture, String text) {
        return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription("run.conf"))
                .withFallback(defaults(architecture));
    }

    /** The model block of the plugin's {@code presets/NAME.conf} over the architecture's defaults. */
    public static Config preset(String architecture, String name) {
        return ConfigFactory.parseResources("presets/" + name + ".conf").getConfig("model")
                .withFallback(defaults(architecture));
    }

    private static Config defaults(String architecture) {
        return ConfigFactory.parseResources("reference.conf").getConfig("basalt.architecture." + architecture);
    }
}
