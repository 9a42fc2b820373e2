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
import java.util.function.IntPredicate;

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

    /**
     * float32 sums of a few dozen terms computed in another order differ by a few ulps of values of order 1-10;
     * 2e-5 relative leaves room for that and catches any wrong weight, name or order (1e-2 and up).
     */
    private static final float TOLERANCE = 2e-5f;

    @Test
    void theTiniestHfBertMatchesPyTorch() {
        Path hf = BertTesting.sharedData("models/lm-buddy-bert-tiniest");
        BertModel model = HfBertCheckpoint.load(hf);
        assertTrue(model.config().mlmHead() && !model.config().pooler(), model.describe());
        compareWithTorch(model, hf, IDS, MASK);
    }

    @Test
    void aBertWithPoolerAndTokenTypesMatchesPyTorchAfterExport() throws IOException {
        NDArray hidden = compareWithTorch(exported(BertConfig.Variant.BERT, 11), dir, IDS, MASK);
        comparePooler(hidden);
    }

    @Test
    void robertaPositionsStartAfterThePaddingId() throws IOException {
        compareWithTorch(exported(BertConfig.Variant.ROBERTA, 5), dir, new int[][] {{0, 31, 414, 2}, {0, 9, 2, 1}},
                new int[][] {{1, 1, 1, 1}, {1, 1, 1, 0}});
    }

    @Test
    void distilbertMatchesPyTorchWithItsOwnNames() throws IOException {
        BertModel model = exported(BertConfig.Variant.DISTILBERT, 6);
        assertTrue(model.namedParameters().containsKey("distilbert.transformer.layer.1.attention.q_lin.weight"));
        compareWithTorch(model, dir, IDS, MASK);
    }

    @Test
    void albertSharesOneLayerAndFactorizesItsEmbeddings() throws IOException {
        BertModel model = exported(BertConfig.Variant.ALBERT, 8);
        assertEquals(8, model.namedParameters().get("albert.embeddings.word_embeddings.weight").dim(1));
        assertTrue(model.namedParameters().keySet().stream().noneMatch(n -> n.contains("albert_layers.1.")));
        comparePooler(compareWithTorch(model, dir, IDS, MASK));
    }

    /** A small model of the variant with randomised norms and biases, saved in {@link #dir}. */
    private BertModel exported(BertConfig.Variant variant, long seed) throws IOException {
        BertModel model = new BertModel(BertTesting.small(variant, 8000), seed);
        perturbNorms(model);
        model.save(dir);
        return model;
    }

    /**
     * Hidden states of the padded batch (with its mask) and MLM logits of its first, unpadded row (a
     * {@code TokenBatch} carries no mask) against the reference reading {@code folder}; returns the reference's states.
     */
    private NDArray compareWithTorch(BertModel model, Path folder, int[][] ids, int[][] mask) {
        model.eval();
        BertConfig c = model.config();
        TorchBert reference = new TorchBert(manager, folder, c.variant().modelType(), c.layers(), c.heads(),
                (float) c.normEps(), c.padTokenId());
        NDArray hidden = reference.hidden(ids, mask);
        compareRealTokens(hidden, hiddenOf(model, ids, mask), mask);
        int length = ids[0].length;
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor ours = model.logits(new TokenBatch(1, length, ids[0], new int[length]));
            compare(reference.mlmLogits(hidden).get("0:1"), ours.toFloatArray(), "MLM logits");
        }
        return hidden;
    }

    private void comparePooler(NDArray hidden) {
        BertModel model = HfBertCheckpoint.load(dir);
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor pooled = model.pool(Tensor.of(hidden.toFloatArray(), 2, 5, 16));
            compare(new TorchBert(manager, dir, model.config().variant().modelType(), 2, 2, 1e-12f, 0).pooled(hidden),
                    pooled.toFloatArray(), "pooler");
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

    /** Hidden states at the real tokens only: {@code EncoderModel.encode} leaves padding outputs unspecified. */
    private static void compareRealTokens(NDArray expected, float[] actual, int[][] mask) {
        int length = mask[0].length;
        int width = actual.length / (mask.length * length);
        compare(expected, actual, "hidden states", i -> mask[i / width / length][i / width % length] != 0);
    }

    private static void compare(NDArray expected, float[] actual, String what) {
        compare(expected, actual, what, i -> true);
    }

    private static void compare(NDArray expected, float[] actual, String what, IntPredicate compared) {
        float tolerance = TOLERANCE;
        float[] e = expected.toFloatArray();
        assertEquals(e.length, actual.length, what + " sizes");
        float worst = 0;
        for (int i = 0; i < e.length; i++) {
            if (compared.test(i)) {
                worst = Math.max(worst, Math.abs(e[i] - actual[i]) / Math.max(1, Math.abs(e[i])));
            }
        }
        assertTrue(worst <= tolerance, what + ": worst relative difference " + worst + " > " + tolerance);
    }
}
