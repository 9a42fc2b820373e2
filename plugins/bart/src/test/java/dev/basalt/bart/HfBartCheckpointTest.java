package dev.basalt.bart;

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

import static dev.basalt.conformance.Refusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HfBartCheckpointTest {

    private static final int VOCAB = 31;
    private static final long[] TABLE = {VOCAB, 16};

    @TempDir
    Path dir;

    @BeforeAll
    static void backend() {
        BartTesting.useCpu();
    }

    private static BartModel model(boolean tied, long seed) {
        BartModel model = new BartModel(BartTesting.tiny(VOCAB, BartConfig.Activation.GELU, false, tied), seed);
        BartTesting.randomize(model, seed);
        model.eval();
        return model;
    }

    @Test
    void exportsHfNamesAndShapesWithTheTiedTableOnce() throws IOException {
        BartModel model = model(true, 5);
        model.save(dir);
        Set<String> names = CheckpointFiles.names(dir);
        assertTrue(names.contains("model.shared.weight"));
        assertFalse(names.contains("lm_head.weight"), "tied: the head is model.shared.weight");
        assertFalse(names.contains("model.encoder.embed_tokens.weight") || names.contains("model.decoder.embed_tokens.weight"));
        for (String name : List.of("model.encoder.layers.1.self_attn.q_proj.bias",
                "model.encoder.layers.1.self_attn.out_proj.weight", "model.encoder.layers.0.self_attn_layer_norm.bias",
                "model.encoder.layers.1.fc1.weight", "model.encoder.layers.1.fc2.bias",
                "model.encoder.layers.1.final_layer_norm.weight", "model.encoder.layernorm_embedding.weight",
                "model.decoder.layers.2.encoder_attn.k_proj.weight", "model.decoder.layers.2.encoder_attn_layer_norm.bias",
                "model.decoder.layernorm_embedding.bias", "model.decoder.embed_positions.weight", "final_logits_bias")) {
            assertTrue(names.contains(name), name + " in " + names);
        }
        assertFalse(names.stream().anyMatch(n -> n.startsWith("model.encoder.layers.") && n.contains("encoder_attn")));
        // HF shapes: positions [n_positions + 2, d_model], projections [out, in], fc1 [ffn, d_model],
        // final_logits_bias [1, vocab].
        try (SafetensorsCheckpoint saved = SafetensorsCheckpoint.open(dir)) {
            assertArrayEquals(new long[] {14, 16}, saved.tensors().get("model.encoder.embed_positions.weight").shape());
            assertArrayEquals(new long[] {14, 16}, saved.tensors().get("model.decoder.embed_positions.weight").shape());
            assertArrayEquals(new long[] {16, 16}, saved.tensors().get("model.decoder.layers.0.self_attn.v_proj.weight").shape());
            assertArrayEquals(new long[] {36, 16}, saved.tensors().get("model.encoder.layers.0.fc1.weight").shape());
            assertArrayEquals(new long[] {28, 16}, saved.tensors().get("model.decoder.layers.0.fc1.weight").shape());
            assertArrayEquals(new long[] {1, VOCAB}, saved.tensors().get("final_logits_bias").shape());
        }
        Config json = ConfigFactory.parseFile(dir.resolve("config.json").toFile());
        assertEquals("bart", json.getString("model_type"));
        assertEquals(16, json.getInt("d_model"));
        assertEquals(2, json.getInt("encoder_layers"));
        assertEquals(3, json.getInt("decoder_layers"));
        assertEquals(2, json.getInt("encoder_attention_heads"));
        assertEquals(4, json.getInt("decoder_attention_heads"));
        assertEquals(36, json.getInt("encoder_ffn_dim"));
        assertEquals(28, json.getInt("decoder_ffn_dim"));
        assertEquals(12, json.getInt("max_position_embeddings"));
        assertEquals("gelu", json.getString("activation_function"));
        assertFalse(json.getBoolean("scale_embedding"));
        assertTrue(json.getBoolean("tie_word_embeddings"));
        assertEquals(List.of(0, 1, 2, 2), List.of(json.getInt("bos_token_id"), json.getInt("pad_token_id"),
                json.getInt("eos_token_id"), json.getInt("decoder_start_token_id")));
        CheckpointFiles.assertSameWeights(model, HfBartCheckpoint.load(dir));
        assertEquals(model.config(), HfBartCheckpoint.readConfig(dir));
    }

    @Test
    void anUntiedHeadRoundTripsAsLmHead() throws IOException {
        BartModel model = model(false, 6);
        model.save(dir);
        assertTrue(CheckpointFiles.names(dir).contains("lm_head.weight"));
        CheckpointFiles.assertSameWeights(model, HfBartCheckpoint.load(dir));
    }

    /**
     * The layouts HF writes besides ours: every tied name stored (embed_tokens copies and lm_head), only an
     * embed_tokens copy, and the bare {@code BartModel} without {@code model.} or {@code final_logits_bias}. Each loads
     * and computes what the model did (the bare one with a zero head bias, as HF leaves that buffer).
     */
    @Test
    void otherHfLayoutsLoadToTheSameModel() throws IOException {
        BartModel model = model(true, 7);
        model.save(dir);
        float[] table = model.namedParameters().get("model.shared.weight").toFloatArray();
        Path all = CheckpointFiles.rewrite(dir, dir.resolve("all"), t -> t,
                StoredTensor.ofFloats("model.encoder.embed_tokens.weight", TABLE, table),
                StoredTensor.ofFloats("model.decoder.embed_tokens.weight", TABLE, table),
                StoredTensor.ofFloats("lm_head.weight", TABLE, table));
        BartModel loaded = HfBartCheckpoint.load(all);
        CheckpointFiles.assertSameWeights(model, loaded);
        Path aliasOnly = CheckpointFiles.rewrite(dir, dir.resolve("alias"), t -> t.name().equals("model.shared.weight")
                ? StoredTensor.ofFloats("model.decoder.embed_tokens.weight", t.shape(), t.toFloats()) : t);
        CheckpointFiles.assertSameWeights(model, HfBartCheckpoint.load(aliasOnly));
        int[] inputs = {0, 3, 9, 4, 2};
        int[] targets = {0, 7, 5, 2};
        TokenBatch batch = TokenBatch.seq2seq(1, 5, inputs, null, 4, TokenBatch.shiftRight(targets, 1, 4, 2, 1), targets);
        try (NoGrad ignored = NoGrad.enter()) {
            assertArrayEquals(model.logits(batch).toFloatArray(), loaded.logits(batch).toFloatArray(), 0f);
            Path bare = CheckpointFiles.rewrite(dir, dir.resolve("bare"), t -> t.name().equals("final_logits_bias")
                    ? null
                    : StoredTensor.ofFloats(t.name().substring("model.".length()), t.shape(), t.toFloats()));
            BartModel fromBare = HfBartCheckpoint.load(bare);
            float[] bias = model.namedParameters().get("final_logits_bias").toFloatArray();
            float[] withBias = model.logits(batch).toFloatArray();
            float[] withoutBias = fromBare.logits(batch).toFloatArray();
            for (int i = 0; i < withBias.length; i++) {
                assertEquals(withBias[i] - bias[i % VOCAB], withoutBias[i], 1e-5f, "logit " + i);
            }
        }
    }

    @Test
    void missingUnexpectedAndMisshapenTensorsAreListedInOneMessage() throws IOException {
        model(true, 8).save(dir);
        Path broken = CheckpointFiles.rewrite(dir, dir.resolve("broken"), t -> switch (t.name()) {
            case "model.encoder.layernorm_embedding.weight" -> null;
            case "model.decoder.embed_positions.weight" -> StoredTensor.ofFloats(t.name(), new long[] {12, 16},
                    new float[12 * 16]);
            default -> t;
        }, StoredTensor.ofFloats("model.encoder.layers.1.encoder_attn.q_proj.weight", new long[] {16, 16},
                new float[256]));
        assertRefused(() -> HfBartCheckpoint.load(broken), "missing: model.encoder.layernorm_embedding.weight\n",
                "unexpected: model.encoder.layers.1.encoder_attn.q_proj.weight",
                "model.decoder.embed_positions.weight is [12, 16], expected [14, 16]");
    }

    /** facebook/bart-base's published config.json reads as our bart-base preset (with its vocabulary). */
    @Test
    void theConfigOfBartBaseReadsAsOurPreset() throws IOException {
        Files.writeString(dir.resolve("config.json"), """
                {"_name_or_path": "bart-base", "activation_dropout": 0.1, "activation_function": "gelu",
                 "add_bias_logits": false, "add_final_layer_norm": false, "architectures": ["BartModel"],
                 "attention_dropout": 0.1, "bos_token_id": 0, "classif_dropout": 0.1, "classifier_dropout": 0.0,
                 "d_model": 768, "decoder_attention_heads": 12, "decoder_ffn_dim": 3072, "decoder_layerdrop": 0.0,
                 "decoder_layers": 6, "decoder_start_token_id": 2, "dropout": 0.1, "early_stopping": true,
                 "encoder_attention_heads": 12, "encoder_ffn_dim": 3072, "encoder_layerdrop": 0.0,
                 "encoder_layers": 6, "eos_token_id": 2, "forced_eos_token_id": 2, "gradient_checkpointing": false,
                 "init_std": 0.02, "is_encoder_decoder": true, "max_position_embeddings": 1024,
                 "model_type": "bart", "no_repeat_ngram_size": 3, "normalize_before": false, "normalize_embedding": true,
                 "num_beams": 4, "num_hidden_layers": 6, "pad_token_id": 1, "scale_embedding": false,
                 "use_cache": true, "vocab_size": 50265}
                """);
        Config preset = ModelBlocks.preset("bart", "bart-base");
        assertEquals(BartConfig.fromConfig(preset, 50265), HfBartCheckpoint.readConfig(dir));
        assertEquals(139_420_416 + 50265, new BartModel(HfBartCheckpoint.readConfig(dir), 0).parameterCount(),
                "bart-base's 139.42M parameters (HF's count of BartModel) plus final_logits_bias");
    }

    @Test
    void anotherModelTypeOrAPreNormLayoutIsRefused() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"t5\"}");
        assertRefused(() -> HfBartCheckpoint.load(dir), "model_type \"t5\"", "reads bart");
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bart\", \"normalize_before\": true}");
        assertRefused(() -> HfBartCheckpoint.load(dir), "normalize_before = true", "post-LN");
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bart\", \"activation_function\": \"swish\"}");
        assertRefused(() -> HfBartCheckpoint.load(dir), "config.json", "gelu, gelu_new and relu");
    }
}
