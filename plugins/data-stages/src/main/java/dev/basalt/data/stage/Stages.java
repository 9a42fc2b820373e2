package dev.basalt.data.stage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.data.DataStage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The stages of this plugin by name, and a way to build them from {@code data.stages} blocks without the
 * runtime (for tests, benchmarks and embedding): user keys over this plugin's {@code reference.conf}
 * defaults, unknown keys rejected as the runtime would.
 */
public final class Stages {

    /** Stage factories by their {@code type} name, from configuration blocks with defaults applied. */
    public static final Map<String, Function<Config, DataStage>> FACTORIES = factories();

    private Stages() {
    }

    private static Map<String, Function<Config, DataStage>> factories() {
        Map<String, Function<Config, DataStage>> map = new LinkedHashMap<>();
        map.put(CleanHtmlStage.NAME, CleanHtmlStage::fromConfig);
        map.put(NormalizeStage.NAME, NormalizeStage::fromConfig);
        map.put(QualityFilterStage.NAME, QualityFilterStage::fromConfig);
        map.put(LanguageFilterStage.NAME, LanguageFilterStage::fromConfig);
        map.put(ExactDedupStage.NAME, ExactDedupStage::fromConfig);
        map.put(MinHashDedupStage.NAME, MinHashDedupStage::fromConfig);
        map.put(DecontaminateStage.NAME, DecontaminateStage::fromConfig);
        return Map.copyOf(map);
    }

    /** Builds one stage from a block such as {@code { type = quality-filter, min-words = 20 }}. */
    public static DataStage build(Config block) {
        String type = block.hasPath("type") ? block.getString("type") : "";
        Function<Config, DataStage> factory = FACTORIES.get(type);
        if (factory == null) {
            throw new BasaltException("data.stages[*].type = \"" + type + "\" is not a stage of the data-stages plugin; "
                    + "known: " + FACTORIES.keySet() + ".");
        }
        Config defaults = defaults(type);
        for (String key : block.withoutPath("type").root().keySet()) {
            if (!defaults.hasPath(key)) {
                throw new BasaltException("data.stages: " + type + " has no setting \"" + key + "\"; its settings are "
                        + defaults.root().keySet() + ".");
            }
        }
        return factory.apply(block.withoutPath("type").withFallback(defaults));
    }

    /** Builds every stage of a list of blocks, in order. */
    public static List<DataStage> buildAll(List<? extends Config> blocks) {
        List<DataStage> stages = new ArrayList<>();
        blocks.forEach(block -> stages.add(build(block)));
        return stages;
    }

    /** A stage's defaults from {@code reference.conf}. */
    public static Config defaults(String type) {
        return ConfigFactory.defaultReference(Stages.class.getClassLoader())
                .getConfig(ExtensionPoint.DATA_STAGE.defaultsPath(type));
    }
}
