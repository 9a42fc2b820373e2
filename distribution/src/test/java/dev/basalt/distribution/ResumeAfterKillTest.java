package dev.basalt.distribution;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training run killed with SIGKILL after its first checkpoint and resumed with --resume reproduces, step for step
 * and bit for bit, the loss sequence of the same run left alone (same seed, same thread count), dropout included.
 */
class ResumeAfterKillTest {

    private static final int STEPS = 24;

    @TempDir
    Path dir;

    private Path config(String name) throws IOException {
        Path tokenizer = Path.of(System.getProperty("basalt.shared.data", "../../shared/data"))
                .resolve("models/lm-buddy-fake-gpt2/tokenizer.json");
        Path corpus = tokenizer.getParent().getParent().getParent().resolve("tinyshakespeare/input.txt");
        Assumptions.assumeTrue(Files.exists(tokenizer) && Files.exists(corpus),
                "skipped: the shared data folder (GPT-2 tokenizer, tinyshakespeare) is absent");
        return Files.writeString(dir.resolve(name + ".conf"), """
                run { name = %s, output-dir = "%s" }
                backend.threads = 2
                tokenizer.path = "%s"
                data.sources = [ { path = "%s", text-unit = paragraph } ]
                data.validation-fraction = 0.05
                model { layers = 2, heads = 2, kv-heads = 2, width = 32, context = 32, dropout = 0.1 }
                training { steps = %d, batch = 2, context = 32, warmup = 4, eval-every = 8, checkpoint-every = 6,
                           log-every = 6, eval-batches = 2 }
                """.formatted(name, dir.resolve("runs"), tokenizer, corpus, STEPS));
    }

    private Process start(Path config, boolean resume) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.basalt.runtime.cli.Main", "train", config.toString(),
                "--plugins", Cli.noPlugins()));
        if (resume) {
            command.add("--resume");
        }
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(config.getFileName() + (resume ? ".resume.log" : ".log")).toFile()).start();
    }

    private List<String> losses(String run) throws IOException {
        return Files.readAllLines(dir.resolve("runs").resolve(run).resolve("metrics.jsonl")).stream()
                .map(line -> line.replaceAll(".*\"step\":(\\d+),\"loss\":([^,]+),.*", "$1 $2")).toList();
    }

    @Test
    void aKilledRunResumesToTheSameLossSequence() throws Exception {
        Process whole = start(config("whole"), false);
        assertTrue(whole.waitFor(5, TimeUnit.MINUTES), "the uninterrupted run finishes");
        assertEquals(0, whole.exitValue(), Files.readString(dir.resolve("whole.conf.log")));

        Path killed = config("killed");
        Process first = start(killed, false);
        Path metrics = dir.resolve("runs/killed/metrics.jsonl");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline && first.isAlive()
                && !(Files.exists(dir.resolve("runs/killed/step-000006")) && Files.exists(metrics)
                     && Files.readAllLines(metrics).size() >= 9)) {
            Thread.sleep(20);
        }
        assertTrue(first.isAlive(), "the run was still going when killed: " + Files.readString(dir.resolve("killed.conf.log")));
        first.destroyForcibly(); // SIGKILL: no shutdown hooks, no chance to tidy up
        first.waitFor();
        assertTrue(Files.readAllLines(metrics).size() < STEPS, "killed before the end");

        Process resumed = start(killed, true);
        assertTrue(resumed.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, resumed.exitValue(), Files.readString(dir.resolve("killed.conf.resume.log")));
        assertTrue(Files.readString(dir.resolve("killed.conf.resume.log")).contains("resuming from step-"));

        List<String> expected = losses("whole");
        assertEquals(STEPS, expected.size());
        assertEquals(expected, losses("killed"));
    }

    @Test
    void aSecondRunIntoTheSameFolderIsRefusedWithoutResume() throws Exception {
        Path config = config("twice");
        Files.writeString(config, Files.readString(config).replace("steps = 24", "steps = 6"));
        Process first = start(config, false);
        assertTrue(first.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, first.exitValue(), Files.readString(dir.resolve("twice.conf.log")));
        Process second = start(config, false);
        assertTrue(second.waitFor(5, TimeUnit.MINUTES));
        assertEquals(1, second.exitValue());
        String log = Files.readString(dir.resolve("twice.conf.log"));
        assertTrue(log.contains("already holds checkpoints up to step-000006") && log.contains("--resume"), log);
        assertTrue(!log.contains("\tat "), log);
        Process resumed = start(config, true);
        assertTrue(resumed.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, resumed.exitValue());
        String resumeLog = Files.readString(dir.resolve("twice.conf.resume.log"));
        assertTrue(resumeLog.contains("the run is already at step 6 of training.steps = 6; raise training.steps to train"
                + " further."), resumeLog);
    }

}
