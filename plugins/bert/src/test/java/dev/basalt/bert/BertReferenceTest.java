package dev.basalt.bert;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our encoder against {@link TorchBert} (HF's forward pass on PyTorch through DJL), on the same stored tensors:
 * hidden states of a padded batch, MLM logits, pooler output, and RoBERTa's padding-offset positions.
 */
class BertReferenceTest {

    /** [CLS] the cat sat [SEP] and [CLS] hello [SEP] [PAD] [PAD] in bert-base-uncased ids (vocab.txt lines). */
    private static final int[][] IDS = {{101, 1996, 4937, 2938, 102}, {101, 7592, 102, 0, 0}};
    private static final int[][] MASK = {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}};

    private static NDManager manager;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        BertTesting.useCpu();
        System.setProperty("ai.djl.offline", "true");
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    @Test
    void theTiniestHfBertMatchesPyTorch() {
        Path hf = BertTesting.sharedData("models/lm-buddy-bert-tiniest");
        BertModel model = HfBertCheckpoint.load(hf);
        model.eval();
        assertTrue(model.config().mlmHead() && !model.config().pooler(), model.describe());
        TorchBert reference = new TorchBert(manager, hf, 1, 1e-12f, false, 0);
        NDArray hidden = reference.hidden(IDS, MASK);
        // float32 sums of a handful of terms, computed in another order: a few ulps of values of order 1-10
        compare(hidden, hiddenOf(model, IDS, MASK), 2e-5f, "hidden states");
        // logits decode 4-wide states against 30522 rows; only the real positions: padded ones are never read
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor ours = model.logits(new TokenBatch(1, 5, IDS[0], new int[5]));
            compare(reference.mlmLogits(hidden).get("0:1"), ours.toFloatArray(), 2e-5f, "MLM logits");
        }
    }

    @Test
    void aBertWithPoolerAndTokenTypesMatchesPyTorchAfterExport() throws IOException {
        BertModel model = new BertModel(BertTesting.small(BertConfig.Variant.BERT, 8000), 11);
        perturbNorms(model);
        model.eval();
        model.save(dir);
        TorchBert reference = new TorchBert(manager, dir, 2, 1e-12f, false, 0);
        NDArray hidden = reference.hidden(IDS, MASK);
        compare(hidden, hiddenOf(model, IDS, MASK), 2e-5f, "hidden states");
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor pooled = model.pool(Tensor.of(hidden.toFloatArray(), 2, 5, 16));
            compare(reference.pooled(hidden), pooled.toFloatArray(), 2e-5f, "pooler");
        }
    }

    @Test
    void robertaPositionsStartAfterThePaddingId() throws IOException {
        BertModel model = new BertModel(BertTesting.small(BertConfig.Variant.ROBERTA, 3000), 5);
        perturbNorms(model);
        model.eval();
        model.save(dir);
        int[][] ids = {{0, 31, 414, 2}, {0, 9, 2, 1}};
        int[][] mask = {{1, 1, 1, 1}, {1, 1, 1, 0}};
        TorchBert reference = new TorchBert(manager, dir, 2, 1e-12f, true, 1);
        NDArray hidden = reference.hidden(ids, mask);
        compare(hidden, hiddenOf(model, ids, mask), 2e-5f, "hidden states");
        try (NoGrad ignored = NoGrad.enter()) {
            // logits() hides the keys that hold the padding id, as the explicit mask above does
            Tensor ours = model.logits(new TokenBatch(2, 4, new int[] {0, 31, 414, 2, 0, 9, 2, 1}, new int[8]));
            compare(reference.mlmLogits(hidden), ours.toFloatArray(), 2e-5f, "MLM logits");
        }
    }

    /** Fresh LayerNorms are the identity's affine part; random ones make a wrong name or order visible. */
    private static void perturbNorms(BertModel model) {
        try (NoGrad ignored = NoGrad.enter()) {
            int i = 0;
            for (var e : model.namedParameters().entrySet()) {
                if (e.getKey().contains("LayerNorm") || e.getKey().contains("layer_norm") || e.getKey().endsWith("bias")) {
                    Tensor t = e.getValue();
                    t.copyFrom(t.add(Tensor.randn(1000 + i++, t.shape().toArray()).mul(0.3f)));
                }
            }
        }
    }

    private static float[] hiddenOf(BertModel model, int[][] ids, int[][] mask) {
        int rows = ids.length;
        int t = ids[0].length;
        int[] flat = new int[rows * t];
        float[] valid = new float[rows * t];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < t; i++) {
                flat[r * t + i] = ids[r][i];
                valid[r * t + i] = mask[r][i];
            }
        }
        try (NoGrad ignored = NoGrad.enter()) {
            return model.encode(Tensor.ofInts(flat, rows, t), null, Tensor.of(valid, rows, t)).toFloatArray();
        }
    }

    private static void compare(NDArray expected, float[] actual, float tolerance, String what) {
        float[] e = expected.toFloatArray();
        assertEquals(e.length, actual.length, what + " sizes");
        float worst = 0;
        for (int i = 0; i < e.length; i++) {
            worst = Math.max(worst, Math.abs(e[i] - actual[i]) / Math.max(1, Math.abs(e[i])));
        }
        assertTrue(worst <= tolerance, what + ": worst relative difference " + worst + " > " + tolerance);
    }
}
