package dev.basalt.bert;

import dev.basalt.api.BasaltException;
import dev.basalt.api.format.SafetensorsCheckpoint;
import dev.basalt.api.format.SafetensorsWriter;
import dev.basalt.api.format.StoredTensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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

class HfBertCheckpointTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void backend() {
        BertTesting.useCpu();
    }

    @Test
    void theTiniestHfBertExportsEveryTensorByteForByte() throws IOException {
        Path hf = BertTesting.sharedData("models/lm-buddy-bert-tiniest");
        BertModel model = HfBertCheckpoint.load(hf);
        assertEquals(30522, model.vocabSize());
        assertEquals(4, model.hiddenSize());
        model.save(dir);
        try (SafetensorsCheckpoint original = SafetensorsCheckpoint.open(hf);
             SafetensorsCheckpoint exported = SafetensorsCheckpoint.open(dir)) {
            assertEquals(new TreeSet<>(original.tensors().keySet()), new TreeSet<>(exported.tensors().keySet()));
            for (String name : original.tensors().keySet()) {
                StoredTensor a = original.tensors().get(name);
                StoredTensor b = exported.tensors().get(name);
                assertEquals(a.dtype(), b.dtype(), name);
                assertArrayEquals(a.shape(), b.shape(), name);
                assertArrayEquals(a.data().toArray(ValueLayout.JAVA_BYTE), b.data().toArray(ValueLayout.JAVA_BYTE), name);
            }
        }
        BertConfig again = HfBertCheckpoint.readConfig(dir).withHeads(false, true);
        assertEquals(model.config(), again);
    }

    @Test
    void aBareBertModelWithBuffersAndNspHeadLoadsWithoutPrefix() throws IOException {
        BertModel model = new BertModel(BertTesting.small(BertConfig.Variant.BERT, 50), 2);
        model.save(dir);
        Path bare = Files.createDirectories(dir.resolve("bare"));
        Files.copy(dir.resolve("config.json"), bare.resolve("config.json"));
        List<StoredTensor> tensors = new ArrayList<>();
        try (SafetensorsCheckpoint saved = SafetensorsCheckpoint.open(dir)) {
            for (StoredTensor t : saved.tensors().values()) {
                tensors.add(StoredTensor.ofFloats(t.name().replaceFirst("^bert\\.", ""), t.shape(), t.toFloats()));
            }
        }
        // what HF files carry beside the parameters, and its loader skips
        tensors.add(StoredTensor.ofLongs("embeddings.position_ids", new long[] {1, 32}, new long[32]));
        tensors.add(StoredTensor.ofFloats("cls.seq_relationship.weight", new long[] {2, 16}, new float[32]));
        tensors.add(StoredTensor.ofFloats("cls.seq_relationship.bias", new long[] {2}, new float[2]));
        tensors.add(StoredTensor.ofFloats("cls.predictions.decoder.weight", new long[] {50, 16}, new float[800]));
        SafetensorsWriter.write(bare.resolve("model.safetensors"), tensors, Map.of());
        BertModel loaded = HfBertCheckpoint.load(bare);
        assertTrue(loaded.config().pooler() && loaded.config().mlmHead());
        for (var e : model.namedParameters().entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), loaded.namedParameters().get(e.getKey()).toFloatArray(), 0f,
                    e.getKey());
        }
    }

    @Test
    void anEncoderWithoutHeadsLoadsAsOne() throws IOException {
        BertModel model = new BertModel(BertTesting.small(BertConfig.Variant.ROBERTA, 50).withHeads(false, false), 4);
        model.save(dir);
        BertModel loaded = HfBertCheckpoint.load(dir);
        assertEquals(BertConfig.Variant.ROBERTA, loaded.config().variant());
        assertFalse(loaded.config().pooler() || loaded.config().mlmHead());
        BasaltException e = assertThrows(BasaltException.class, () -> loaded.logits(
                new dev.basalt.api.model.TokenBatch(1, 2, new int[] {3, 4}, new int[2])));
        assertTrue(e.getMessage().contains("no masked-language-model head"), e.getMessage());
    }

    @Test
    void distilbertAndAlbertRoundTripThroughTheirHfNamesAndConfigs() throws IOException {
        for (BertConfig.Variant variant : new BertConfig.Variant[] {BertConfig.Variant.DISTILBERT, BertConfig.Variant.ALBERT}) {
            BertModel model = new BertModel(BertTesting.small(variant, 60), 9);
            Path folder = dir.resolve(variant.modelType());
            model.save(folder);
            String config = Files.readString(folder.resolve("config.json"));
            assertTrue(config.contains("\"model_type\": \"" + variant.modelType() + "\""), config);
            BertModel loaded = HfBertCheckpoint.load(folder);
            assertEquals(model.config(), loaded.config());
            for (var e : model.namedParameters().entrySet()) {
                assertArrayEquals(e.getValue().toFloatArray(), loaded.namedParameters().get(e.getKey()).toFloatArray(),
                        0f, e.getKey());
            }
        }
    }

    @Test
    void missingUnexpectedAndMisshapenTensorsAreListedInOneMessage() throws IOException {
        BertModel model = new BertModel(BertTesting.small(BertConfig.Variant.BERT, 40), 1);
        model.save(dir);
        List<StoredTensor> tensors = new ArrayList<>();
        try (SafetensorsCheckpoint saved = SafetensorsCheckpoint.open(dir)) {
            for (StoredTensor t : saved.tensors().values()) {
                if (t.name().equals("bert.encoder.layer.1.output.LayerNorm.bias")) {
                    continue;
                }
                if (t.name().equals("bert.embeddings.position_embeddings.weight")) {
                    tensors.add(StoredTensor.ofFloats(t.name(), new long[] {8, 16}, new float[128]));
                    continue;
                }
                tensors.add(new StoredTensor(t.name(), t.dtype(), t.shape(), MemorySegment.ofArray(
                        t.data().toArray(ValueLayout.JAVA_BYTE))));
            }
        }
        tensors.add(StoredTensor.ofFloats("bert.encoder.layer.2.output.dense.weight", new long[] {1}, new float[1]));
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.copy(dir.resolve("config.json"), broken.resolve("config.json"));
        SafetensorsWriter.write(broken.resolve("model.safetensors"), tensors, Map.of());
        BasaltException e = assertThrows(BasaltException.class, () -> HfBertCheckpoint.load(broken));
        assertTrue(e.getMessage().contains("missing: bert.encoder.layer.1.output.LayerNorm.bias"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected: bert.encoder.layer.2.output.dense.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("bert.embeddings.position_embeddings.weight is [8, 16], expected [32, 16]"),
                e.getMessage());
        assertFalse(e.getMessage().contains("missing: bert.embeddings"), e.getMessage());
    }

    @Test
    void aConfigOfAnotherModelTypeIsRefused() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"gpt2\"}");
        BasaltException e = assertThrows(BasaltException.class, () -> HfBertCheckpoint.load(dir));
        assertTrue(e.getMessage().contains("model_type \"gpt2\"") && e.getMessage().contains("bert, roberta, distilbert and albert"),
                e.getMessage());
    }
}
