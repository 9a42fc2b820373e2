package dev.basalt.t5;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.basalt.api.format.SafetensorsCheckpoint;
import dev.basalt.api.format.StoredTensor;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.conformance.CheckpointFiles;
import dev.basalt.conformance.ModelBlocks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.basalt.conformance.Refusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HfT5CheckpointTest {

    private static final int VOCAB = 31;

    @TempDir
    Path dir;

    @BeforeAll
    static void backend() {
        T5Testing.useCpu();
    }

    @Test
    void v10ExportsHfNamesWithTheTiedTableOnceAndTheBiasOnlyInBlockZero() throws IOException {
        T5Model model = new T5Model(T5Testing.tiny(true, VOCAB), 5);
        model.save(dir);
        Set<String> names = CheckpointFiles.names(dir);
        assertTrue(names.contains("shared.weight"));
        assertFalse(names.contains("lm_head.weight"), "tied: the head is shared.weight");
        assertFalse(names.contains("encoder.embed_tokens.weight") || names.contains("decoder.embed_tokens.weight"));
        assertEquals(Set.of("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
                "decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"),
                new TreeSet<>(names.stream().filter(n -> n.contains("relative_attention_bias")).toList()));
        for (String name : List.of("encoder.block.1.layer.0.SelfAttention.q.weight",
                "encoder.block.1.layer.1.DenseReluDense.wi.weight", "encoder.block.1.layer.1.layer_norm.weight",
                "decoder.block.2.layer.1.EncDecAttention.o.weight", "decoder.block.2.layer.2.DenseReluDense.wo.weight",
                "decoder.block.2.layer.2.layer_norm.weight", "encoder.final_layer_norm.weight",
                "decoder.final_layer_norm.weight")) {
            assertTrue(names.contains(name), name + " in " + names);
        }
        // HF shapes: q [n_heads·d_kv, d_model], o [d_model, n_heads·d_kv], bias table [buckets, heads], wi [d_ff, d_model].
        try (SafetensorsCheckpoint saved = SafetensorsCheckpoint.open(dir)) {
            assertArrayEquals(new long[] {24, 20}, saved.tensors().get("encoder.block.0.layer.0.SelfAttention.q.weight").shape());
            assertArrayEquals(new long[] {20, 24}, saved.tensors().get("decoder.block.1.layer.1.EncDecAttention.o.weight").shape());
            assertArrayEquals(new long[] {8, 3},
                    saved.tensors().get("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight").shape());
            assertArrayEquals(new long[] {36, 20}, saved.tensors().get("encoder.block.0.layer.1.DenseReluDense.wi.weight").shape());
        }
        Config json = ConfigFactory.parseFile(dir.resolve("config.json").toFile());
        assertEquals("t5", json.getString("model_type"));
        assertEquals(20, json.getInt("d_model"));
        assertEquals(8, json.getInt("d_kv"));
        assertEquals(36, json.getInt("d_ff"));
        assertEquals(2, json.getInt("num_layers"));
        assertEquals(3, json.getInt("num_decoder_layers"));
        assertEquals(3, json.getInt("num_heads"));
        assertEquals(8, json.getInt("relative_attention_num_buckets"));
        assertEquals(20, json.getInt("relative_attention_max_distance"));
        assertEquals("relu", json.getString("feed_forward_proj"));
        assertTrue(json.getBoolean("tie_word_embeddings"));
        assertEquals(0, json.getInt("decoder_start_token_id"));
        CheckpointFiles.assertSameWeights(model, HfT5Checkpoint.load(dir));
        assertEquals(model.config(), HfT5Checkpoint.readConfig(dir));
    }

    @Test
    void v11RoundTripsWithItsUntiedHeadAndGatedFeedForward() throws IOException {
        T5Model model = new T5Model(T5Testing.tiny(false, VOCAB), 6);
        model.save(dir);
        Set<String> names = CheckpointFiles.names(dir);
        assertTrue(names.contains("lm_head.weight"));
        assertTrue(names.contains("decoder.block.0.layer.2.DenseReluDense.wi_0.weight"));
        assertTrue(names.contains("decoder.block.0.layer.2.DenseReluDense.wi_1.weight"));
        assertFalse(names.stream().anyMatch(n -> n.endsWith("DenseReluDense.wi.weight")));
        assertEquals("gated-gelu", ConfigFactory.parseFile(dir.resolve("config.json").toFile()).getString("feed_forward_proj"));
        CheckpointFiles.assertSameWeights(model, HfT5Checkpoint.load(dir));
    }

    /**
     * A file as older HF versions wrote it: the embedding under all three names, the tied head stored too, and the
     * decoder's cross-attention relative bias that HF's own loader ignores. It loads and computes what the model did.
     */
    @Test
    void anOlderHfLayoutWithEveryTiedNameLoadsToTheSameModel() throws IOException {
        T5Model model = new T5Model(T5Testing.tiny(true, VOCAB), 7);
        model.eval();
        model.save(dir);
        float[] table = model.namedParameters().get("shared.weight").toFloatArray();
        long[] shape = {VOCAB, 20};
        Path old = CheckpointFiles.rewrite(dir, dir.resolve("old"), t -> t,
                StoredTensor.ofFloats("encoder.embed_tokens.weight", shape, table),
                StoredTensor.ofFloats("decoder.embed_tokens.weight", shape, table),
                StoredTensor.ofFloats("lm_head.weight", shape, table),
                StoredTensor.ofFloats("decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight",
                        new long[] {8, 3}, new float[24]));
        T5Model loaded = HfT5Checkpoint.load(old);
        CheckpointFiles.assertSameWeights(model, loaded);
        Path aliasOnly = CheckpointFiles.rewrite(dir, dir.resolve("alias"), t -> t.name().equals("shared.weight")
                ? StoredTensor.ofFloats("encoder.embed_tokens.weight", t.shape(), t.toFloats()) : t);
        CheckpointFiles.assertSameWeights(model, HfT5Checkpoint.load(aliasOnly));
        int[] inputs = {3, 9, 4, 1};
        int[] targets = {7, 2, 1};
        TokenBatch batch = TokenBatch.seq2seq(1, 4, inputs, null, 3, TokenBatch.shiftRight(targets, 1, 3, 0, 0), targets);
        try (NoGrad ignored = NoGrad.enter()) {
            assertArrayEquals(model.logits(batch).toFloatArray(), loaded.logits(batch).toFloatArray(), 0f);
        }
    }

    @Test
    void missingUnexpectedAndMisshapenTensorsAreListedInOneMessage() throws IOException {
        new T5Model(T5Testing.tiny(false, VOCAB), 8).save(dir);
        Path broken = CheckpointFiles.rewrite(dir, dir.resolve("broken"), t -> switch (t.name()) {
            case "encoder.final_layer_norm.weight" -> null;
            case "decoder.block.1.layer.1.EncDecAttention.k.weight" ->
                    StoredTensor.ofFloats(t.name(), new long[] {20, 20}, new float[400]);
            default -> t;
        }, StoredTensor.ofFloats("encoder.block.1.layer.0.SelfAttention.relative_attention_bias.weight",
                new long[] {8, 3}, new float[24]));
        String message = assertRefused(() -> HfT5Checkpoint.load(broken), "missing: encoder.final_layer_norm.weight\n",
                "unexpected: encoder.block.1.layer.0.SelfAttention.relative_attention_bias.weight",
                "decoder.block.1.layer.1.EncDecAttention.k.weight is [20, 20], expected [24, 20]");
        assertFalse(message.contains("missing: decoder.block.1"), message);
    }

    /**
     * The published config.json of t5-small (v1.0, which omits feed_forward_proj, num_decoder_layers and tying) and of
     * google/t5-v1_1-small read as the shapes of our two presets.
     */
    @Test
    void hfConfigsOfPublishedModelsReadAsOurPresets() throws IOException {
        Files.writeString(dir.resolve("config.json"), """
                {"architectures": ["T5ForConditionalGeneration"], "d_ff": 2048, "d_kv": 64, "d_model": 512,
                 "decoder_start_token_id": 0, "dropout_rate": 0.1, "eos_token_id": 1, "initializer_factor": 1.0,
                 "is_encoder_decoder": true, "layer_norm_epsilon": 1e-06, "model_type": "t5", "n_positions": 512,
                 "num_heads": 8, "num_layers": 6, "output_past": true, "pad_token_id": 0,
                 "relative_attention_num_buckets": 32, "vocab_size": 32128}
                """);
        assertEquals(preset("t5-small"), HfT5Checkpoint.readConfig(dir).withVocabSize(32128));
        Files.writeString(dir.resolve("config.json"), """
                {"architectures": ["T5ForConditionalGeneration"], "d_ff": 1024, "d_kv": 64, "d_model": 512,
                 "decoder_start_token_id": 0, "dropout_rate": 0.1, "eos_token_id": 1, "feed_forward_proj": "gated-gelu",
                 "initializer_factor": 1.0, "is_encoder_decoder": true, "layer_norm_epsilon": 1e-06,
                 "model_type": "t5", "num_decoder_layers": 8, "num_heads": 6, "num_layers": 8, "output_past": true,
                 "pad_token_id": 0, "relative_attention_num_buckets": 32, "tie_word_embeddings": false,
                 "vocab_size": 32128}
                """);
        assertEquals(preset("t5-v1.1-small"), HfT5Checkpoint.readConfig(dir));
    }

    /** A preset over reference.conf's defaults, with HF's dropout 0.1 since the published configs carry it. */
    private static T5Config preset(String name) {
        Config model = ModelBlocks.preset("t5", name)
                .withValue("dropout", com.typesafe.config.ConfigValueFactory.fromAnyRef(0.1));
        return T5Config.fromConfig(model, 32128);
    }

    @Test
    void anotherModelTypeOrFeedForwardIsRefused() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bart\"}");
        assertRefused(() -> HfT5Checkpoint.load(dir), "model_type \"bart\"", "reads t5");
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"t5\", \"feed_forward_proj\": \"gated-silu\","
                + " \"d_model\": 8, \"d_kv\": 4, \"d_ff\": 16, \"num_layers\": 1, \"num_heads\": 2, \"vocab_size\": 10}");
        assertRefused(() -> HfT5Checkpoint.load(dir), "feed_forward_proj \"gated-silu\"", "gated-gelu");
    }
}
