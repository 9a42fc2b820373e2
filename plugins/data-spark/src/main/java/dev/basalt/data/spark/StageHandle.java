package dev.basalt.data.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import dev.basalt.api.BasaltException;
import dev.basalt.api.data.DataStage;
import dev.basalt.data.stage.Stages;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a Spark task finds the run's stages. In the driver's JVM (local mode) it gets the very instances the
 * engine was given, so stage reports add up where the manifest is written. An executor in another JVM rebuilds
 * them once from their {@code data.stages} blocks, which it can for the stages of the data-stages plugin.
 */
final class StageHandle implements Serializable, AutoCloseable {

    private static final Map<String, List<DataStage>> GIVEN = new ConcurrentHashMap<>();
    private static final Map<String, List<DataStage>> REBUILT = new ConcurrentHashMap<>();

    private final String run = UUID.randomUUID().toString();
    private final List<String> blocks;
    private final int count;

    StageHandle(List<DataStage> stages, List<? extends Config> blocks) {
        this.blocks = blocks.stream().map(block -> block.root().render(ConfigRenderOptions.concise())).toList();
        this.count = stages.size();
        GIVEN.put(run, List.copyOf(stages));
    }

    List<DataStage> stages() {
        List<DataStage> given = GIVEN.get(run);
        return given != null ? given : REBUILT.computeIfAbsent(run, r -> rebuild());
    }

    <T extends DataStage> T stage(int index, Class<T> type) {
        return type.cast(stages().get(index));
    }

    private List<DataStage> rebuild() {
        if (blocks.size() != count) {
            throw new BasaltException("A Spark executor in another JVM rebuilds the stages from data.stages, but the "
                    + "engine was given " + count + " stages for " + blocks.size() + " blocks; use master = \"local[*]\".");
        }
        try {
            return Stages.buildAll(blocks.stream().map(ConfigFactory::parseString).toList());
        } catch (BasaltException e) {
            throw new BasaltException("A Spark executor in another JVM rebuilds the stages from data.stages and can do "
                    + "so only for the data-stages plugin's stages: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        GIVEN.remove(run);
    }
}
