package dev.basalt.distribution;

import dev.basalt.api.format.SafetensorsCheckpoint;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HF-format tiny BERT through the command line: import, export, embed, and the decoder-only commands refusing it. */
class BertEndToEndTest {

    @TempDir
    Path dir;

    /** The HF-format tiny BERT of the shared data folder; the calling test is skipped when that folder is absent. */
    static Path tiniest() {
        Path path = Path.of(System.getProperty("basalt.shared.data", "../../shared/data"))
                .resolve("models/lm-buddy-bert-tiniest");
        Assumptions.assumeTrue(Files.exists(path), "skipped: " + path + " is absent (the shared data folder)");
        return path;
    }

    @Test
    void importThenExportGivesBackEveryTensorByteForByte() {
        Path hf = tiniest();
        Cli imported = Cli.run("import", hf.toString(), dir.resolve("ckpt").toString());
        assertEquals(0, imported.exitCode(), imported.err());
        assertTrue(imported.out().contains("bert: 1 layers"), imported.out());
        Cli exported = Cli.run("export", dir.resolve("ckpt").toString(), dir.resolve("hf").toString());
        assertEquals(0, exported.exitCode(), exported.err());
        try (SafetensorsCheckpoint a = SafetensorsCheckpoint.open(hf);
             SafetensorsCheckpoint b = SafetensorsCheckpoint.open(dir.resolve("hf"))) {
            assertEquals(a.tensors().keySet(), b.tensors().keySet());
            for (String name : a.tensors().keySet()) {
                assertArrayEquals(a.tensors().get(name).data().toArray(ValueLayout.JAVA_BYTE),
                        b.tensors().get(name).data().toArray(ValueLayout.JAVA_BYTE), name);
            }
        }
        assertTrue(Files.isRegularFile(dir.resolve("hf/tokenizer.json")));
    }

    @Test
    void aBertPresetResolvesWithOriginsAndACausalObjectiveIsRefused() throws java.io.IOException {
        Path corpus = Files.writeString(dir.resolve("corpus.txt"), "the cat sat on the mat.\n\n".repeat(200));
        Path config = Files.writeString(dir.resolve("bert.conf"), """
                include "presets/bert-tiny.conf"
                run { name = tiny-bert, output-dir = "%s" }
                data { sources = [ { path = "%s", text-unit = paragraph } ] }
                tokenizer { type = wordpiece, vocab-size = 200 }
                model { layers = 1, width = 32, heads = 2, max-positions = 64, vocab-size = auto }
                training { steps = 2, batch = 2, context = 16 }
                """.formatted(dir.resolve("runs"), corpus));
        Cli show = Cli.run("config", "show", config.toString(), "--set", "objective.type=mlm");
        assertEquals(0, show.exitCode(), show.err());
        assertTrue(show.out().matches("(?s).*model\\.variant = \"bert\" +# .*presets/bert-tiny\\.conf:\\d+.*"), show.out());
        assertTrue(show.out().matches("(?s).*model\\.embedding-width = \"?auto\"? +# reference\\.conf:\\d+.*"), show.out());
        Cli train = Cli.run("train", config.toString());
        assertEquals(1, train.exitCode(), train.out());
        assertTrue(train.err().contains("causal-lm") && train.err().contains("builds encoders"), train.err());
        assertTrue(train.noStackTrace(), train.err());
    }

    @Test
    void embedGivesUnitVectorsOfTheHiddenWidthAndGenerateRefusesAnEncoder() {
        Path hf = tiniest();
        Cli cli = Cli.run("embed", hf.toString(), "hello world", "the cat sat on the mat");
        assertEquals(0, cli.exitCode(), cli.err());
        for (String line : cli.out().strip().lines().toList()) {
            String[] numbers = line.split(" ");
            assertEquals(4, numbers.length, line);
            double norm = 0;
            for (String n : numbers) {
                norm += Double.parseDouble(n) * Double.parseDouble(n);
            }
            assertEquals(1.0, norm, 1e-5, line); // float32 components, squared and summed in double
        }
        Cli generate = Cli.run("generate", hf.toString(), "--prompt", "hello");
        assertEquals(1, generate.exitCode());
        assertTrue(generate.err().contains("does not generate"), generate.err());
        assertTrue(generate.noStackTrace(), generate.err());
        Cli eval = Cli.run("eval", hf.toString(), hf.resolve("vocab.txt").toString());
        assertEquals(1, eval.exitCode());
        assertTrue(eval.err().contains("does not predict the next token"), eval.err());
        assertTrue(eval.noStackTrace(), eval.err());
    }
}
