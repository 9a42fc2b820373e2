package dev.basalt.bart;

import dev.basalt.api.model.TokenBatch;
import dev.basalt.conformance.Seq2SeqReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The model against an independent reference: the same BART written with PyTorch ops through DJL
 * ({@link TorchBart}), loaded with the same weights, must give the same logits and the same parameter gradients, on
 * a batch whose second encoder row is padded. One gradient per kind of parameter is also checked by central finite
 * differences.
 */
class BartReferenceTest {

    private static final int VOCAB = 29;

    @BeforeAll
    static void setUp() {
        BartTesting.useCpu();
    }

    /** A batch with a padded second row; decoder inputs start from </s> (2) as BART's shift_tokens_right does. */
    private static TokenBatch batch() {
        return Seq2SeqReference.paddedBatch(VOCAB, 3, 2, 1);
    }

    private static BartModel model(BartConfig.Activation activation, boolean scale, boolean tied) {
        BartModel model = new BartModel(BartTesting.tiny(VOCAB, activation, scale, tied), 3);
        BartTesting.randomize(model, 17);
        model.eval();
        return model;
    }

    /**
     * Both sides compute in float32 with sums in different orders; the post-LN output has unit scale and the random
     * head std 0.3 over width 16, so logits stay within a few units: a relative 1e-5 of the largest logit bounds the
     * rounding noise. Gradients of one parameter share a scale; float32 rounding of long sums stays under 1e-4 of it.
     */
    @ParameterizedTest
    @CsvSource({"GELU, false, true", "RELU, true, false", "GELU_NEW, false, true"})
    void logitsAndGradientsMatchPyTorch(BartConfig.Activation activation, boolean scale, boolean tied) {
        BartModel model = model(activation, scale, tied);
        Seq2SeqReference.assertLogitsAndGradientsMatch(model, batch(),
                torch -> new TorchBart(torch, model.config(), model.namedParameters(), true), 1e-5f, 1e-4f);
    }

    /**
     * Central differences of the loss against autograd for a position table, a norm, a bias and the head bias.
     * Float32 losses near 3-5 carry ~5e-7 rounding, divided by 2h: ~3e-5; the O(h²) truncation of the central
     * difference is below 1e-4 here. Allow 2% of the gradient plus 2e-4.
     */
    @Test
    void gradientsMatchFiniteDifferences() {
        List<String> names = List.of("model.encoder.embed_positions.weight", "model.decoder.layernorm_embedding.weight",
                "model.decoder.layers.2.encoder_attn.k_proj.weight", "model.encoder.layers.1.fc1.bias",
                "final_logits_bias", "model.shared.weight");
        assertEquals(names.size(), Seq2SeqReference.assertGradientsMatchFiniteDifferences(
                model(BartConfig.Activation.GELU, false, true), batch(), names, 1e-2f, 0.02, 2e-4));
    }
}
