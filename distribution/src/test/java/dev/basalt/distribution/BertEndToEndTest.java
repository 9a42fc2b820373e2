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

    private static Path tiniest() {
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
    }
}
