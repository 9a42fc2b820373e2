package dev.basalt.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code basalt compare}: a table of several runs' losses and one picture of their curves. */
class CompareCommandTest {

    @TempDir
    Path dir;

    /** A run folder with metrics.jsonl (loss = start - step / 10, evaluation every 5 steps) and a checkpoint. */
    private Path run(String name, double start, String architecture, String objective) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        StringBuilder metrics = new StringBuilder();
        for (int step = 1; step <= 20; step++) {
            metrics.append("{\"step\":").append(step).append(",\"loss\":").append(start - step / 10.0)
                    .append(",\"lr\":0.001,\"tokens_per_second\":").append(1000 + step)
                    .append(step % 5 == 0 ? ",\"eval_loss\":" + (start + 0.5 - step / 10.0) : "").append("}\n");
        }
        Files.writeString(run.resolve("metrics.jsonl"), metrics);
        Path checkpoint = Files.createDirectories(run.resolve("step-000020"));
        Files.writeString(checkpoint.resolve("basalt.conf"),
                "model { architecture = " + architecture + " }\nobjective { type = " + objective + " }\n");
        return run;
    }

    @Test
    void printsOneRowPerRunAndDrawsEveryCurve() throws IOException {
        Path gpt = run("gpt-run", 5, "gpt", "causal-lm");
        Path t5 = run("t5-run", 4, "t5", "span-corruption");
        Path png = dir.resolve("compare.png");
        Cli cli = Cli.run("compare", gpt.toString(), t5.toString(), "--plot", png.toString());
        assertEquals(0, cli.exitCode(), cli.err());
        // last 10 % of 20 steps = steps 19 and 20: (5 - 1.9 + 5 - 2.0) / 2 = 3.05; last evaluation 5.5 - 2.0 = 3.5,
        // ppl e^3.5 = 33.12; median of 1001..1020 (upper middle) = 1011
        assertTrue(cli.out().contains("| gpt-run | gpt | causal-lm | 20 | 3.0500 | 3.5000 | 33.12 | 1011 |"), cli.out());
        assertTrue(cli.out().contains("| t5-run | t5 | span-corruption | 20 | 2.0500 | 2.5000 | 12.18 | 1011 |"),
                cli.out());
        BufferedImage image = ImageIO.read(png.toFile());
        int first = 0;
        int second = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                first += rgb == 0x1f77b4 ? 1 : 0;
                second += rgb == 0xd62728 ? 1 : 0;
            }
        }
        assertTrue(first > 100 && second > 100, "both runs drawn in their colours: " + first + ", " + second);
    }

    /** A fine-tuning run folder whose latest checkpoint records two rounds, the second without validation. */
    private Path fineTuningRun(String name) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.writeString(Files.createDirectories(run.resolve("step-000004")).resolve("evaluation.json"),
                "{\"rounds\": [{\"round\": 0, \"pseudo_labels\": 0}]}");
        Files.writeString(Files.createDirectories(run.resolve("step-000008")).resolve("evaluation.json"), """
                {"rounds": [
                  {"round": 0, "labelled": 24, "pseudo_labels": 0, "accuracy": 0.6481481481481481, "correct": 70, "count": 108, "loss": 0.91234},
                  {"round": 1, "labelled": 24, "pseudo_labels": 57, "accuracy": 0.7314814814814815, "correct": 79, "count": 108, "loss": 0.70001}
                ]}
                """);
        return run;
    }

    @Test
    void fineTuningRunsGetTheirAccuracyPerRoundFromTheLatestCheckpoint() throws IOException {
        Path gpt = run("gpt-run", 5, "gpt", "causal-lm");
        Path genre = fineTuningRun("genre");
        Cli cli = Cli.run("compare", gpt.toString(), genre.toString());
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.out().contains("| gpt-run | gpt | causal-lm | 20 |"), cli.out());
        assertTrue(cli.out().contains("| run | round | labelled | pseudo-labels | validation accuracy | validation loss |"),
                cli.out());
        assertTrue(cli.out().contains("| genre | 0 | 24 | 0 | 0.648 (70/108) | 0.9123 |\n"
                + "| genre | 1 | 24 | 57 | 0.731 (79/108) | 0.7000 |\n"), cli.out());
    }

    @Test
    void plottingOnlyFineTuningRunsSaysWhatThePlotDraws() throws IOException {
        Cli cli = Cli.run("compare", fineTuningRun("genre").toString(), "--plot", dir.resolve("p.png").toString());
        assertEquals(1, cli.exitCode());
        assertTrue(cli.err().contains("--plot draws the loss curves of pretraining runs"), cli.err());
        assertTrue(Files.notExists(dir.resolve("p.png")));
    }

    @Test
    void aMissingFolderIsNamedAsMissing() {
        Cli cli = Cli.run("compare", dir.resolve("nope").toString());
        assertEquals(1, cli.exitCode());
        assertTrue(cli.err().contains("nope does not exist; give run folders"), cli.err());
    }

    @Test
    void aFileAmongTheRunsIsNamedAsAFile() throws IOException {
        Path png = Files.writeString(dir.resolve("loss.png"), "not a run");
        Cli cli = Cli.run("compare", png.toString());
        assertEquals(1, cli.exitCode());
        assertTrue(cli.err().contains("loss.png is a file, not a run folder"), cli.err());
    }

    @Test
    void aFolderWithoutMetricsIsOneLine() {
        Cli cli = Cli.run("compare", dir.toString());
        assertEquals(1, cli.exitCode());
        assertTrue(cli.err().startsWith("error: ") && cli.err().contains("has no metrics.jsonl"), cli.err());
        assertEquals(1, cli.err().strip().lines().count(), cli.err());
    }
}
