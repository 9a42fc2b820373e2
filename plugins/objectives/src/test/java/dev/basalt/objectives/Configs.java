package dev.basalt.objectives;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** An objective's block as the runtime hands it over: the user's values over the plugin's defaults. */
final class Configs {

    private Configs() {
    }

    static Config block(String objective, String userValues) {
        Config defaults = ConfigFactory.parseResources(Configs.class.getClassLoader(), "reference.conf")
                .getConfig("basalt.objective." + objective);
        return ConfigFactory.parseString(userValues).withFallback(defaults).resolve();
    }
}
