package dev.basalt.t5;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.basalt.api.model.ModelSettings;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.conformance.ModelBlocks;
import dev.basalt.conformance.SeededDropout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.basalt.conformance.Refusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model block as users write it, and dropout as a training run applies it. */
class T5ConfigTest {

    @BeforeAll
    static void backend() {
        T5Testing.useCpu();
    }

    private static Config model(String user) {
        return ModelBlocks.written("t5", user);
    }

    @Test
    void theVariantDecidesWhatAutoMeans() {
        T5Config v10 = T5Config.fromConfig(model("variant = v1.0\nlayers = 3"), 100);
        assertEquals(T5Config.FeedForward.RELU, v10.feedForward());
        assertTrue(v10.tied());
        assertEquals(3, v10.decoderLayers(), "decoder-layers = auto follows layers");
        assertEquals(100, v10.vocabSize());
        T5Config v11 = T5Config.fromConfig(model("variant = v1.1\ntie-embeddings = true\ndecoder-layers = 2"), 100);
        assertEquals(T5Config.FeedForward.GATED_GELU, v11.feedForward());
        assertTrue(v11.tied(), "an explicit setting wins over the variant");
        assertEquals(2, v11.decoderLayers());
    }

    @Test
    void badValuesAreOneMessageNamingTheFileAndTheValidChoices() {
        assertRefused(() -> T5Config.fromConfig(model("variant = v2"), 100), "run.conf", "v1.0 or v1.1");
        assertRefused(() -> T5Config.fromConfig(model("vocab-size = 50"), 100), "smaller than the tokenizer's 100");
        assertRefused(() -> T5Config.fromConfig(model("eos-token-id = 100"), 100), "[0, vocab-size)");
        assertRefused(() -> T5Config.fromConfig(model("relative-buckets = 7"), 100),
                "relative-buckets must be an even number");
    }

    @Test
    void aRefusedValueIsNamedByItsOwnOriginNotTheMergedBlock() {
        Config set = ConfigFactory.parseString("variant = v2", ConfigParseOptions.defaults()
                .setOriginDescription("--set model.variant=v2")).withFallback(ModelBlocks.preset("t5", "t5-tiny"));
        assertRefused(() -> T5Config.fromConfig(set, 100), "--set model.variant=v2: model.variant = \"v2\"");
        Config heads = ConfigFactory.parseString("heads = -3", ConfigParseOptions.defaults()
                .setOriginDescription("--set model.heads=-3")).withFallback(ModelBlocks.preset("t5", "t5-tiny"));
        assertRefused(() -> T5Config.fromConfig(heads, ModelSettings.NO_TOKENIZER), "--set model.heads=-3: model block:");
    }

    /** Dropout masks are a function of the step's seed: the same seed repeats a forward pass, another changes it. */
    @Test
    void dropoutIsSeededAndOnlyActiveWhileTraining() {
        T5Config config = T5Config.fromConfig(model("layers = 1\nheads = 2\nhead-width = 8\nwidth = 16\nffn-width = 32\n"
                + "dropout = 0.3"), 20);
        T5Model model = new T5Model(config, 1);
        int[] targets = {4, 5, 1};
        TokenBatch batch = TokenBatch.seq2seq(1, 4, new int[] {7, 8, 9, 1}, null, 3,
                TokenBatch.shiftRight(targets, 1, 3, 0, 0), targets);
        SeededDropout.assertSeededAndOnlyActiveWhileTraining(model, batch);
    }
}
