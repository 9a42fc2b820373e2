package dev.basalt.runtime.assembly;

import com.typesafe.config.ConfigFactory;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.objective.Objective;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;
import dev.basalt.api.model.Architecture;
import dev.basalt.runtime.TestPlugins;
import dev.basalt.runtime.config.RunConfig;
import dev.basalt.runtime.config.RunConfigLoader;
import dev.basalt.runtime.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AssemblyTest {

    private final PluginRegistry registry = TestPlugins.toyRegistry();

    private Assembly assemble(String hocon) {
        RunConfig config = new RunConfigLoader(registry).fromUserConfig("test", ConfigFactory.parseString(hocon));
        return Assembly.of(registry, config);
    }

    @Test
    void onlyTheSelectedComponentIsBuiltAndOnlyOnce() {
        int decoders = TestPlugins.DECODERS_BUILT.get();
        int encoders = TestPlugins.ENCODERS_BUILT.get();
        Assembly assembly = assemble("model { architecture = toy-decoder, layers = 4 }");
        assertEquals(decoders, TestPlugins.DECODERS_BUILT.get(), "nothing is built before it is asked for");

        Architecture first = assembly.component(ExtensionPoint.ARCHITECTURE);
        Architecture second = assembly.injector().getInstance(Architecture.class);
        assertSame(first, second);
        assertEquals(4, ((TestPlugins.ToyArchitecture) first).layers());
        assertEquals(decoders + 1, TestPlugins.DECODERS_BUILT.get());
        assertEquals(encoders, TestPlugins.ENCODERS_BUILT.get(), "the unselected architecture is never built");
    }

    @Test
    void selectedInterfacesAreInjectable() {
        Assembly assembly = assemble("objective.type = toy-objective");
        assertInstanceOf(TestPlugins.ToyObjective.class, assembly.injector().getInstance(Objective.class));
    }

    @Test
    void repeatedStagesAreBuiltInOrderWithTheirOwnSettings() {
        Assembly assembly = assemble("data.stages = [ { type = min-length, chars = 3 }, { type = min-length } ]");
        List<DataStage> stages = assembly.components(ExtensionPoint.DATA_STAGE);
        Document doc = new Document("d1", "test", "abcde");
        assertInstanceOf(StageResult.Kept.class, stages.get(0).apply(doc));
        assertInstanceOf(StageResult.Removed.class, stages.get(1).apply(doc));
    }

    @Test
    void aPointWithoutSelectionSaysWhichKeyToSet() {
        Assembly assembly = assemble("training.steps = 1");
        BasaltException e = assertThrows(BasaltException.class, () -> assembly.component(ExtensionPoint.ARCHITECTURE));
        assertTrue(e.getMessage().contains("model.architecture"), e.getMessage());
    }
}
