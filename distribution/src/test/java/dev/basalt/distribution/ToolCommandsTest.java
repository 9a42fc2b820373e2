package dev.basalt.distribution;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.basalt.api.format.SafetensorsFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code basalt tokenizer}, {@code data}, {@code import} and {@code export}, run as a user would. */
class ToolCommandsTest {

    @TempDir
    Path dir;

    private static Path shared(String relative) {
        Path path = Path.of(System.getProperty("basalt.shared.data", "../../shared/data")).resolve(relative);
        Assumptions.assumeTrue(Files.exists(path), "skipped: " + path + " is absent (the shared data folder)");
        return path;
    }

    private Cli basalt(String... args) {
        String[] withPlugins = Arrays.copyOf(args, args.length + 2);
        withPlugins[args.length] = "--plugins";
        withPlugins[args.length + 1] = Cli.noPlugins();
        Cli cli = Cli.run(withPlugins);
        assertTrue(cli.noStackTrace(), cli.err());
        return cli;
    }

    private static String joined(long[] ids) {
        return Arrays.stream(ids).mapToObj(Long::toString).collect(Collectors.joining(" "));
    }

    @Test
    void tokenizerTrainEncodeDecodeAgreeWithHuggingFace() throws Exception {
        Path corpus = dir.resolve("corpus.txt");
        Files.write(corpus, Files.readAllLines(shared("tinyshakespeare/input.txt")).subList(0, 4000));
        Path tokenizer = dir.resolve("tok/tokenizer.json");
        Cli train = basalt("tokenizer", "train", "--type", "byte-bpe", "--vocab-size", "600",
                "--special-tokens", "<|endoftext|>,<pad>", "--set", "tokenizer.min-frequency=3",
                "-o", tokenizer.toString(), corpus.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("trained byte-bpe: 600 tokens"), train.out());
        assertTrue(train.err().contains("MB"), "progress: " + train.err());

        Cli encoded = basalt("tokenizer", "encode", "--tokenizer", tokenizer.getParent().toString(),
                "First Citizen:", "<pad>speak\n  two lines ");
        assertEquals(0, encoded.exitCode(), encoded.err());
        String[] lines = encoded.out().split("\n");
        assertEquals(3, lines.length, encoded.out());
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(tokenizer,
                Map.of("addSpecialTokens", "true"))) {
            assertEquals(joined(hf.encode("First Citizen:").getIds()), lines[0]);
            assertEquals(joined(hf.encode("<pad>speak").getIds()), lines[1]);
            assertEquals(joined(hf.encode("  two lines ").getIds()), lines[2]);
            Cli tokens = basalt("tokenizer", "encode", "--tokenizer", tokenizer.toString(), "--tokens", "First Citizen:");
            assertEquals(String.join(" ", hf.encode("First Citizen:").getTokens()), tokens.out().strip());
        }

        Cli decoded = basalt("tokenizer", "decode", "--tokenizer", tokenizer.toString(), "--skip-special-tokens", lines[1]);
        assertEquals("speak\n", decoded.out());
        Cli badId = basalt("tokenizer", "decode", "--tokenizer", tokenizer.toString(), "1", "999999");
        assertEquals(1, badId.exitCode());
        assertTrue(badId.err().contains("999999") && badId.err().contains("0 to 599"), badId.err());
    }

    @Test
    void tokenizerTrainErrorsAreOneLine() throws IOException {
        Path corpus = Files.writeString(dir.resolve("c.txt"), "some text\n");
        Cli typo = basalt("tokenizer", "train", "--type", "byte-bpe", "--set", "tokenizer.vocab-sise=10", corpus.toString());
        assertEquals(1, typo.exitCode());
        assertTrue(typo.err().startsWith("error: ") && typo.err().contains("Did you mean 'tokenizer.vocab-size'"), typo.err());
        Cli unknown = basalt("tokenizer", "train", "--type", "bpe", corpus.toString());
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("byte-bpe") && unknown.err().contains("wordpiece"), unknown.err());
        Cli noText = basalt("tokenizer", "train", "--type", "byte-bpe");
        assertEquals(1, noText.exitCode());
        assertTrue(noText.err().contains("input files"), noText.err());
        Cli missing = basalt("tokenizer", "train", "--type", "byte-bpe", dir.resolve("absent.txt").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("absent.txt"), missing.err());
    }

    @Test
    void tokenizerTrainOnBinaryInputReportsInvalidUtf8() throws IOException {
        byte[] noise = new byte[8192];
        new java.util.Random(7).nextBytes(noise);
        noise[noise.length - 1] = (byte) 0xff; // a malformed last line without a newline: the end of input is bad
        Path binary = Files.write(dir.resolve("noise.bin"), noise);
        Cli cli = basalt("tokenizer", "train", "--type", "byte-bpe", "--vocab-size", "300", binary.toString(),
                "-o", dir.resolve("noise.json").toString());
        // random bytes hold a few short lines that happen to be valid UTF-8, so training may go ahead on them;
        // either way each bad line is reported, never an internal error
        assertTrue(cli.exitCode() == 0 || cli.exitCode() == 1, cli.err());
        assertTrue(cli.err().matches("(?s).*noise\\.bin:\\d+: invalid UTF-8.*"), cli.err());

        Path allBad = Files.write(dir.resolve("all-bad.txt"),
                new byte[] {(byte) 0xff, 'a', '\n', (byte) 0xc3, '\n', 'b', (byte) 0xfe});
        Cli refused = basalt("tokenizer", "train", "--type", "byte-bpe", allBad.toString());
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().startsWith("error: ") && refused.err().contains(allBad.toString())
                && refused.err().contains("3 records could not be read") && refused.err().contains("all-bad.txt:1: invalid UTF-8"),
                refused.err());
    }

    @Test
    void tokenizerTrainSkipsAndCountsLinesOfInvalidUtf8() throws IOException {
        Path mixed = Files.write(dir.resolve("mixed.txt"), new byte[] {'g', 'o', 'o', 'd', '\n', (byte) 0xff, 'x', '\n',
            'f', 'i', 'n', 'e', '\n'});
        Cli cli = basalt("tokenizer", "train", "--type", "byte-bpe", "--vocab-size", "260", mixed.toString(),
                "-o", dir.resolve("mixed.json").toString());
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.err().contains("mixed.txt:2: invalid UTF-8"), cli.err());
        assertTrue(cli.err().contains("skipped 1 records that could not be read"), cli.err());
    }

    @Test
    void tokenizerTrainOnAnEmptyFileIsAnError() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        Cli cli = basalt("tokenizer", "train", "--type", "byte-bpe", empty.toString(), "-o", dir.resolve("e.json").toString());
        assertEquals(1, cli.exitCode(), cli.err() + cli.out());
        assertTrue(cli.err().startsWith("error: No text to train the tokenizer on in " + empty), cli.err());
        assertFalse(Files.exists(dir.resolve("e.json")));
    }

    @Test
    void aByteBpeVocabularyBelowTheByteAlphabetIsAnError() throws IOException {
        Path corpus = Files.writeString(dir.resolve("c.txt"), "some text\n");
        Cli cli = basalt("tokenizer", "train", "--type", "byte-bpe", "--vocab-size", "10", corpus.toString(),
                "-o", dir.resolve("small.json").toString());
        assertEquals(1, cli.exitCode(), cli.err() + cli.out());
        // 256 byte tokens plus the one default special token <|endoftext|>
        assertTrue(cli.err().contains("tokenizer.vocab-size = 10") && cli.err().contains("at least 257"), cli.err());
    }

    @Test
    void dataPrepareWritesShardsThatInspectReads() throws IOException {
        Path text = Files.writeString(dir.resolve("docs.txt"),
                "the first document\n\nthe second one\n\nthe first document\n\na fourth, quite different\n");
        Path shards = dir.resolve("shards");
        Path config = Files.writeString(dir.resolve("data.conf"), """
                data {
                  sources = [ { path = "%s", text-unit = paragraph } ]
                  stages = [ { type = normalize }, { type = dedup-exact } ]
                  output-dir = "%s"
                  validation-fraction = 0
                  clusters { enabled = true, k = 2, weights = [1, 1] }
                }
                tokenizer { type = byte-bpe, vocab-size = 260 }
                """.formatted(text, shards));
        Cli prepare = basalt("data", "prepare", config.toString());
        assertEquals(0, prepare.exitCode(), prepare.err() + prepare.out());
        assertTrue(Files.isRegularFile(shards.resolve("manifest.json")) && Files.isRegularFile(shards.resolve("tokenizer.json")));

        Cli inspect = basalt("data", "inspect", shards.toString(), "--verify", "--samples", "5");
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("tokenizer " + shards.resolve("tokenizer.json") + ","), inspect.out());
        assertFalse(inspect.out().contains("dev.basalt."), inspect.out());
        assertTrue(inspect.out().contains("exact-duplicate=1"), inspect.out());
        assertTrue(inspect.out().contains("train: 3 documents"), inspect.out());
        assertTrue(inspect.out().contains("a fourth, quite different"), inspect.out());
        assertTrue(inspect.out().contains("checksums: all shards match"), inspect.out());
        assertTrue(inspect.out().contains("clusters: k-means, k = 2") && inspect.out().contains("cluster 1 "),
                inspect.out());

        basalt("data", "inspect", shards.toString(), "--samples", "-1").assertOneLineError("--samples -1", "0 or more");

        Cli notShards = basalt("data", "inspect", dir.toString());
        assertEquals(1, notShards.exitCode());
        assertTrue(notShards.err().startsWith("error: ") && notShards.err().contains(dir.toString()), notShards.err());
    }

    @Test
    void importThenExportKeepsEveryTensorAndNeverOverwrites() throws IOException {
        Path hf = shared("models/lm-buddy-fake-gpt2");
        Path imported = dir.resolve("imported");
        Cli in = basalt("import", hf.toString(), imported.toString());
        assertEquals(0, in.exitCode(), in.err());
        assertTrue(Files.readString(imported.resolve("basalt.conf")).contains("model.architecture = \"gpt\""));
        Path exported = dir.resolve("exported");
        Cli out = basalt("export", imported.toString(), exported.toString());
        assertEquals(0, out.exitCode(), out.err());
        assertFalse(Files.exists(exported.resolve("basalt.conf")));
        String originalConfig = Files.readString(hf.resolve("config.json"));
        String exportedConfig = Files.readString(exported.resolve("config.json"));
        for (String key : new String[] {"bos_token_id", "eos_token_id"}) {
            // the ids Hugging Face wrote survive import and export (transformers would otherwise assume 50256)
            Pattern id = Pattern.compile("\"" + key + "\":\\s*(\\d+)");
            Matcher want = id.matcher(originalConfig);
            Matcher got = id.matcher(exportedConfig);
            assertTrue(want.find() && got.find(), key + " in " + exportedConfig);
            assertEquals(want.group(1), got.group(1), key);
        }

        try (SafetensorsFile original = SafetensorsFile.open(hf.resolve("model.safetensors"));
             SafetensorsFile copy = SafetensorsFile.open(exported.resolve("model.safetensors"))) {
            for (String name : copy.tensors().keySet()) {
                String source = original.tensors().containsKey(name) ? name : "transformer." + name;
                assertArrayEquals(original.tensors().get(source).toFloats(), copy.tensors().get(name).toFloats(), name);
            }
        }
        Cli generated = basalt("generate", exported.toString(), "--prompt", "Hello", "--max-tokens", "3", "--temperature", "0");
        assertEquals(0, generated.exitCode(), generated.err());

        Cli again = basalt("export", imported.toString(), exported.toString());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("already exists"), again.err());
    }
}
