package dev.basalt.bert;

import dev.basalt.api.BasaltException;
import dev.basalt.api.format.HfCheckpoints;
import dev.basalt.api.format.StoredTensor;
import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link HfCheckpoints#match}, which every architecture's HF loader uses (here beside bert's, which has a backend): one message for everything wrong, kept short when nearly everything is. */
class HfCheckpointsMatchTest {

    @BeforeAll
    static void backend() {
        BertTesting.useCpu();
    }

    @Test
    void aLongListOfWrongShapesShowsEightAndCountsTheRest() {
        Map<String, StoredTensor> stored = new LinkedHashMap<>();
        Map<String, Tensor> expected = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            String name = "layer." + (char) ('a' + i) + ".weight";
            stored.put(name, StoredTensor.ofFloats(name, new long[] {2}, new float[2]));
            expected.put(name, Tensor.zeros(3));
        }
        expected.put("head.weight", Tensor.zeros(3));
        BasaltException e = assertThrows(BasaltException.class, () -> HfCheckpoints.match(stored, expected,
                UnaryOperator.identity(), Path.of("model"), "a test model"));
        String[] lines = e.getMessage().split("\n");
        assertEquals("model does not match a test model:", lines[0]);
        assertEquals("  missing: head.weight", lines[1]);
        assertEquals("  wrong shape: layer.a.weight is [2], expected [3]; layer.b.weight is [2], expected [3]; "
                + "layer.c.weight is [2], expected [3]; layer.d.weight is [2], expected [3]; layer.e.weight is [2], "
                + "expected [3]; layer.f.weight is [2], expected [3]; layer.g.weight is [2], expected [3]; "
                + "layer.h.weight is [2], expected [3]; and 12 more", lines[2]);
        assertEquals("  (the sizes in config.json must be those the weights were saved with)", lines[3]);
    }
}
