package dev.basalt.bart;

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

/** The model block as users write it, dropout as a training run applies it, and the position limit. */
class BartConfigTest {

    @BeforeAll
    static void backend() {
        BartTesting.useCpu();
    }

    private static Config model(String user) {
        return ModelBlocks.written("bart", user);
    }

    @Test
    void theDecoderFollowsTheEncoderUnlessSet() {
        BartConfig c = BartConfig.fromConfig(model("layers = 3\nheads = 4\nwidth = 32\nffn-width = 64"), 100);
        assertEquals(3, c.decoderLayers());
        assertEquals(4, c.decoderHeads());
        assertEquals(64, c.decoderFfnWidth());
        assertEquals(100, c.vocabSize());
        BartConfig other = BartConfig.fromConfig(model("decoder-layers = 1\ndecoder-heads = 6\ndecoder-ffn-width = 10"),
                100);
        assertEquals(1, other.decoderLayers());
        assertEquals(6, other.decoderHeads());
        assertEquals(10, other.decoderFfnWidth());
    }

    @Test
    void badValuesAreOneMessageNamingTheFileAndTheValidChoices() {
        assertRefused(() -> BartConfig.fromConfig(model("activation = swish"), 100), "run.conf",
                "gelu, gelu_new and relu");
        assertRefused(() -> BartConfig.fromConfig(model("vocab-size = 50"), 100), "smaller than the tokenizer's 100");
        assertRefused(() -> BartConfig.fromConfig(model("heads = 5"), 100), "multiple of heads (5)");
        assertRefused(() -> BartConfig.fromConfig(model("eos-token-id = 100"), 100), "[0, vocab-size)");
    }

    @Test
    void aShapeThatDoesNotFitIsNamedByTheValueTheUserSet() {
        Config set = ConfigFactory.parseString("width = 130", ConfigParseOptions.defaults()
                .setOriginDescription("--set model.width=130")).withFallback(ModelBlocks.preset("bart", "bart-base"));
        assertRefused(() -> BartConfig.fromConfig(set, ModelSettings.NO_TOKENIZER),
                "--set model.width=130: model block: width (130) must be a multiple of heads (12)");
    }

    /** Dropout masks are a function of the step's seed: the same seed repeats a forward pass, another changes it. */
    @Test
    void dropoutIsSeededAndOnlyActiveWhileTraining() {
        BartConfig config = BartConfig.fromConfig(model("layers = 1\nheads = 2\nwidth = 16\nffn-width = 32\n"
                + "positions = 8\ndropout = 0.3"), 20);
        BartModel model = new BartModel(config, 1);
        int[] targets = {4, 5, 2};
        TokenBatch batch = TokenBatch.seq2seq(1, 4, new int[] {0, 8, 9, 2}, null, 3,
                TokenBatch.shiftRight(targets, 1, 3, 2, 1), targets);
        SeededDropout.assertSeededAndOnlyActiveWhileTraining(model, batch);
    }

    @Test
    void aSequenceLongerThanThePositionTableIsOneClearMessage() {
        BartModel model = new BartModel(BartConfig.fromConfig(model("layers = 1\nheads = 2\nwidth = 16\nffn-width = 32\n"
                + "positions = 4"), 20), 1);
        int[] targets = {4, 5, 2};
        TokenBatch batch = TokenBatch.seq2seq(1, 5, new int[] {0, 7, 8, 9, 2}, null, 3,
                TokenBatch.shiftRight(targets, 1, 3, 2, 1), targets);
        assertRefused(() -> model.logits(batch), "at most 4 positions", "needs 5");
    }
}
