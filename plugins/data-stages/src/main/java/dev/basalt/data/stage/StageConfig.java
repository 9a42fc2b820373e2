package dev.basalt.data.stage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.basalt.api.BasaltException;

import java.util.function.Function;

/** Reads a stage's settings, turning configuration mistakes into one clear {@link BasaltException}. */
final class StageConfig {

    private StageConfig() {
    }

    static <T> T read(String stage, Config config, Function<Config, T> reader) {
        try {
            return reader.apply(config);
        } catch (ConfigException e) {
            throw new BasaltException("data.stages: the " + stage + " stage has a bad setting: " + e.getMessage(), e);
        }
    }

    static double fraction(String stage, Config config, String key) {
        double value = config.getDouble(key);
        if (!(value >= 0 && value <= 1)) {
            throw new BasaltException("data.stages: " + stage + "." + key + " = " + value + " must be between 0 and 1.");
        }
        return value;
    }

    static int positive(String stage, Config config, String key) {
        int value = config.getInt(key);
        if (value < 1) {
            throw new BasaltException("data.stages: " + stage + "." + key + " = " + value + " must be at least 1.");
        }
        return value;
    }
}
