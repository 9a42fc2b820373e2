package dev.basalt.data.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ExtensionPoint;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Where and how Spark runs, from the {@code data} block over the defaults in {@code basalt.data-engine.spark}.
 *
 * @param master     Spark master URL
 * @param appName    application name
 * @param partitions partitions of the corpus, 0 for two per core
 * @param ui         whether Spark's web UI runs
 * @param logLevel   Spark's log level
 */
record SparkSettings(String master, String appName, int partitions, boolean ui, String logLevel) {

    private static final Set<String> LOG_LEVELS = Set.of("ALL", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF");

    static SparkSettings fromConfig(Config data) {
        Config config = data.withFallback(defaults("spark"));
        try {
            int partitions = config.getInt("partitions");
            if (partitions < 0) {
                throw new BasaltException("data.partitions = " + partitions + " must be 0 (two per core) or more.");
            }
            String level = config.getString("log-level");
            if (!LOG_LEVELS.contains(level)) {
                throw new BasaltException("data.log-level = \"" + level + "\" is not one of " + LOG_LEVELS + ".");
            }
            return new SparkSettings(config.getString("master"), config.getString("app-name"), partitions,
                    config.getBoolean("ui"), level);
        } catch (ConfigException e) {
            throw new BasaltException("data: " + e.getMessage(), e);
        }
    }

    /**
     * The {@code data} block without this engine's own keys, which decide where the run happens but not what it
     * writes: the in-process pipeline hashes the rest into the manifest.
     */
    static Config withoutSparkKeys(Config data) {
        Set<String> own = new LinkedHashSet<>(defaults("spark").root().keySet());
        own.removeAll(defaults("local").root().keySet());
        Config rest = data;
        for (String key : own) {
            rest = rest.withoutPath(key);
        }
        return rest;
    }

    private static Config defaults(String engine) {
        return ConfigFactory.defaultReference(SparkSettings.class.getClassLoader())
                .getConfig(ExtensionPoint.DATA_ENGINE.defaultsPath(engine));
    }
}
