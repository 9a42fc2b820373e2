package dev.basalt.distribution;

import dev.basalt.api.model.CausalLanguageModel;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.runtime.checkpoint.LoadedCheckpoint;
import dev.basalt.runtime.generate.Generator;
import dev.basalt.runtime.generate.SamplingOptions;
import dev.basalt.runtime.plugin.PluginRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trains a tiny GPT from scratch on a generated corpus through the command line, then uses its checkpoint the way
 * a user would: generate (alone and as a left-padded batch), eval, and a corrupted copy.
 */
class GptEndToEndTest {

    @TempDir
    static Path dir;

    static Path checkpoint;

    @BeforeAll
    static void train() throws IOException {
        StringBuilder corpus = new StringBuilder();
        String[] words = {"the", "cat", "sat", "on", "a", "mat", "and", "dog", "ran", "to", "it"};
        java.util.Random random = new java.util.Random(4);
        for (int doc = 0; doc < 400; doc++) {
            for (int w = 0; w < 30; w++) {
                corpus.append(words[random.nextInt(words.length)]).append(w == 29 ? ".\n\n" : " ");
            }
        }
        Path text = Files.writeString(dir.resolve("corpus.txt"), corpus);
        Path config = Files.writeString(dir.resolve("tiny.conf"), """
                include "presets/gpt2-small.conf"
                run { name = tiny, output-dir = "%s" }
                data { sources = [ { path = "%s", text-unit = paragraph } ], validation-fraction = 0.1 }
                tokenizer { type = byte-bpe, vocab-size = 300 }
                model { layers = 2, heads = 2, kv-heads = 2, width = 32, context = 32, vocab-size = auto }
                training { steps = 30, batch = 4, context = 32, lr = 3e-3, warmup = 5, eval-every = 15, checkpoint-every = 15,
                           log-every = 10, eval-batches = 2 }
                generation { prompts = ["the cat"], max-tokens = 8, temperature = 0 }
                """.formatted(dir.resolve("runs"), text));
        Cli cli = Cli.run("train", config.toString(), "--plugins", Cli.noPlugins());
        assertEquals(0, cli.exitCode(), cli.err() + cli.out());
        assertTrue(cli.out().contains("step 30/30"), cli.out());
        assertTrue(cli.out().contains("samples:"), cli.out());
        checkpoint = dir.resolve("runs/tiny/step-000030");
        for (String file : List.of("model.safetensors", "config.json", "tokenizer.json", "basalt.conf",
                "training-state.safetensors")) {
            assertTrue(Files.isRegularFile(checkpoint.resolve(file)), file);
        }
        assertTrue(Files.isRegularFile(dir.resolve("runs/tiny/metrics.jsonl")));
        assertTrue(Files.isRegularFile(dir.resolve("runs/tiny/loss.png")));
    }

    private static Cli generate(String... prompts) {
        List<String> args = new java.util.ArrayList<>(List.of("generate", checkpoint.toString(), "--temperature", "0",
                "--max-tokens", "6", "--plugins", Cli.noPlugins()));
        for (String p : prompts) {
            args.add("--prompt");
            args.add(p);
        }
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void aLeftPaddedBatchGeneratesWhatEachPromptGeneratesAlone() {
        Cli shortAlone = generate("cat");
        Cli longAlone = generate("the dog ran to a mat and");
        Cli batch = generate("cat", "the dog ran to a mat and");
        assertEquals(0, batch.exitCode(), batch.err());
        String expected = shortAlone.out().strip() + "\n\n" + longAlone.out().strip();
        assertEquals(expected, batch.out().strip());
        assertTrue(shortAlone.out().startsWith("cat"), shortAlone.out());
    }

    /**
     * The reference for the cached, position-tracking decoder is the plain forward pass over the whole sequence:
     * each greedy token must be the argmax of the uncached logits at the last position, alone and in a batch.
     */
    @Test
    void cachedGreedyDecodingPicksTheArgmaxOfTheFullForwardPass() {
        LoadedCheckpoint loaded = LoadedCheckpoint.open(checkpoint, PluginRegistry.discover(List.of()), List.of());
        CausalLanguageModel model = (CausalLanguageModel) loaded.model();
        Tokenizer tokenizer = loaded.tokenizer();
        List<String> prompts = List.of("cat", "the dog ran to a mat and");
        int steps = 8;
        List<String> batch = new Generator(model, tokenizer).generate(prompts, SamplingOptions.greedy(steps), null);
        for (int p = 0; p < prompts.size(); p++) {
            int[] sequence = tokenizer.encode(prompts.get(p));
            StringBuilder expected = new StringBuilder();
            for (int step = 0; step < steps; step++) {
                int next;
                try (NoGrad ignored = NoGrad.enter(); TensorScope scope = TensorScope.open()) {
                    Tensor logits = model.logits(new TokenBatch(1, sequence.length, sequence, sequence));
                    next = logits.narrow(1, sequence.length - 1, 1).argmax(-1, false).toIntArray()[0];
                }
                sequence = java.util.Arrays.copyOf(sequence, sequence.length + 1);
                sequence[sequence.length - 1] = next;
            }
            int promptLength = tokenizer.encode(prompts.get(p)).length;
            expected.append(tokenizer.decode(java.util.Arrays.copyOfRange(sequence, promptLength, sequence.length), true));
            assertEquals(expected.toString(), batch.get(p), "prompt " + p);
            assertEquals(expected.toString(), new Generator(model, tokenizer)
                    .generate(List.of(prompts.get(p)), SamplingOptions.greedy(steps), null).get(0), "prompt " + p + " alone");
        }
    }

    @Test
    void aStopStringEndsTheTextAndIsNeverStreamed() {
        LoadedCheckpoint loaded = LoadedCheckpoint.open(checkpoint, PluginRegistry.discover(List.of()), List.of());
        Generator generator = new Generator((CausalLanguageModel) loaded.model(), loaded.tokenizer());
        String free = generator.generate(List.of("the dog"), SamplingOptions.greedy(12), null).get(0);
        // A stop string across the boundary of the first two words, so it arrives over two tokens.
        int second = free.indexOf(' ', 1);
        assertTrue(second > 1 && free.length() > second + 2, free);
        String stop = free.substring(second - 1, second + 2);
        String expected = free.substring(0, free.indexOf(stop));
        SamplingOptions greedy = SamplingOptions.greedy(12);
        SamplingOptions stopping = new SamplingOptions(12, 0, greedy.topK(), greedy.topP(), greedy.minP(),
                greedy.repetitionPenalty(), List.of(stop), greedy.stopTokens(), greedy.seed());
        StringBuilder streamed = new StringBuilder();
        String text = generator.generate(List.of("the dog"), stopping, (row, delta) -> streamed.append(delta)).get(0);
        assertEquals(expected, text);
        assertEquals(expected, streamed.toString());
    }

    @Test
    void evalReportsLossAndPerplexity() throws IOException {
        Path text = Files.writeString(dir.resolve("held-out.txt"), "the cat sat on a mat and the dog ran to it.");
        Cli cli = Cli.run("eval", checkpoint.toString(), text.toString(), "--plugins", Cli.noPlugins());
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.out().matches("(?s).*tokens predicted +loss \\d+\\.\\d+ +perplexity \\d+\\.\\d+.*"), cli.out());
    }

    @Test
    void aTruncatedCheckpointIsRefusedWithOneMessage() throws IOException {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        try (Stream<Path> files = Files.list(checkpoint)) {
            for (Path f : files.toList()) {
                Files.copy(f, broken.resolve(f.getFileName()));
            }
        }
        try (RandomAccessFile file = new RandomAccessFile(broken.resolve("model.safetensors").toFile(), "rw")) {
            file.setLength(file.length() - 100);
        }
        Cli cli = Cli.run("generate", broken.toString(), "--prompt", "the", "--plugins", Cli.noPlugins());
        assertEquals(1, cli.exitCode());
        assertTrue(cli.err().contains(broken.resolve("model.safetensors") + " is not a valid safetensors file"), cli.err());
        assertTrue(cli.noStackTrace(), cli.err());
    }

    private static Cli basalt(String... args) {
        List<String> withPlugins = new java.util.ArrayList<>(List.of(args));
        withPlugins.addAll(List.of("--plugins", Cli.noPlugins()));
        Cli cli = Cli.run(withPlugins.toArray(String[]::new));
        assertTrue(cli.noStackTrace(), cli.err());
        return cli;
    }

    @Test
    void evalRefusesAContextOutsideOneToTheModelsContext() throws IOException {
        Path text = Files.writeString(dir.resolve("context.txt"), "the cat sat on a mat.");
        for (String bad : List.of("0", "-1")) {
            basalt("eval", checkpoint.toString(), text.toString(), "--context", bad)
                    .assertOneLineError("--context " + bad, "1 token or more");
        }
        // the tiny model was trained with model.context = 32
        basalt("eval", checkpoint.toString(), text.toString(), "--context", "33")
                .assertOneLineError("--context 33", "at most 32");
        assertEquals(0, basalt("eval", checkpoint.toString(), text.toString(), "--context", "32").exitCode());
    }

    @Test
    void generateRefusesSamplingValuesOutsideTheirRangeNamingTheOption() {
        String[][] cases = {{"--temperature", "-1", "0 (greedy) or more"}, {"--top-p", "2", "(0, 1]"},
            {"--top-p", "0", "(0, 1]"}, {"--top-k", "-3", "0 (off) or more"}, {"--min-p", "1", "[0, 1)"},
            {"--min-p", "-0.5", "[0, 1)"}, {"--repetition-penalty", "0", "above 0"},
            {"--repetition-penalty", "-2", "above 0"}, {"--max-tokens", "0", "1 or more"},
            {"--temperature", "NaN", "0 (greedy) or more"}};
        for (String[] c : cases) {
            basalt("generate", checkpoint.toString(), "--prompt", "the", c[0], c[1])
                    .assertOneLineError(c[0] + " " + c[1], c[2]);
        }
    }

    /** A decoder has no beam search, so neither beams nor a length penalty can apply to it. */
    @Test
    void generateWithADecoderRefusesBeamOptions() {
        basalt("generate", checkpoint.toString(), "--prompt", "the", "--beams", "2")
                .assertOneLineError("--beams 2", "encoder-decoder models", "holds a decoder");
        basalt("generate", checkpoint.toString(), "--prompt", "the", "--length-penalty", "0.5")
                .assertOneLineError("--length-penalty", "beam search only", "holds a decoder");
    }

    @Test
    void evalNamesAMissingFileAndTheLineOfInvalidUtf8() throws IOException {
        Path absent = dir.resolve("absent.txt");
        basalt("eval", checkpoint.toString(), absent.toString()).assertOneLineError(absent + " does not exist");
        Path binary = Files.write(dir.resolve("binary.txt"),
                new byte[] {'t', 'h', 'e', '\n', 'c', 'a', 't', '\n', (byte) 0xff, (byte) 0xfe, '\n'});
        basalt("eval", checkpoint.toString(), binary.toString()).assertOneLineError(binary.toString(),
                "binary.txt:3: invalid UTF-8");
    }

    @Test
    void evalReadsCompressedTextAsTheSamePlainText() throws IOException {
        String held = "the cat sat on a mat and the dog ran to it. a dog sat on the cat.";
        Path plain = Files.writeString(dir.resolve("held.txt"), held);
        Path gz = dir.resolve("held.txt.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(held.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Cli fromPlain = basalt("eval", checkpoint.toString(), plain.toString());
        Cli fromGz = basalt("eval", checkpoint.toString(), gz.toString());
        assertEquals(0, fromGz.exitCode(), fromGz.err());
        // the JDK's gzip is the reference decoder: the same text must give the same numbers
        assertEquals(fromPlain.out().substring(fromPlain.out().indexOf(':')),
                fromGz.out().substring(fromGz.out().indexOf(':')));
    }

    @Test
    void aRunFolderStandsForItsLatestCheckpoint() {
        Cli fromRun = basalt("generate", dir.resolve("runs/tiny").toString(), "--prompt", "the cat", "--temperature", "0",
                "--max-tokens", "6");
        Cli fromStep = basalt("generate", checkpoint.toString(), "--prompt", "the cat", "--temperature", "0",
                "--max-tokens", "6");
        assertEquals(0, fromRun.exitCode(), fromRun.err());
        assertEquals(fromStep.out(), fromRun.out());
    }

    @Test
    void aFolderThatIsNeitherCheckpointNorRunSaysWhatWasLookedFor() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("neither"));
        basalt("generate", empty.toString(), "--prompt", "x").assertOneLineError(empty.toString(),
                "basalt.conf", "config.json", "latest");
    }

    @Test
    void aDamagedLatestCheckpointPointsAtTheRunsPreviousOne() throws IOException {
        Path run = dir.resolve("damaged-run");
        Files.createDirectories(run);
        for (String step : List.of("step-000015", "step-000030")) {
            Path target = Files.createDirectories(run.resolve(step));
            try (Stream<Path> files = Files.list(dir.resolve("runs/tiny").resolve(step))) {
                for (Path f : files.toList()) {
                    Files.copy(f, target.resolve(f.getFileName()));
                }
            }
        }
        Files.writeString(run.resolve("latest"), "step-000030\n");
        try (RandomAccessFile file = new RandomAccessFile(run.resolve("step-000030/model.safetensors").toFile(), "rw")) {
            file.setLength(file.length() - 100);
        }
        basalt("generate", run.toString(), "--prompt", "the").assertOneLineError("is not a valid safetensors file",
                "previous checkpoint is " + run.resolve("step-000015"));
    }

    @Test
    void maxTokensDefaultsToTheSameValueForEveryCheckpoint() {
        // the run's generation block says max-tokens = 8; the command line's default is 100 all the same
        Cli byDefault = basalt("generate", checkpoint.toString(), "--prompt", "the", "--temperature", "0");
        Cli hundred = basalt("generate", checkpoint.toString(), "--prompt", "the", "--temperature", "0",
                "--max-tokens", "100");
        Cli eight = basalt("generate", checkpoint.toString(), "--prompt", "the", "--temperature", "0",
                "--max-tokens", "8");
        assertEquals(0, byDefault.exitCode(), byDefault.err());
        assertEquals(hundred.out(), byDefault.out());
        assertTrue(byDefault.out().length() > eight.out().length(), byDefault.out() + " vs " + eight.out());
    }
}
