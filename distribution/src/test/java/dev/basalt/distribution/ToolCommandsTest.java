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
        withPlugins[args.length + 1] = dir.resolve("no-plugins").toString();
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
        assertTrue(inspect.out().contains("exact-duplicate=1"), inspect.out());
        assertTrue(inspect.out().contains("train: 3 documents"), inspect.out());
        assertTrue(inspect.out().contains("a fourth, quite different"), inspect.out());
        assertTrue(inspect.out().contains("checksums: all shards match"), inspect.out());
        assertTrue(inspect.out().contains("clusters: k-means, k = 2") && inspect.out().contains("cluster 1 "),
                inspect.out());

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
