package dev.basalt.distribution;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run that cannot start, or fails before its first checkpoint, says why in one line and leaves nothing behind. */
class RunFailuresTest {

    @TempDir
    static Path dir;

    static Path corpus;

    @BeforeAll
    static void corpus() throws IOException {
        corpus = Files.writeString(dir.resolve("corpus.txt"), "the cat sat on the mat. ".repeat(400));
    }

    private static Path config(String name, String extra) throws IOException {
        return Files.writeString(dir.resolve(name + ".conf"), """
                include "presets/gpt2-small.conf"
                run { name = %s, output-dir = "%s" }
                data { sources = [ { path = "%s" } ], validation-fraction = 0.1 }
                tokenizer { type = byte-bpe, vocab-size = 300 }
                model { layers = 1, heads = 2, kv-heads = 2, width = 32, context = 16 }
                training { steps = 4, batch = 2, context = 16, eval-every = 0, checkpoint-every = 0 }
                %s
                """.formatted(name, dir.resolve("runs-" + name), corpus, extra));
    }

    private static Cli run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--plugins";
        all[args.length + 1] = Cli.noPlugins();
        return Cli.run(all);
    }

    private static void assertOneLineError(Cli cli, String... parts) {
        assertEquals(1, cli.exitCode(), cli.err());
        assertTrue(cli.err().startsWith("error: "), cli.err());
        assertEquals(1, cli.err().strip().lines().count(), cli.err());
        assertTrue(cli.noStackTrace(), cli.err());
        for (String part : parts) {
            assertTrue(cli.err().contains(part), part + " missing in: " + cli.err());
        }
    }

    @Test
    void anImpossibleModelShapeIsRefusedBeforeAnyDataWork() throws IOException {
        Cli cli = run("train", config("heads", "").toString(), "--set", "model.heads=3", "--set", "model.kv-heads=3");
        assertOneLineError(cli, "error: --set model.", "width (32) must be a multiple of heads (3)");
        assertFalse(cli.out().contains("tokenizer"), "no tokenizer work before the refusal: " + cli.out());
        assertFalse(Files.exists(dir.resolve("runs-heads")), "nothing is written");
    }

    @Test
    void anOutOfRangeSettingIsRefusedByConfigShowWithItsLine() throws IOException {
        Path config = config("range", "training.steps = -5");
        Cli cli = run("config", "show", config.toString());
        assertOneLineError(cli, "range.conf:7: 'training.steps' = -5 is out of range; it must be at least 1.");
    }

    @Test
    void aMisspeltSourceKeyIsCaughtByConfigShowWithItsLineAndTheClosestKey() throws IOException {
        Path config = config("source-key", "data.sources = [ { path = \"x.jsonl\", fromat = jsonl } ]");
        Cli cli = run("config", "show", config.toString());
        assertOneLineError(cli, "source-key.conf:7: unknown key 'data.sources[0].fromat'.",
                "Did you mean 'data.sources[0].format'?");
    }

    @Test
    void aSyntaxErrorNamesFileColonLine() throws IOException {
        Path config = Files.writeString(dir.resolve("syntax.conf"), "training {\n  steps = 5\n");
        Cli cli = run("config", "show", config.toString());
        assertOneLineError(cli, "syntax.conf:3: ");
    }

    @Test
    void aRunThatFailsBeforeItsFirstCheckpointLeavesNoFolders() throws IOException {
        Path config = config("missing", "data.sources = [ { path = \"" + dir.resolve("no-such-corpus.txt") + "\" } ]");
        Cli cli = run("train", config.toString());
        assertOneLineError(cli, "no-such-corpus.txt");
        assertFalse(Files.exists(dir.resolve("runs-missing")), "the run folder and the output folder it made are gone");
    }

    @Test
    void aCorpusWithoutTextIsRefusedBeforeTraining() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        Cli cli = run("train", config("empty", "data.sources = [ { path = \"" + empty + "\" } ]").toString());
        assertOneLineError(cli, "No text to train the tokenizer on");
        assertFalse(cli.out().contains("model:"), "refused before the model is built: " + cli.out());
        assertFalse(Files.exists(dir.resolve("runs-empty")), "nothing is left behind");
    }

    @Test
    void resumingARunThatNeverStartedIsRefused() throws IOException {
        Cli cli = run("train", config("never", "").toString(), "--resume");
        assertOneLineError(cli, "Nothing to resume", "runs-never");
    }
}
