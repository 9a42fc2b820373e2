package dev.basalt.gpt;

import dev.basalt.api.BasaltException;
import dev.basalt.api.format.SafetensorsCheckpoint;
import dev.basalt.api.format.SafetensorsWriter;
import dev.basalt.api.format.StoredTensor;
import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HfGptCheckpointTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void backend() {
        GptTesting.useCpu();
    }

    @Test
    void importsTheHfGpt2CheckpointAndExportsEveryTensorUnchanged() throws IOException {
        Path hf = GptTesting.sharedData("models/lm-buddy-fake-gpt2");
        GptModel model = HfGptCheckpoint.load(hf);
        assertEquals(GptConfig.Layout.GPT2, model.config().layout());
        assertEquals(50257, model.vocabSize());
        assertEquals(2, model.config().width());
        model.save(dir);
        try (SafetensorsCheckpoint original = SafetensorsCheckpoint.open(hf);
             SafetensorsCheckpoint exported = SafetensorsCheckpoint.open(dir)) {
            TreeSet<String> parameters = new TreeSet<>(original.tensors().keySet());
            parameters.removeIf(n -> n.endsWith(".attn.bias") || n.endsWith(".attn.masked_bias"));
            assertEquals(parameters, new TreeSet<>(exported.tensors().keySet()));
            for (String name : parameters) {
                StoredTensor a = original.tensors().get(name);
                StoredTensor b = exported.tensors().get(name);
                assertArrayEquals(a.shape(), b.shape(), name);
                assertArrayEquals(a.toFloats(), b.toFloats(), 0f, name);
            }
        }
        GptConfig again = HfGptCheckpoint.readConfig(dir);
        assertEquals(model.config(), again);
    }

    @Test
    void importsAGpt2ModelWithoutTheTransformerPrefix() {
        Path hf = GptTesting.sharedData("models/lm-buddy-tiny-gpt2");
        GptModel model = HfGptCheckpoint.load(hf);
        assertEquals(21, model.vocabSize());
        assertTrue(model.namedParameters().containsKey("transformer.wte.weight"));
    }

    @Test
    void llamaRoundTripsThroughHfNames() throws IOException {
        GptModel model = new GptModel(GptTesting.llama(50), 7);
        model.save(dir);
        try (SafetensorsCheckpoint saved = SafetensorsCheckpoint.open(dir)) {
            assertTrue(saved.tensors().containsKey("model.layers.0.self_attn.k_proj.weight"));
            assertArrayEquals(new long[] {16, 32}, saved.tensors().get("model.layers.0.self_attn.k_proj.weight").shape());
            assertTrue(saved.tensors().containsKey("lm_head.weight"));
        }
        GptModel loaded = HfGptCheckpoint.load(dir);
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), loaded.namedParameters().get(e.getKey()).toFloatArray(), 0f);
        }
    }

    @Test
    void missingUnexpectedAndMisshapenTensorsAreListedInOneMessage() throws IOException {
        GptModel model = new GptModel(GptTesting.gpt2(40), 1);
        model.save(dir);
        List<StoredTensor> tensors = new ArrayList<>();
        try (SafetensorsCheckpoint saved = SafetensorsCheckpoint.open(dir)) {
            for (StoredTensor t : saved.tensors().values()) {
                if (t.name().equals("transformer.ln_f.bias")) {
                    continue; // missing
                }
                if (t.name().equals("transformer.wpe.weight")) {
                    tensors.add(StoredTensor.ofFloats(t.name(), new long[] {8, 32}, new float[256])); // wrong shape
                    continue;
                }
                tensors.add(StoredTensor.ofFloats(t.name(), t.shape(), t.toFloats()));
            }
        }
        tensors.add(StoredTensor.ofFloats("transformer.h.9.mlp.c_fc.weight", new long[] {1}, new float[1]));
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.copy(dir.resolve("config.json"), broken.resolve("config.json"));
        SafetensorsWriter.write(broken.resolve("model.safetensors"), tensors, Map.of());
        BasaltException e = assertThrows(BasaltException.class, () -> HfGptCheckpoint.load(broken));
        assertTrue(e.getMessage().contains("missing: transformer.ln_f.bias"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected: transformer.h.9.mlp.c_fc.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("transformer.wpe.weight is [8, 32], expected [64, 32]"), e.getMessage());
        assertFalse(e.getMessage().contains("missing: transformer.wpe"), e.getMessage());
    }

    @Test
    void aShardedCheckpointLoads() throws IOException {
        GptModel model = new GptModel(GptTesting.gpt2(40), 3);
        model.save(dir);
        Path sharded = Files.createDirectories(dir.resolve("sharded"));
        Files.copy(dir.resolve("config.json"), sharded.resolve("config.json"));
        List<StoredTensor> first = new ArrayList<>();
        List<StoredTensor> second = new ArrayList<>();
        StringBuilder map = new StringBuilder();
        try (SafetensorsCheckpoint saved = SafetensorsCheckpoint.open(dir)) {
            int i = 0;
            for (StoredTensor t : saved.tensors().values()) {
                boolean one = i++ % 2 == 0;
                (one ? first : second).add(StoredTensor.ofFloats(t.name(), t.shape(), t.toFloats()));
                map.append(map.isEmpty() ? "" : ",").append('"').append(t.name()).append("\":\"")
                        .append(one ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors").append('"');
            }
        }
        SafetensorsWriter.write(sharded.resolve("model-00001-of-00002.safetensors"), first, Map.of());
        SafetensorsWriter.write(sharded.resolve("model-00002-of-00002.safetensors"), second, Map.of());
        Files.writeString(sharded.resolve("model.safetensors.index.json"),
                "{\"metadata\":{\"total_size\":0},\"weight_map\":{" + map + "}}");
        GptModel loaded = HfGptCheckpoint.load(sharded);
        assertArrayEquals(model.namedParameters().get("transformer.h.1.attn.c_attn.weight").toFloatArray(),
                loaded.namedParameters().get("transformer.h.1.attn.c_attn.weight").toFloatArray(), 0f);
    }

    @Test
    void aConfigOfAnotherModelTypeIsRefused() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bert\"}");
        BasaltException e = assertThrows(BasaltException.class, () -> HfGptCheckpoint.load(dir));
        assertTrue(e.getMessage().contains("model_type \"bert\"") && e.getMessage().contains("gpt2 and llama"), e.getMessage());
    }
}
