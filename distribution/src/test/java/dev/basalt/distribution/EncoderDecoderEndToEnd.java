package dev.basalt.distribution;

import dev.basalt.api.model.Seq2SeqLanguageModel;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;
import dev.basalt.runtime.checkpoint.LoadedCheckpoint;
import dev.basalt.runtime.plugin.PluginRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trains a tiny encoder-decoder from scratch through the command line on a generated corpus and a byte-level BPE with
 * the architecture's special tokens, then generates from, imports and exports its checkpoint. A subclass names the
 * preset, the tokens, the objective and what the checkpoint must say.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EncoderDecoderEndToEnd {

    private Path dir;

    private Cli training;

    /** The architecture, also the run's name. */
    abstract String name();

    /** The tiny preset, e.g. {@code presets/t5-tiny.conf}. */
    abstract String preset();

    /** The tokenizer's special tokens, as a HOCON list body, in the order that gives the model's default ids. */
    abstract String specialTokens();

    /** The objective's type. */
    abstract String objective();

    /** What {@code describe()} prints of the trained model, e.g. {@code "t5 (gated-gelu, untied head)"}. */
    abstract String description();

    /** Lines that the checkpoint's {@code config.json} must hold. */
    abstract List<String> configJsonLines();

    /** The sample config under {@code samples/}. */
    abstract String sample();

    /** A regex of a {@code model.*} line that {@code config show} of the sample prints from its preset. */
    abstract String sampleModelLine();

    @BeforeAll
    void train(@TempDir Path folder) throws IOException {
        dir = folder;
        StringBuilder corpus = new StringBuilder();
        String[] words = {"the", "cat", "sat", "on", "a", "mat", "and", "dog", "ran", "to", "it"};
        java.util.Random random = new java.util.Random(9);
        for (int doc = 0; doc < 300; doc++) {
            for (int w = 0; w < 30; w++) {
                corpus.append(words[random.nextInt(words.length)]).append(w == 29 ? ".\n\n" : " ");
            }
        }
        Path text = Files.writeString(dir.resolve("corpus.txt"), corpus);
        Path config = Files.writeString(dir.resolve(name() + ".conf"), """
                include "%s"
                run { name = %s, output-dir = "%s" }
                data { sources = [ { path = "%s", text-unit = paragraph } ], validation-fraction = 0.1, eos-token = "</s>" }
                tokenizer { type = byte-bpe, vocab-size = 300, special-tokens = [%s] }
                objective { type = %s }
                training { steps = 40, batch = 8, context = 32, lr = 3e-3, warmup = 5, eval-every = 20,
                           checkpoint-every = 20, log-every = 5, eval-batches = 2 }
                generation { prompts = ["the dog ran"], max-tokens = 6, temperature = 0, beams = 2 }
                """.formatted(preset(), name(), dir.resolve("runs"), text, specialTokens(), objective()));
        training = Cli.run("train", config.toString(), "--plugins", Cli.noPlugins());
        assertEquals(0, training.exitCode(), training.err() + training.out());
    }

    private List<Double> losses() throws IOException {
        return Files.readAllLines(dir.resolve("runs/" + name() + "/metrics.jsonl")).stream()
                .filter(line -> line.contains("\"loss\":"))
                .map(line -> Double.parseDouble(line.replaceAll(".*\"loss\":([^,}]+)[,}].*", "$1"))).toList();
    }

    @Test
    void trainingATinyModelLowersTheLoss() throws IOException {
        assertTrue(training.out().contains(description()), training.out());
        assertTrue(training.out().contains("step 40/40"), training.out());
        // 11 words and the special tokens give fewer than the 300 ids asked for, and the run says so
        assertTrue(training.out().matches("(?s).*tokenizer: 2\\d\\d ids, trained \\(byte-bpe\\) in [0-9.]+s; the text gave"
                + " fewer ids than tokenizer.vocab-size = 300 \\(more text, or tokenizer.train-bytes, gives more\\)\n.*"),
                training.out());
        assertTrue(training.out().contains("samples:\n  the dog ran|"), training.out());
        List<Double> losses = losses();
        assertTrue(losses.size() >= 8, losses.toString());
        double first = losses.getFirst();
        double last = (losses.get(losses.size() - 1) + losses.get(losses.size() - 2)) / 2;
        assertTrue(last < first - 1.0, "the loss falls: " + losses);
        Path checkpoint = dir.resolve("runs/" + name() + "/step-000040");
        for (String file : List.of("model.safetensors", "config.json", "tokenizer.json", "basalt.conf")) {
            assertTrue(Files.isRegularFile(checkpoint.resolve(file)), file);
        }
        String configJson = Files.readString(checkpoint.resolve("config.json"));
        for (String line : configJsonLines()) {
            assertTrue(configJson.contains(line), line + " in " + configJson);
        }
        // BART's sources begin with <s>; T5 has no begin-of-sequence id, so its config.json names none
        assertEquals(name().equals("bart"), configJson.contains("\"bos_token_id\""), configJson);
    }

    @Test
    void modelIdsOtherThanTheObjectivesAreRefusedBeforeAnyDataWork() {
        Cli cli = Cli.run("train", dir.resolve(name() + ".conf").toString(), "--plugins", Cli.noPlugins(),
                "--set", "run.name=wrong-ids", "--set", "model.eos-token-id=3");
        assertEquals(1, cli.exitCode(), cli.out());
        assertTrue(cli.err().contains("The model's special ids differ from those objective " + objective()
                + " builds its batches with from this tokenizer: model.eos-token-id = 3 ("), cli.err());
        assertTrue(cli.err().matches("(?s).*model\\.eos-token-id = 3 \\([^)]*\\), the objective's \\d+ \\(\"</s>\"\\)"
                + ".*\\. Set model\\.eos-token-id = \\d+, or use a tokenizer whose ids are the model's\\..*"), cli.err());
        assertTrue(cli.noStackTrace(), cli.err());
        assertFalse(Files.exists(dir.resolve("runs/wrong-ids")), "nothing written");
    }

    @Test
    void theSampleConfigResolvesWithItsPresetAndObjective() {
        Path sample = Cli.repo().resolve("samples/" + sample());
        Cli cli = Cli.run("config", "show", sample.toString(), "--plugins", Cli.noPlugins());
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.out().matches("(?s).*" + sampleModelLine() + ".*"), cli.out());
        assertTrue(cli.out().matches("(?s).*objective\\.type = \"?" + objective() + "\"? +# .*"
                        + java.util.regex.Pattern.quote(sample()) + ":\\d+.*"),
                cli.out());
    }

    /** Generates greedily (or with beams) from the trained checkpoint, for the prompt "the cat sat on". */
    Cli generate(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--prompt", "the cat sat on", "--temperature", "0",
                "--max-tokens", "8"));
        args.addAll(List.of(extra));
        return generateWith(args.toArray(String[]::new));
    }

    /** Generates from the trained checkpoint with these options only. */
    Cli generateWith(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("generate",
                dir.resolve("runs/" + name() + "/step-000040").toString(), "--plugins", Cli.noPlugins()));
        args.addAll(List.of(options));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void beamsBeyondTheVocabularyAreRefusedNamingTheLimit() {
        int vocab = LoadedCheckpoint.open(dir.resolve("runs/" + name() + "/step-000040"),
                PluginRegistry.discover(List.of()), List.of()).model().vocabSize();
        generate("--beams", "100000").assertOneLineError("--beams 100000", "at most " + vocab);
        generate("--beams", "" + (vocab + 1)).assertOneLineError("--beams " + (vocab + 1), "at most " + vocab);
    }

    /** Beam search is deterministic, so a sampling option with it would be ignored; so would a lone length penalty. */
    @Test
    void optionsThatTheSearchWouldIgnoreAreRefused() {
        String[][] sampling = {{"--temperature", "0.7"}, {"--top-k", "5"}, {"--top-p", "0.9"}, {"--min-p", "0.1"},
            {"--repetition-penalty", "1.3"}, {"--seed", "7"}};
        for (String[] option : sampling) {
            generateWith("--prompt", "the cat", "--beams", "3", option[0], option[1])
                    .assertOneLineError(option[0] + " " + option[1], "--beams 3", "beam search", "--beams 1");
        }
        // The run's generation.beams (2) asks for beam search when --beams is not given.
        generateWith("--prompt", "the cat", "--temperature", "0.7")
                .assertOneLineError("--temperature 0.7", "generation.beams = 2", "--beams 1");
        generate("--beams", "1", "--length-penalty", "2").assertOneLineError("--length-penalty",
                "beam search only", "--beams 2 or more");
        Cli sampled = generateWith("--prompt", "the cat", "--beams", "1", "--temperature", "0.7", "--top-k", "5");
        assertEquals(0, sampled.exitCode(), sampled.err());
        // A negative penalty favours shorter answers, as in Hugging Face.
        Cli shorter = generate("--beams", "3", "--length-penalty", "-1");
        assertEquals(0, shorter.exitCode(), shorter.err());
    }

    /**
     * The reference for cached generation is the teacher-forced forward pass: each greedy token must be the argmax of
     * the uncached logits at the last decoder position, with the encoder reading
     * begin-of-sequence (when the model has one), the prompt and end-of-sequence.
     */
    @Test
    void greedyGenerationPicksTheArgmaxOfTheFullForwardPass() {
        LoadedCheckpoint loaded = LoadedCheckpoint.open(dir.resolve("runs/" + name() + "/step-000040"),
                PluginRegistry.discover(List.of()), List.of());
        Seq2SeqLanguageModel model = (Seq2SeqLanguageModel) loaded.model();
        int[] prompt = loaded.tokenizer().encode("the cat sat on");
        int bos = model.beginOfSequenceId();
        int start = bos >= 0 ? 1 : 0;
        int[] source = new int[start + prompt.length + 1];
        if (bos >= 0) {
            source[0] = bos;
        }
        System.arraycopy(prompt, 0, source, start, prompt.length);
        source[source.length - 1] = model.endOfSequenceId();
        int[] decoder = {model.decoderStartId()};
        for (int step = 0; step < 8; step++) {
            int next;
            try (NoGrad ignored = NoGrad.enter(); TensorScope scope = TensorScope.open()) {
                Tensor logits = model.logits(TokenBatch.seq2seq(1, source.length, source, null, decoder.length, decoder,
                        new int[decoder.length]));
                next = logits.narrow(1, decoder.length - 1, 1).argmax(-1, false).toIntArray()[0];
            }
            if (next == model.endOfSequenceId()) {
                break;
            }
            decoder = java.util.Arrays.copyOf(decoder, decoder.length + 1);
            decoder[decoder.length - 1] = next;
        }
        // The answer keeps the special tokens other than start, end and padding (T5's sentinels).
        int pad = loaded.tokenizer().padToken().map(java.util.Map.Entry::getKey).orElse(-1);
        int[] shown = java.util.Arrays.stream(decoder, 1, decoder.length)
                .filter(id -> id != bos && id != pad && id != model.decoderStartId()).toArray();
        String expected = loaded.tokenizer().decode(shown, false);
        Cli greedy = generate("--beams", "1");
        assertEquals(0, greedy.exitCode(), greedy.err());
        assertEquals(expected + "\n", greedy.out());
        Cli beams = generate("--beams", "3", "--length-penalty", "0.5");
        assertEquals(0, beams.exitCode(), beams.err());
        String text = expected.strip();
        assertTrue(text.length() > 2, "the greedy text is long enough to hold a stop string: " + text);
        String stop = text.substring(text.length() - 2);
        String cut = expected.substring(0, expected.indexOf(stop));
        assertEquals(cut + "\n", generate("--beams", "1", "--stop", stop).out(), "cut before the stop string");
        // Without --beams, the run's generation.beams (2) applies.
        assertEquals(generate("--beams", "2").out(), generate().out());
        Cli blank = generate("--beams", "1", "--stop", expected.substring(0, 1));
        assertEquals("\n", blank.out());
        assertTrue(blank.err().startsWith("note: prompt 1 got a blank answer: it began with a stop string"),
                blank.err());
    }

    /** A Hugging Face folder of the trained model (no basalt.conf) imports and exports with its weights unchanged. */
    @Test
    void aHuggingFaceFolderImportsAndExportsByteForByte() throws IOException {
        Path checkpoint = dir.resolve("runs/" + name() + "/step-000040");
        Path hf = Files.createDirectories(dir.resolve("hf"));
        for (String file : List.of("model.safetensors", "config.json", "tokenizer.json")) {
            Files.copy(checkpoint.resolve(file), hf.resolve(file));
        }
        String none = Cli.noPlugins();
        Cli imported = Cli.run("import", hf.toString(), dir.resolve("imported").toString(), "--plugins", none);
        assertEquals(0, imported.exitCode(), imported.err());
        Cli exported = Cli.run("export", dir.resolve("imported").toString(), dir.resolve("exported").toString(),
                "--plugins", none);
        assertEquals(0, exported.exitCode(), exported.err());
        assertEquals(-1L, Files.mismatch(hf.resolve("model.safetensors"), dir.resolve("exported/model.safetensors")));
    }

    @Test
    void evalOfAnEncoderDecoderIsOneClearRefusal() throws IOException {
        Path text = Files.writeString(dir.resolve("held-out.txt"), "the cat sat on a mat.");
        Cli cli = Cli.run("eval", dir.resolve("runs/" + name() + "/step-000040").toString(), text.toString(), "--plugins",
                Cli.noPlugins());
        assertEquals(1, cli.exitCode(), cli.out());
        assertTrue(cli.err().contains("holds an encoder-decoder") && cli.err().contains("eval measures decoders"),
                cli.err());
        assertTrue(cli.noStackTrace(), cli.err());
    }
}
