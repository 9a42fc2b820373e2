package dev.basalt.objectives;

import dev.basalt.api.BasaltException;
import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.tensor.Backends;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.backend.cpu.CpuBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceClassificationTest {

    /** Two texts of three positions with two features each; the second text's last position is padding. */
    private static final float[] HIDDEN = {1, 2, 3, 4, 5, 6, -1, 10, 3, 20, 100, 1000};
    private static final float[] VALID = {1, 1, 1, 1, 1, 0};

    @BeforeAll
    static void cpu() {
        Backends.setDefault(CpuBackend.create(1));
    }

    private static float[] features(String settings) {
        Tensor hidden = Tensor.of(HIDDEN, 2, 3, 2);
        return SequenceClassification.fromConfig(Configs.block("sequence-classification", settings))
                .features(hidden, Tensor.of(VALID, 2, 3)).toFloatArray();
    }

    @Test
    void firstTokenPoolingTakesEachTextsFirstHiddenState() {
        assertArrayEquals(new float[] {1, 2, -1, 10}, features(""));
    }

    @Test
    void meanPoolingAveragesOnlyTheRealTokens() {
        // by hand: (1+3+5)/3, (2+4+6)/3; the padded (100, 1000) is left out: (-1+3)/2, (10+20)/2
        assertArrayEquals(new float[] {3, 4, 1, 15}, features("pooling = mean"), 1e-6f);
    }

    @Test
    void itTrainsEncodersOnly() {
        assertEquals(Set.of(ModelFamily.ENCODER),
                SequenceClassification.fromConfig(Configs.block("sequence-classification", "")).families());
    }

    @Test
    void anUnknownPoolingOrAnImpossibleDropoutIsOneMessage() {
        BasaltException pooling = assertThrows(BasaltException.class, () -> features("pooling = cls"));
        assertTrue(pooling.getMessage().contains("objective.pooling = \"cls\" is not known; use one of first-token, mean"),
                pooling.getMessage());
        BasaltException dropout = assertThrows(BasaltException.class, () -> features("dropout = 1"));
        assertTrue(dropout.getMessage().contains("objective.dropout = 1 must be in [0, 1)"), dropout.getMessage());
    }
}
