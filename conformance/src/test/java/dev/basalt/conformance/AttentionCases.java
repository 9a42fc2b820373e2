package dev.basalt.conformance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import dev.basalt.api.tensor.AttentionMask;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Scaled-dot-product attention: none, causal (bottom-right aligned, also with Tq != Tk), key padding, an additive
 * bias that gets a gradient, grouped-query heads, strided operands, a row of 1100 keys, and fully masked rows.
 */
final class AttentionCases {

    private AttentionCases() {
    }

    /**
     * One attention problem. q is {@code [B, Tq, H, D]} when {@code sequenceMajor} (the op sees it transposed to
     * {@code [B, H, Tq, D]}, a strided view), else {@code [B, H, Tq, D]}; k and v have {@code kvHeads} heads.
     */
    private record Case(String name, int b, int h, int kvHeads, int tq, int tk, int d, boolean causal, float[] padding,
                        int[] biasShape, float scale, boolean sequenceMajor) {

        static Case of(String name, int b, int h, int tq, int tk, int d) {
            return new Case(name, b, h, h, tq, tk, d, false, null, null, Float.NaN, false);
        }

        Case causally() {
            return new Case(name, b, h, kvHeads, tq, tk, d, true, padding, biasShape, scale, sequenceMajor);
        }

        Case padding(float[] p) {
            return new Case(name, b, h, kvHeads, tq, tk, d, causal, p, biasShape, scale, sequenceMajor);
        }

        Case bias(int... shape) {
            return new Case(name, b, h, kvHeads, tq, tk, d, causal, padding, shape, scale, sequenceMajor);
        }

        Case scale(float s) {
            return new Case(name, b, h, kvHeads, tq, tk, d, causal, padding, biasShape, s, sequenceMajor);
        }

        Case kvHeads(int n) {
            return new Case(name, b, h, n, tq, tk, d, causal, padding, biasShape, scale, sequenceMajor);
        }

        Case inSequenceMajor() {
            return new Case(name, b, h, kvHeads, tq, tk, d, causal, padding, biasShape, scale, true);
        }

        float effectiveScale() {
            return Float.isNaN(scale) ? (float) (1 / Math.sqrt(d)) : scale;
        }

        /** 1 where query i of batch bi may see key j. */
        float[] keep() {
            float[] m = new float[b * tq * tk];
            for (int bi = 0; bi < b; bi++) {
                for (int i = 0; i < tq; i++) {
                    for (int j = 0; j < tk; j++) {
                        boolean seen = (!causal || j <= i + tk - tq) && (padding == null || padding[bi * tk + j] != 0);
                        m[(bi * tq + i) * tk + j] = seen ? 1 : 0;
                    }
                }
            }
            return m;
        }
    }

    /**
     * softmax(scale·q·kᵀ + bias) restricted to the kept keys, times v, in torch ops. The row maximum is taken over kept
     * keys and detached (softmax does not depend on it), and a row with no kept key gives zeros, the contract.
     */
    private static NDArray torchAttention(NDManager m, Case c, NDArray q, NDArray k, NDArray v, NDArray bias) {
        if (c.sequenceMajor) {
            q = q.transpose(0, 2, 1, 3);
            k = k.transpose(0, 2, 1, 3);
            v = v.transpose(0, 2, 1, 3);
        }
        int groups = c.h / c.kvHeads;
        if (groups > 1) {
            k = k.repeat(1, groups);
            v = v.repeat(1, groups);
        }
        NDArray s = q.matMul(Torch.transposeLast(k)).mul(c.effectiveScale());
        if (bias != null) {
            s = s.add(bias);
        }
        NDArray keep = Torch.floats(m, c.keep(), c.b, 1, c.tq, c.tk).broadcast(c.b, c.h, c.tq, c.tk);
        NDArray kept = keep.gt(0.5f);
        NDArray floor = m.full(s.getShape(), -1e30f);
        NDArray max = NDArrays.where(kept, s, floor).max(new int[] {-1}, true).stopGradient();
        NDArray e = NDArrays.where(kept, s.sub(max), floor).exp();
        NDArray p = e.div(e.sum(new int[] {-1}, true).maximum(1e-30f));
        return p.matMul(v);
    }

    private static Tensor ours(Case c, List<Tensor> in) {
        Tensor q = in.get(0);
        Tensor k = in.get(1);
        Tensor v = in.get(2);
        if (c.sequenceMajor) {
            q = q.transpose(1, 2);
            k = k.transpose(1, 2);
            v = v.transpose(1, 2);
        }
        int groups = c.h / c.kvHeads;
        if (groups > 1) {
            // grouped-query attention: each kv head serves `groups` consecutive query heads
            k = k.unsqueeze(2).expand(c.b, c.kvHeads, groups, c.tk, c.d).reshape(c.b, c.h, c.tk, c.d);
            v = v.unsqueeze(2).expand(c.b, c.kvHeads, groups, c.tk, c.d).reshape(c.b, c.h, c.tk, c.d);
        }
        AttentionMask mask = c.causal ? AttentionMask.causalMask() : AttentionMask.none();
        int next = 3;
        if (c.biasShape != null) {
            mask = mask.withBias(in.get(next++));
        }
        if (c.padding != null) {
            mask = mask.withKeyPadding(in.get(next));
        }
        if (!Float.isNaN(c.scale)) {
            mask = mask.withScale(c.scale);
        }
        return Functional.attention(q, k, v, mask);
    }

    private static float[] lengths(int b, int tk, int... real) {
        float[] p = new float[b * tk];
        for (int bi = 0; bi < b; bi++) {
            for (int j = 0; j < real[bi]; j++) {
                p[bi * tk + j] = 1;
            }
        }
        return p;
    }

    static Stream<DynamicTest> all(Targets t) {
        float[] holes = {1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 1, 1};
        List<Case> cases = List.of(
                Case.of("size 1", 1, 1, 1, 1, 1),
                Case.of("plain, odd sizes", 2, 3, 7, 7, 5),
                // 61: pairs of vectors, one vector and a tail at 16, 8 and 4 lanes alike
                Case.of("head width 61: whole vectors and a tail", 2, 2, 5, 7, 61).padding(lengths(2, 7, 7, 4)),
                Case.of("causal", 2, 2, 9, 9, 8).causally(),
                Case.of("causal, 3 queries over 10 keys (KV cache)", 1, 2, 3, 10, 4).causally(),
                Case.of("causal, 6 queries over 4 keys: 2 rows see nothing", 1, 2, 6, 4, 4).causally(),
                Case.of("key padding, one sequence fully padded", 3, 2, 5, 5, 4).padding(lengths(3, 5, 5, 2, 0)),
                Case.of("bias per head (T5) with gradient", 2, 3, 6, 6, 4).bias(3, 6, 6),
                Case.of("causal + padding + shared bias", 2, 2, 6, 6, 4).causally().bias(1, 1, 6, 6)
                        .padding(holes),
                Case.of("bias per key [B,1,1,Tk]", 2, 2, 4, 5, 3).bias(2, 1, 1, 5),
                Case.of("1100 keys with padding", 1, 2, 3, 1100, 8).padding(lengths(1, 1100, 1031)),
                Case.of("sequence-major q, k, v (strided views)", 2, 3, 5, 5, 4).causally().inSequenceMajor(),
                Case.of("grouped-query: 4 heads over 2 kv heads", 2, 4, 5, 5, 4).kvHeads(2).causally(),
                Case.of("multi-query: 3 heads over 1 kv head, scale 0.3", 1, 3, 4, 6, 4).kvHeads(1).scale(0.3f));
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        long seed = 1700;
        for (Case c : cases) {
            int[] qShape = c.sequenceMajor ? new int[] {c.b, c.tq, c.h, c.d} : new int[] {c.b, c.h, c.tq, c.d};
            int[] kvShape = c.sequenceMajor ? new int[] {c.b, c.tk, c.kvHeads, c.d} : new int[] {c.b, c.kvHeads, c.tk, c.d};
            OpCheck check = OpCheck.of("attention " + c.name).input(Input.randn("q", seed++, qShape).scale(1.5f))
                    .input(Input.randn("k", seed++, kvShape)).input(Input.randn("v", seed++, kvShape));
            if (c.biasShape != null) {
                check.input(Input.randn("bias", seed++, c.biasShape));
            }
            if (c.padding != null) {
                check.input(Input.of("padding", c.padding, c.b, c.tk).noGrad());
            }
            check.ours(in -> ours(c, in))
                    .torch((m, in) -> torchAttention(m, c, in.get(0), in.get(1), in.get(2),
                            c.biasShape != null ? in.get(3) : null))
                    // outputs are convex combinations of O(1) values; gradients sum over up to 1100 keys
                    .forward(2e-6, 1e-5).grad(1e-5, 1e-4);
            tests.add(t.both(check));
        }
        tests.add(t.both("attention: a fully masked row gives zeros, not NaN, and zero gradients", backend -> {
            Tensor q = Tensor.randn(1, 1, 1, 3, 4).requiresGrad(true);
            Tensor k = Tensor.randn(2, 1, 1, 3, 4).requiresGrad(true);
            Tensor v = Tensor.randn(3, 1, 1, 3, 4).requiresGrad(true);
            Tensor none = Tensor.zeros(1, 3);
            Tensor out = Functional.attention(q, k, v, AttentionMask.none().withKeyPadding(none));
            Close.assertSameValues("output", new float[12], out.toFloatArray());
            out.sum().backward();
            Close.assertSameValues("dq", new float[12], q.grad().toFloatArray());
            Close.assertSameValues("dk", new float[12], k.grad().toFloatArray());
            Close.assertSameValues("dv", new float[12], v.grad().toFloatArray());
        }));
        tests.add(t.both("attention output keeps q's shape", backend -> {
            Tensor out = Functional.attention(Tensor.randn(4, 2, 3, 5, 6), Tensor.randn(5, 2, 3, 7, 6),
                    Tensor.randn(6, 2, 3, 7, 6), AttentionMask.none());
            assertEquals(dev.basalt.api.tensor.Shape.of(2, 3, 5, 6), out.shape());
        }));
        return tests.stream().flatMap(Function.identity());
    }
}
