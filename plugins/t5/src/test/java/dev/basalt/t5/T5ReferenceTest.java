package dev.basalt.t5;

import dev.basalt.api.model.TokenBatch;
import dev.basalt.conformance.Seq2SeqReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The model against an independent reference: the same T5 written with PyTorch ops through DJL ({@link TorchT5}),
 * loaded with the same weights, must give the same logits and the same parameter gradients, for v1.0 and v1.1, on
 * a batch whose second encoder row is padded. One gradient is also checked by central finite differences.
 */
class T5ReferenceTest {

    private static final int VOCAB = 29;

    @BeforeAll
    static void setUp() {
        T5Testing.useCpu();
    }

    /** A batch with a padded second row; decoder inputs start from the pad id (0), as T5's do. */
    private static TokenBatch batch() {
        return Seq2SeqReference.paddedBatch(VOCAB, 2, 0, 0);
    }

    private static T5Model model(boolean v10) {
        T5Model model = new T5Model(T5Testing.tiny(v10, VOCAB), v10 ? 3 : 4);
        model.eval();
        return model;
    }

    /**
     * Both sides compute in float32 with sums in different orders; logits reach ~10 (the untied head has
     * unit-variance weights), so a relative 1e-5 of the largest logit bounds the rounding noise. Gradients of one
     * parameter share a scale; float32 rounding of long sums stays under 1e-4 of it.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void logitsAndGradientsMatchPyTorch(boolean v10) {
        T5Model model = model(v10);
        Seq2SeqReference.assertLogitsAndGradientsMatch(model, batch(),
                torch -> new TorchT5(torch, model.config(), model.namedParameters(), true), 1e-5f, 1e-4f);
    }

    /**
     * Central differences of the loss against autograd for entries of the relative bias tables (encoder and
     * decoder), a cross-attention key weight, the shared embedding and a gated feed-forward weight. Float32 losses
     * near 3 carry ~3e-7 rounding, divided by 2h: ~2e-5; the O(h²) truncation of the central difference is below
     * 1e-4 here. Allow 2% of the gradient plus 2e-4.
     */
    @Test
    void gradientsMatchFiniteDifferences() {
        List<String> names = List.of("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
                "decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
                "decoder.block.1.layer.1.EncDecAttention.k.weight", "shared.weight",
                "encoder.block.1.layer.1.DenseReluDense.wi_0.weight");
        assertEquals(names.size(), Seq2SeqReference.assertGradientsMatchFiniteDifferences(model(false), batch(), names,
                1e-2f, 0.02, 2e-4));
    }
}
