package dev.basalt.backend.cpu.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FlashAttention forward and backward against PyTorch autograd through DJL (explicit softmax(scale QK^T + bias +
 * mask) V) and against central finite differences.
 */
class FlashAttentionTest {

    /** Outputs are O(1); fp32 with blocked vs unblocked summation order differ by ~1e-6. */
    private static final float OUT_TOL = 2e-5f;
    /** Gradients sum over up to ~300 keys/queries; allow 1e-4 absolute + 1e-4 relative. */
    private static final float GRAD_ABS = 1e-4f;
    private static final float GRAD_REL = 1e-4f;

    private static NDManager manager;

    @BeforeAll
    static void openTorch() {
        manager = TorchReference.manager();
    }

    @AfterAll
    static void closeTorch() {
        manager.close();
    }

    /** Inputs, our results and torch's for one case. */
    private record Case(AttentionSpec spec, float[] q, float[] k, float[] v, float[] dOut) {

        static Case random(AttentionSpec spec, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            int qSize = spec.batch() * spec.heads() * spec.qLen() * spec.headDim();
            int kSize = spec.batch() * spec.kvHeads() * spec.kLen() * spec.headDim();
            return new Case(spec, gaussian(random, qSize), gaussian(random, kSize), gaussian(random, kSize),
                    gaussian(random, qSize));
        }
    }

    private record Grads(float[] out, float[] dq, float[] dk, float[] dv, float[] dBias) {
    }

    private static Grads ours(Case c, int threads) {
        AttentionSpec s = c.spec();
        int d = s.headDim();
        float[] out = new float[c.q().length];
        float[] lse = new float[s.batch() * s.heads() * s.qLen()];
        AttentionOperand q = AttentionOperand.bhsd(c.q(), s.heads(), s.qLen(), d);
        AttentionOperand k = AttentionOperand.bhsd(c.k(), s.kvHeads(), s.kLen(), d);
        AttentionOperand v = AttentionOperand.bhsd(c.v(), s.kvHeads(), s.kLen(), d);
        AttentionOperand o = AttentionOperand.bhsd(out, s.heads(), s.qLen(), d);
        FlashAttention.forward(s, q, k, v, o, lse, threads);
        float[] dq = new float[c.q().length];
        float[] dk = new float[c.k().length];
        float[] dv = new float[c.v().length];
        float[] dBias = s.bias() == null ? null : new float[s.bias().length];
        FlashAttention.backward(s, q, k, v, o, lse, AttentionOperand.bhsd(c.dOut(), s.heads(), s.qLen(), d),
                AttentionOperand.bhsd(dq, s.heads(), s.qLen(), d), AttentionOperand.bhsd(dk, s.kvHeads(), s.kLen(), d),
                AttentionOperand.bhsd(dv, s.kvHeads(), s.kLen(), d), dBias, threads);
        return new Grads(out, dq, dk, dv, dBias);
    }

    /** softmax(scale Q K^T + bias + mask) V with torch autograd; the mask is additive -inf. */
    private static Grads torch(Case c) {
        AttentionSpec s = c.spec();
        try (NDManager scope = manager.newSubManager()) {
            NDArray q = TorchReference.tensor(scope, c.q(), s.batch(), s.heads(), s.qLen(), s.headDim());
            NDArray k = TorchReference.tensor(scope, c.k(), s.batch(), s.kvHeads(), s.kLen(), s.headDim());
            NDArray v = TorchReference.tensor(scope, c.v(), s.batch(), s.kvHeads(), s.kLen(), s.headDim());
            NDArray bias = s.bias() == null ? null
                    : TorchReference.tensor(scope, s.bias(), s.biasHeads(), s.qLen(), s.kLen());
            q.setRequiresGradient(true);
            k.setRequiresGradient(true);
            v.setRequiresGradient(true);
            if (bias != null) {
                bias.setRequiresGradient(true);
            }
            float[] out;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                int groups = s.heads() / s.kvHeads();
                NDArray kk = groups == 1 ? k : k.repeat(1, groups);
                NDArray vv = groups == 1 ? v : v.repeat(1, groups);
                NDArray scores = q.matMul(kk.transpose(0, 1, 3, 2)).mul(s.scale());
                if (bias != null) {
                    scores = scores.add(bias);
                }
                scores = scores.add(TorchReference.tensor(scope, additiveMask(s), s.batch(), 1, s.qLen(), s.kLen()));
                NDArray result = scores.softmax(-1).matMul(vv);
                out = result.toFloatArray();
                collector.backward(result.mul(TorchReference.tensor(scope, c.dOut(), s.batch(), s.heads(), s.qLen(),
                        s.headDim())).sum());
            }
            return new Grads(out, q.getGradient().toFloatArray(), k.getGradient().toFloatArray(),
                    v.getGradient().toFloatArray(), bias == null ? null : bias.getGradient().toFloatArray());
        }
    }

    private static float[] additiveMask(AttentionSpec s) {
        float[] mask = new float[s.batch() * s.qLen() * s.kLen()];
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < s.qLen(); i++) {
                for (int j = 0; j < s.kLen(); j++) {
                    boolean seen = (!s.causal() || j <= i + s.kLen() - s.qLen())
                            && (s.keyLengths() == null || j < s.keyLengths()[b])
                            && (s.keyMask() == null || s.keyMask()[b * s.kLen() + j]);
                    mask[(b * s.qLen() + i) * s.kLen() + j] = seen ? 0f : Float.NEGATIVE_INFINITY;
                }
            }
        }
        return mask;
    }

    private static void assertMatchesTorch(Case c, int threads) {
        Grads ours = ours(c, threads);
        Grads torch = torch(c);
        assertClose("out", torch.out(), ours.out(), OUT_TOL, 0f);
        assertClose("dQ", torch.dq(), ours.dq(), GRAD_ABS, GRAD_REL);
        assertClose("dK", torch.dk(), ours.dk(), GRAD_ABS, GRAD_REL);
        assertClose("dV", torch.dv(), ours.dv(), GRAD_ABS, GRAD_REL);
        if (c.spec().bias() != null) {
            assertClose("dBias", torch.dBias(), ours.dBias(), GRAD_ABS, GRAD_REL);
        }
    }

    @Test
    void plainAttentionOddSizes() {
        assertMatchesTorch(Case.random(AttentionSpec.of(2, 3, 37, 37, 16), 1), 2);
        assertMatchesTorch(Case.random(AttentionSpec.of(1, 1, 1, 1, 8), 2), 1);
        assertMatchesTorch(Case.random(AttentionSpec.of(1, 2, 5, 300, 12).withScale(0.3f), 3), 2);
    }

    @Test
    void causalAcrossSeveralBlocks() {
        assertMatchesTorch(Case.random(AttentionSpec.of(2, 2, 150, 150, 32).withCausal(true), 4), 2);
    }

    @Test
    void causalBottomRightWithShorterQueriesAndKeyLengths() {
        AttentionSpec spec = AttentionSpec.of(3, 2, 70, 200, 16).withCausal(true)
                .withKeyLengths(new int[] {200, 150, 190});
        assertMatchesTorch(Case.random(spec, 5), 2);
    }

    @Test
    void perHeadBiasAndBooleanKeyMask() {
        SplittableRandom random = new SplittableRandom(6);
        int batch = 2;
        int heads = 3;
        int len = 140;
        boolean[] keyMask = new boolean[batch * len];
        for (int i = 0; i < keyMask.length; i++) {
            keyMask[i] = i % len == 0 || random.nextDouble() < 0.8;
        }
        AttentionSpec spec = AttentionSpec.of(batch, heads, len, len, 8)
                .withBias(gaussian(random, heads * len * len), heads).withKeyMask(keyMask);
        assertMatchesTorch(Case.random(spec, 7), 2);
    }

    @Test
    void sharedBiasWithGroupedQueryHeads() {
        SplittableRandom random = new SplittableRandom(8);
        int len = 130;
        AttentionSpec spec = AttentionSpec.of(2, 4, len, len, 16).withKvHeads(2).withCausal(true)
                .withBias(alibiLike(len), 1);
        assertMatchesTorch(Case.random(spec, 9), 3);
        assertMatchesTorch(Case.random(AttentionSpec.of(1, 6, 20, 33, 8).withKvHeads(1), 10), 2);
        assertTrue(random.nextDouble() < 2);
    }

    @Test
    void sequenceMajorOperandsGiveTheSameResult() {
        Case c = Case.random(AttentionSpec.of(2, 3, 45, 45, 16).withCausal(true), 11);
        AttentionSpec s = c.spec();
        Grads reference = ours(c, 2);
        float[] q = toSequenceMajor(c.q(), s.batch(), s.heads(), s.qLen(), s.headDim());
        float[] k = toSequenceMajor(c.k(), s.batch(), s.heads(), s.kLen(), s.headDim());
        float[] v = toSequenceMajor(c.v(), s.batch(), s.heads(), s.kLen(), s.headDim());
        float[] out = new float[q.length];
        float[] lse = new float[s.batch() * s.heads() * s.qLen()];
        FlashAttention.forward(s, AttentionOperand.bshd(q, s.heads(), s.qLen(), s.headDim()),
                AttentionOperand.bshd(k, s.heads(), s.kLen(), s.headDim()),
                AttentionOperand.bshd(v, s.heads(), s.kLen(), s.headDim()),
                AttentionOperand.bshd(out, s.heads(), s.qLen(), s.headDim()), lse, 2);
        assertArrayEquals(toSequenceMajor(reference.out(), s.batch(), s.heads(), s.qLen(), s.headDim()), out);
    }

    @Test
    void rowsThatSeeNoKeyGiveZerosNotNaN() {
        // batch 1 has no valid key at all; with qLen > kLen the first causal rows see nothing either.
        AttentionSpec spec = AttentionSpec.of(2, 2, 12, 8, 8).withCausal(true).withKeyLengths(new int[] {8, 0});
        Case c = Case.random(spec, 12);
        Grads g = ours(c, 2);
        for (float[] x : new float[][] {g.out(), g.dq(), g.dk(), g.dv()}) {
            for (float value : x) {
                assertTrue(Float.isFinite(value), "non-finite value in attention result");
            }
        }
        int d = spec.headDim();
        for (int h = 0; h < 2; h++) {
            for (int i = 0; i < 12; i++) {
                boolean seesNothing = i < 12 - 8;
                for (int c2 = 0; c2 < d; c2++) {
                    int at0 = ((h) * 12 + i) * d + c2;
                    int at1 = ((2 + h) * 12 + i) * d + c2;
                    assertEquals(0f, g.out()[at1], "batch 1 output must be zero");
                    assertEquals(0f, g.dq()[at1], "batch 1 dQ must be zero");
                    if (seesNothing) {
                        assertEquals(0f, g.out()[at0], "row " + i + " sees no key: output must be zero");
                        assertEquals(0f, g.dq()[at0], "row " + i + " sees no key: dQ must be zero");
                    }
                }
            }
        }
        // The rows that do see keys still match torch: compare batch 0 alone (torch gives NaN on empty rows, so
        // those rows are left out of both sides by giving them no upstream gradient and not comparing them).
        AttentionSpec visible = AttentionSpec.of(1, 2, 8, 8, 8).withCausal(true);
        Case tail = new Case(visible, rowsOf(c.q(), 2, 12, 4, 8, d), java.util.Arrays.copyOf(c.k(), 2 * 8 * d),
                java.util.Arrays.copyOf(c.v(), 2 * 8 * d), rowsOf(c.dOut(), 2, 12, 4, 8, d));
        Grads torch = torch(tail);
        float[] ourTail = rowsOf(g.out(), 2, 12, 4, 8, d);
        assertClose("out of visible rows", torch.out(), ourTail, OUT_TOL, 0f);
        assertClose("dK of batch 0", torch.dk(), java.util.Arrays.copyOf(g.dk(), 2 * 8 * d), GRAD_ABS, GRAD_REL);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(13);
        int heads = 2;
        int len = 6;
        AttentionSpec spec = AttentionSpec.of(1, heads, len, len, 4).withCausal(true)
                .withBias(gaussian(random, heads * len * len), heads).withKeyMask(
                        new boolean[] {true, true, false, true, true, true});
        Case c = Case.random(spec, 14);
        Grads analytic = ours(c, 1);
        // loss(x) = sum(out(x) * dOut); central differences in float with step 1e-2.
        double step = 1e-2;
        checkFiniteDifference("dQ", c.q(), analytic.dq(), () -> loss(c), step);
        checkFiniteDifference("dK", c.k(), analytic.dk(), () -> loss(c), step);
        checkFiniteDifference("dV", c.v(), analytic.dv(), () -> loss(c), step);
        checkFiniteDifference("dBias", spec.bias(), analytic.dBias(), () -> loss(c), step);
    }

    @Test
    void bitIdenticalForAFixedThreadCount() {
        Case c = Case.random(AttentionSpec.of(3, 4, 100, 100, 16).withCausal(true), 15);
        Grads one = ours(c, 1);
        Grads two = ours(c, 2);
        Grads twoAgain = ours(c, 2);
        assertArrayEquals(one.out(), two.out());
        assertArrayEquals(one.dq(), two.dq());
        assertArrayEquals(one.dk(), two.dk());
        assertArrayEquals(two.dv(), twoAgain.dv());
        SplittableRandom random = new SplittableRandom(16);
        Case biased = Case.random(AttentionSpec.of(2, 4, 50, 50, 8).withBias(gaussian(random, 50 * 50), 1), 17);
        assertArrayEquals(ours(biased, 3).dBias(), ours(biased, 3).dBias());
    }

    private static double loss(Case c) {
        Grads g = ours(c, 1);
        double total = 0;
        for (int i = 0; i < g.out().length; i++) {
            total += (double) g.out()[i] * c.dOut()[i];
        }
        return total;
    }

    private static void checkFiniteDifference(String name, float[] x, float[] analytic,
            java.util.function.DoubleSupplier loss, double step) {
        for (int i = 0; i < x.length; i++) {
            float saved = x[i];
            x[i] = (float) (saved + step);
            double plus = loss.getAsDouble();
            x[i] = (float) (saved - step);
            double minus = loss.getAsDouble();
            x[i] = saved;
            double numeric = (plus - minus) / (2 * step);
            // float forward with step 1e-2: truncation O(step^2) plus rounding ~1e-6/step.
            double tol = 2e-3 + 2e-3 * Math.abs(numeric);
            assertTrue(Math.abs(numeric - analytic[i]) <= tol,
                    name + "[" + i + "] analytic " + analytic[i] + " vs finite difference " + numeric);
        }
    }

    private static void assertClose(String what, float[] expected, float[] actual, float abs, float rel) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            float tol = abs + rel * Math.abs(expected[i]);
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                throw new AssertionError(what + "[" + i + "] = " + actual[i] + ", torch " + expected[i]
                        + " (tolerance " + tol + ")");
            }
        }
    }

    private static float[] alibiLike(int len) {
        float[] bias = new float[len * len];
        for (int i = 0; i < len; i++) {
            for (int j = 0; j < len; j++) {
                bias[i * len + j] = -0.125f * Math.abs(i - j);
            }
        }
        return bias;
    }

    private static float[] toSequenceMajor(float[] x, int batch, int heads, int seq, int d) {
        float[] y = new float[x.length];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                for (int t = 0; t < seq; t++) {
                    System.arraycopy(x, ((b * heads + h) * seq + t) * d, y, ((b * seq + t) * heads + h) * d, d);
                }
            }
        }
        return y;
    }

    /** Rows [from, from + count) of batch 0 of a [batch, heads, seq, d] array, as [1, heads, count, d]. */
    private static float[] rowsOf(float[] x, int heads, int seq, int from, int count, int d) {
        float[] y = new float[heads * count * d];
        for (int h = 0; h < heads; h++) {
            System.arraycopy(x, (h * seq + from) * d, y, h * count * d, count * d);
        }
        return y;
    }

    static float[] gaussian(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double u = Math.max(1e-12, random.nextDouble());
            x[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()));
        }
        return x;
    }
}
