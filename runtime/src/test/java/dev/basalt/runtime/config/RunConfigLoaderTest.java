package dev.basalt.runtime.config;

import dev.basalt.api.BasaltException;
import dev.basalt.api.ConfigOrigins;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.runtime.TestPlugins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunConfigLoaderTest {

    @TempDir
    Path dir;

    private final RunConfigLoader loader = new RunConfigLoader(TestPlugins.toyRegistry());

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private BasaltException failure(String text) throws IOException {
        Path file = write("run.conf", text);
        return assertThrows(BasaltException.class, () -> loader.load(file, List.of()));
    }

    @Test
    void layersUserValuesOverComponentDefaultsOverSections() throws IOException {
        RunConfig config = loader.load(write("run.conf", """
                model {
                  architecture = toy-decoder
                  width = 32
                }
                training.steps = 7
                """), List.of());
        assertEquals(32, config.resolved().getInt("model.width"));
        assertEquals(2, config.resolved().getInt("model.layers"));        // the component's reference.conf
        assertEquals(1e-5, config.resolved().getDouble("model.norm.eps"));
        assertEquals(7, config.resolved().getInt("training.steps"));
        assertEquals(12, config.resolved().getInt("training.batch"));     // the runtime's sections
        assertEquals("toy-decoder", config.selection(ExtensionPoint.ARCHITECTURE).orElseThrow());
        assertTrue(config.selectionOrigin(ExtensionPoint.ARCHITECTURE).endsWith("run.conf:2"),
                config.selectionOrigin(ExtensionPoint.ARCHITECTURE));
    }

    @Test
    void aValueOutOfItsRangeNamesFileLineAndTheRange() throws IOException {
        BasaltException steps = failure("training {\n  steps = -5\n}\n");
        assertTrue(steps.getMessage().contains("run.conf:2: 'training.steps' = -5 is out of range; it must be at least 1."),
                steps.getMessage());
        BasaltException lr = failure("training.lr = 0\n");
        assertTrue(lr.getMessage().contains("'training.lr' = 0 is out of range; it must be more than 0."),
                lr.getMessage());
        BasaltException topP = failure("generation.top-p = 1.5\n");
        assertTrue(topP.getMessage().contains("it must be more than 0 and at most 1."), topP.getMessage());
        BasaltException fromFlag = assertThrows(BasaltException.class,
                () -> loader.load(write("ok.conf", "training.steps = 5\n"), List.of("training.beta2=1")));
        assertTrue(fromFlag.getMessage().startsWith("--set training.beta2=1: 'training.beta2' = 1 is out of range"),
                fromFlag.getMessage());
    }

    @Test
    void rangeBoundsIncludeOrExcludeAsWritten() {
        assertTrue(RangeRules.contains("[1, inf)", 1));
        assertFalse(RangeRules.contains("[1, inf)", 0.999));
        assertFalse(RangeRules.contains("(0, 1]", 0));
        assertTrue(RangeRules.contains("(0, 1]", 1));
        assertFalse(RangeRules.contains("[0, 1)", 1));
        assertFalse(RangeRules.contains("[0, inf)", Double.NaN));
    }

    @Test
    void aMisspeltKeyNamesFileLineAndTheClosestKey() throws IOException {
        BasaltException e = failure("""
                model {
                  architecture = toy-decoder
                  layerz = 3
                }
                """);
        assertTrue(e.getMessage().contains("run.conf:3"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'model.layerz'"), e.getMessage());
        assertTrue(e.getMessage().contains("Did you mean 'model.layers'?"), e.getMessage());
    }

    @Test
    void aMisspeltNestedKeyIsFoundToo() throws IOException {
        BasaltException e = failure("model { architecture = toy-decoder, norm { epz = 1e-6 } }\n");
        assertTrue(e.getMessage().contains("run.conf:1"), e.getMessage());
        assertTrue(e.getMessage().contains("Did you mean 'model.norm.eps'?"), e.getMessage());
    }

    @Test
    void keysOfAnotherComponentAreUnknown() throws IOException {
        BasaltException e = failure("model { architecture = toy-encoder, width = 8 }\n");
        assertTrue(e.getMessage().contains("unknown key 'model.width'"), e.getMessage());
        assertTrue(e.getMessage().contains("architecture, init-from, layers"), e.getMessage());
    }

    @Test
    void aMisspeltTopLevelSectionIsReported() throws IOException {
        BasaltException e = failure("\n\ntrainig.steps = 3\n");
        assertTrue(e.getMessage().contains("run.conf:3"), e.getMessage());
        assertTrue(e.getMessage().contains("Did you mean 'training'?"), e.getMessage());
    }

    @Test
    void aValueOfTheWrongTypeNamesFileLineAndTheExpectedType() throws IOException {
        BasaltException e = failure("model {\n  architecture = toy-decoder\n  layers = many\n}\n");
        assertTrue(e.getMessage().contains("run.conf:3"), e.getMessage());
        assertTrue(e.getMessage().contains("'model.layers' must be a number"), e.getMessage());
        BasaltException list = failure("data.sources = \"corpus.txt\"\n");
        assertTrue(list.getMessage().contains("'data.sources' must be a list"), list.getMessage());
        BasaltException flag = failure("objective { type = toy-objective, enabled = 3 }\n");
        assertTrue(flag.getMessage().contains("must be true or false"), flag.getMessage());
    }

    @Test
    void lenientScalarsAreAccepted() throws IOException {
        RunConfig config = loader.load(write("run.conf",
                "objective { type = toy-objective, rate = \"0.3\", enabled = yes }\nrun.name = 42\n"), List.of());
        assertEquals(0.3, config.resolved().getDouble("objective.rate"));
        assertTrue(config.resolved().getBoolean("objective.enabled"));
    }

    @Test
    void anUnknownComponentListsTheKnownOnes() throws IOException {
        BasaltException e = failure("model.architecture = toy-decodr\n");
        assertTrue(e.getMessage().contains("run.conf:1"), e.getMessage());
        assertTrue(e.getMessage().contains("\"toy-decodr\" is not a known architecture"), e.getMessage());
        assertTrue(e.getMessage().contains("Did you mean 'toy-decoder'?"), e.getMessage());
        assertTrue(e.getMessage().contains("toy-decoder (from toys.jar), toy-encoder (from toys.jar)"), e.getMessage());
    }

    @Test
    void aDefaultSelectionThatIsNotInstalledLeavesThePointUnselected() throws IOException {
        // the runtime's sections default to model.architecture = gpt, which the toy registry lacks
        RunConfig config = loader.load(write("run.conf", "training.steps = 1\n"), List.of());
        assertFalse(config.selection(ExtensionPoint.ARCHITECTURE).isPresent());
    }

    @Test
    void presetsAreIncludedFromPluginsAndOverridden() throws IOException {
        RunConfig config = loader.load(write("run.conf", """
                include "presets/toy-small.conf"
                model.width = 64
                """), List.of());
        assertEquals(3, config.resolved().getInt("model.layers"));
        assertEquals(64, config.resolved().getInt("model.width"));
        String origin = ConfigOrigins.describe(config.value("model.layers").origin());
        assertTrue(origin.contains("presets/toy-small.conf:3"), origin);
    }

    @Test
    void filesNextToTheConfigAreIncludedBeforePresets() throws IOException {
        write("base.conf", "model { architecture = toy-decoder, layers = 5 }\n");
        RunConfig config = loader.load(write("run.conf", "include \"base.conf\"\n"), List.of());
        assertEquals(5, config.resolved().getInt("model.layers"));
    }

    @Test
    void aMissingIncludeIsAnErrorListingPresets() throws IOException {
        BasaltException e = failure("include \"presets/nope.conf\"\n");
        assertTrue(e.getMessage().contains("run.conf"), e.getMessage());
        assertTrue(e.getMessage().contains("presets/toy-small.conf"), e.getMessage());
    }

    @Test
    void overridesFromTheCommandLineWinAndAreValidated() throws IOException {
        Path file = write("run.conf", "model { architecture = toy-decoder }\n");
        RunConfig config = loader.load(file, List.of("model.layers=9", "training.lr=0.1"));
        assertEquals(9, config.resolved().getInt("model.layers"));
        assertEquals(0.1, config.resolved().getDouble("training.lr"));
        assertEquals("--set model.layers=9", ConfigOrigins.describe(config.value("model.layers").origin()));
        BasaltException e = assertThrows(BasaltException.class, () -> loader.load(file, List.of("model.layerss=9")));
        assertTrue(e.getMessage().contains("--set model.layerss=9") && e.getMessage().contains("model.layers"), e.getMessage());
        assertThrows(BasaltException.class, () -> loader.load(file, List.of("no-equals-sign")));
    }

    @Test
    void eachDataStageIsValidatedAgainstItsOwnDefaults() throws IOException {
        RunConfig config = loader.load(write("run.conf",
                "data.stages = [ { type = min-length }, { type = min-length, chars = 3 } ]\n"), List.of());
        List<com.typesafe.config.Config> stages = config.repeatedBlocks(ExtensionPoint.DATA_STAGE);
        assertEquals(10, stages.get(0).getInt("chars"));
        assertEquals(3, stages.get(1).getInt("chars"));

        BasaltException typo = failure("data.stages = [\n  { type = min-length, charz = 3 }\n]\n");
        assertTrue(typo.getMessage().contains("run.conf:2"), typo.getMessage());
        assertTrue(typo.getMessage().contains("data.stages[0].charz"), typo.getMessage());
        assertTrue(typo.getMessage().contains("Did you mean 'data.stages[0].chars'?"), typo.getMessage());

        BasaltException unknown = failure("data.stages = [ { type = dedup } ]\n");
        assertTrue(unknown.getMessage().contains("not a known data-stage"), unknown.getMessage());
        BasaltException untyped = failure("data.stages = [ { chars = 3 } ]\n");
        assertTrue(untyped.getMessage().contains("has no 'type'"), untyped.getMessage());
    }

    @Test
    void syntaxErrorsAndMissingFilesNameTheFile() throws IOException {
        BasaltException syntax = failure("model {\n  layers = 3\n");
        assertTrue(syntax.getMessage().contains("run.conf"), syntax.getMessage());
        BasaltException missing = assertThrows(BasaltException.class,
                () -> loader.load(dir.resolve("absent.conf"), List.of()));
        assertTrue(missing.getMessage().contains("absent.conf"), missing.getMessage());
    }
}
