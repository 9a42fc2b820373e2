package dev.basalt.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Choosing an objective by objective.type: its own block of settings, and a model family it can train. */
class ObjectiveChoiceTest {

    @TempDir
    Path dir;

    private Cli run(String command, String config) throws IOException {
        Path file = Files.writeString(dir.resolve("run.conf"), config);
        String[] words = (command + " " + file + " --plugins " + Cli.noPlugins()).split(" ");
        return Cli.run(words);
    }

    @Test
    void theBuiltInObjectivesAreListed() {
        Cli cli = Cli.run("plugins", "--plugins", dir.toString());
        assertEquals(0, cli.exitCode(), cli.err());
        for (String objective : new String[] {"causal-lm", "mlm", "span-corruption", "text-infilling"}) {
            assertTrue(cli.out().contains("objective " + objective), objective + " missing in:\n" + cli.out());
        }
    }

    @Test
    void mlmWithADecoderIsRefusedInOneLineBeforeAnyWork() throws IOException {
        Cli cli = run("train", """
                include "presets/gpt2-small.conf"
                run { name = refused, output-dir = "%s" }
                objective { type = mlm }
                """.formatted(dir.resolve("runs")));
        assertEquals(1, cli.exitCode(), cli.out() + cli.err());
        String error = cli.err().strip();
        assertEquals(1, error.lines().count(), error);
        assertTrue(error.startsWith("error: " + dir.resolve("run.conf") + ":3: objective.type = mlm trains encoders,"
                + " but model.architecture = gpt builds decoders: choose an architecture that builds encoders (bert),"
                + " or an objective for decoders (causal-lm)."), error);
        assertTrue(cli.noStackTrace(), error);
        assertFalse(Files.exists(dir.resolve("runs/refused/data")), "no data was prepared");
    }

    @Test
    void encoderDecoderObjectivesWithADecoderAreRefused() throws IOException {
        for (String objective : new String[] {"span-corruption", "text-infilling"}) {
            Cli cli = run("train", """
                    include "presets/gpt2-small.conf"
                    run { name = refused, output-dir = "%s" }
                    objective.type = %s
                    """.formatted(dir.resolve("runs"), objective));
            assertEquals(1, cli.exitCode(), cli.out() + cli.err());
            assertTrue(cli.err().contains("run.conf:3: objective.type = " + objective + " trains encoder-decoders, but"
                    + " model.architecture = gpt builds decoders: choose an architecture that builds encoder-decoders"
                    + " (bart or t5), or an objective for decoders (causal-lm)."), cli.err());
        }
    }

    @Test
    void aMisspeltKeyInEachObjectiveBlockGivesFileLineAndTheClosestKey() throws IOException {
        String[][] cases = {
            {"mlm", "probabilty = 0.2", "objective.probability"},
            {"mlm", "whole-words = true", "objective.whole-word"},
            {"span-corruption", "noise-densty = 0.2", "objective.noise-density"},
            {"span-corruption", "mean-noise-span-lenght = 3", "objective.mean-noise-span-length"},
            {"text-infilling", "mask-rate = 0.2", "objective.mask-ratio"},
            {"text-infilling", "permute-sentence = true", "objective.permute-sentences"},
        };
        for (String[] c : cases) {
            Cli cli = run("config show", "objective {\n  type = " + c[0] + "\n  " + c[1] + "\n}\n");
            String key = c[1].substring(0, c[1].indexOf(' '));
            assertEquals(1, cli.exitCode(), c[0] + ": " + cli.out());
            assertTrue(cli.err().contains("run.conf:3: unknown key 'objective." + key + "'. Did you mean '" + c[2] + "'?"),
                    c[0] + ": " + cli.err());
            assertTrue(cli.noStackTrace(), cli.err());
        }
    }

    @Test
    void configShowRefusesWhatTrainRefuses() throws IOException {
        Cli range = run("config show", "model.architecture = bert\nobjective {\n  type = mlm\n  probability = 1.5\n}\n");
        assertEquals(1, range.exitCode(), range.out());
        assertTrue(range.err().contains("run.conf:4") && range.err().contains("objective.probability = 1.5 must be in"),
                range.err());
        assertTrue(range.noStackTrace(), range.err());
        Cli family = run("config show", "objective.type = mlm\n");
        assertEquals(1, family.exitCode(), family.out());
        assertTrue(family.err().contains("objective.type = mlm trains encoders, but model.architecture = gpt builds"
                + " decoders"), family.err());
    }

    @Test
    void aKeyOfAnotherObjectiveIsUnknownInTheChosenOne() throws IOException {
        Cli cli = run("config show", "objective {\n  type = mlm\n  noise-density = 0.2\n}\n");
        assertEquals(1, cli.exitCode(), cli.out());
        assertTrue(cli.err().contains("run.conf:3: unknown key 'objective.noise-density'"), cli.err());
        assertTrue(cli.err().contains("probability"), "lists mlm's keys: " + cli.err());
    }

    @Test
    void eachObjectiveBlockShowsItsDocumentedDefaults() throws IOException {
        Cli mlm = run("config show", "model.architecture = bart\nobjective.type = text-infilling\n");
        assertEquals(0, mlm.exitCode(), mlm.err());
        assertTrue(mlm.out().contains("objective.mask-ratio = 0.3"), mlm.out());
        assertTrue(mlm.out().contains("objective.poisson-lambda = 3"), mlm.out());
    }
}
