package dev.basalt.distribution;

import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.model.Architecture;
import dev.basalt.api.nn.AdamW;
import dev.basalt.api.nn.Module;
import dev.basalt.api.nn.Parameter;
import dev.basalt.api.tensor.Backends;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.runtime.assembly.Assembly;
import dev.basalt.runtime.config.RunConfigLoader;
import dev.basalt.runtime.plugin.PluginRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a training run promises beyond finishing: presets, gradient accumulation, divergence, the Llama layout. */
class TrainingBehaviourTest {

    @TempDir
    static Path dir;

    static Path corpus;

    @BeforeAll
    static void corpus() throws IOException {
        StringBuilder text = new StringBuilder();
        String[] words = {"the", "cat", "sat", "on", "a", "mat", "and", "dog", "ran", "to", "it"};
        java.util.Random random = new java.util.Random(9);
        for (int doc = 0; doc < 300; doc++) {
            for (int w = 0; w < 30; w++) {
                text.append(words[random.nextInt(words.length)]).append(w == 29 ? ".\n\n" : " ");
            }
        }
        corpus = Files.writeString(dir.resolve("corpus.txt"), text);
    }

    private static Path config(String name, String preset, String extra) throws IOException {
        return Files.writeString(dir.resolve(name + ".conf"), """
                include "presets/%s.conf"
                run { name = %s, output-dir = "%s" }
                backend.threads = 2
                data { sources = [ { path = "%s", text-unit = paragraph } ], validation-fraction = 0.1 }
                tokenizer { type = byte-bpe, vocab-size = 300 }
                model { layers = 2, heads = 2, kv-heads = 2, width = 32, context = 16, vocab-size = auto }
                training { steps = 8, batch = 4, context = 16, lr = 3e-3, warmup = 2, eval-every = 0,
                           checkpoint-every = 0, log-every = 4, eval-batches = 1, clip = 0 }
                generation { prompts = ["the cat"], max-tokens = 4, temperature = 0 }
                %s
                """.formatted(preset, name, dir.resolve("runs"), corpus, extra));
    }

    private static Cli train(Path config) {
        return Cli.run("train", config.toString(), "--plugins", Cli.noPlugins());
    }

    private static List<Double> losses(String run) throws IOException {
        return Files.readAllLines(dir.resolve("runs").resolve(run).resolve("metrics.jsonl")).stream()
                .map(line -> Double.parseDouble(line.replaceAll(".*\"loss\":([^,]+),.*", "$1"))).toList();
    }

    private static long parameters(String preset, int vocabulary) throws IOException {
        PluginRegistry registry = PluginRegistry.discover(List.of());
        Path file = Files.writeString(dir.resolve(preset + "-only.conf"), "include \"presets/" + preset + ".conf\"\n");
        Assembly assembly = Assembly.of(registry, new RunConfigLoader(registry).load(file, List.of()));
        Backends.setDefault(assembly.component(ExtensionPoint.BACKEND));
        Architecture architecture = assembly.component(ExtensionPoint.ARCHITECTURE);
        return architecture.create(vocabulary, 1).module().parameterCount();
    }

    /** Counts Hugging Face reports for openai-community/gpt2 and gpt2-medium (head tied, so counted once). */
    @Test
    void gpt2PresetsHaveThePublishedParameterCounts() throws IOException {
        assertEquals(124_439_808L, parameters("gpt2-small", 50257));
        assertEquals(354_823_168L, parameters("gpt2-medium", 50257));
    }

    /** Llama layout in closed form: untied head, no biases, q/k/v/o with grouped key/value heads, SwiGLU, RMSNorm. */
    @Test
    void llamaPresetsHaveTheirClosedFormParameterCounts() throws IOException {
        int vocabulary = 32000;
        long[][] shapes = {{4, 4, 2, 128, 352}, {12, 12, 4, 768, 2048}}; // layers, heads, kv-heads, width, ffn-width
        String[] presets = {"llama-tiny", "llama-small"};
        for (int i = 0; i < presets.length; i++) {
            long layers = shapes[i][0];
            long headDim = shapes[i][3] / shapes[i][1];
            long d = shapes[i][3];
            long attention = d * d + 2 * d * (shapes[i][2] * headDim) + d * d;
            long feedForward = 3 * d * shapes[i][4];
            long expected = 2L * vocabulary * d + layers * (attention + feedForward + 2 * d) + d;
            assertEquals(expected, parameters(presets[i], vocabulary), presets[i]);
        }
    }

    /**
     * With a zero gradient AdamW's moments stay zero, so a step moves a parameter only by decoupled decay:
     * p ← p·(1 − lr·wd) for matrices and embedding tables, and not at all for norms and biases.
     */
    @Test
    void weightDecaySkipsNormsAndBiases() throws IOException {
        Path file = Files.writeString(dir.resolve("small-model.conf"),
                "include \"presets/gpt2-small.conf\"\nmodel { layers = 1, width = 16, heads = 2, kv-heads = 2 }\n");
        PluginRegistry registry = PluginRegistry.discover(List.of());
        Assembly assembly = Assembly.of(registry, new RunConfigLoader(registry).load(file, List.of()));
        Backends.setDefault(assembly.component(ExtensionPoint.BACKEND));
        Module model = ((Architecture) assembly.component(ExtensionPoint.ARCHITECTURE)).create(64, 3).module();
        Map<String, float[]> before = new java.util.LinkedHashMap<>();
        model.namedParameters().forEach((name, t) -> before.put(name, t.toFloatArray()));
        float lr = 0.5f;
        float decay = 0.1f;
        AdamW adamW = new AdamW(model.parameters(), lr, 0.9f, 0.999f, 1e-8f, decay);
        Tensor zero = Tensor.scalar(0f);
        for (Parameter p : model.parameters()) {
            zero = zero.add(p.tensor().mul(0f).sum()); // every parameter gets a gradient, and it is 0
        }
        zero.backward();
        adamW.step();
        int decayed = 0;
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            String name = e.getKey();
            boolean normOrBias = name.endsWith(".bias") || name.contains("ln_");
            float factor = normOrBias ? 1f : 1 - lr * decay;
            float[] was = before.get(name);
            float[] now = e.getValue().toFloatArray();
            for (int i = 0; i < was.length; i++) {
                assertEquals(was[i] * factor, now[i], 1e-6f * Math.abs(was[i]) + 1e-12f, name + "[" + i + "]");
            }
            decayed += normOrBias ? 0 : 1;
        }
        assertTrue(decayed >= 4, "matrices and embeddings were checked: " + before.keySet());
    }

    /** Two micro-batches of 2 make the same update as one batch of 4: the same windows, the gradient averaged. */
    @Test
    void gradientAccumulationMatchesOneLargerBatch() throws IOException {
        Cli whole = train(config("whole", "gpt2-small", ""));
        assertEquals(0, whole.exitCode(), whole.err() + whole.out());
        Cli split = train(config("split", "gpt2-small", "training { batch = 2, grad-accum = 2 }"));
        assertEquals(0, split.exitCode(), split.err() + split.out());
        List<Double> expected = losses("whole");
        List<Double> actual = losses("split");
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            // float sums in another order: a few ulps at loss ~5, growing slowly through 8 Adam steps
            assertEquals(expected.get(i), actual.get(i), 1e-4, "step " + (i + 1) + " of " + expected + " vs " + actual);
        }
        assertTrue(expected.getLast() < expected.getFirst(), "the loss falls: " + expected);
    }

    @Test
    void aDivergingRunStopsWithOneMessageNamingTheStep() throws IOException {
        Cli cli = train(config("diverge", "gpt2-small", "training { lr = 1e30, warmup = 0 }"));
        assertEquals(1, cli.exitCode(), cli.out());
        assertTrue(cli.err().matches("(?s)error: Step \\d+: the training loss is (NaN|Infinity).*training\\.lr.*\\n"), cli.err());
        assertTrue(cli.noStackTrace(), cli.err());
    }

    @Test
    void theLlamaLayoutTrainsAndGeneratesThroughTheCommandLine() throws IOException {
        Cli cli = train(config("llama", "llama-tiny", "model { ffn-width = 64, kv-heads = 1 }\ntraining.steps = 16"));
        assertEquals(0, cli.exitCode(), cli.err() + cli.out());
        assertTrue(cli.out().contains("llama layout"), cli.out());
        List<Double> losses = losses("llama");
        assertTrue(losses.getLast() < losses.getFirst() - 0.5, "the loss falls: " + losses);
        Path checkpoint = dir.resolve("runs/llama/step-000016");
        Cli generated = Cli.run("generate", checkpoint.toString(), "--prompt", "the dog", "--max-tokens", "4",
                "--temperature", "0", "--plugins", Cli.noPlugins());
        assertEquals(0, generated.exitCode(), generated.err());
        assertTrue(generated.out().startsWith("the dog"), generated.out());
    }
}
