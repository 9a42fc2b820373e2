package dev.basalt.conformance;

import dev.basalt.api.backend.Backend;
import dev.basalt.api.tensor.AttentionMask;
import dev.basalt.api.tensor.Backends;
import dev.basalt.api.tensor.DType;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The autograd contract: no-grad, accumulation, shared inputs, views sharing storage, scopes, determinism. */
final class AutogradCases {

    private AutogradCases() {
    }

    static Stream<DynamicTest> all(Targets t, Supplier<Backend> fresh) {
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        tests.add(t.both("NoGrad records nothing, also through fused ops", backend -> {
            Tensor x = Tensor.randn(1, 4, 8).requiresGrad(true);
            Tensor w = Tensor.randn(2, 8).requiresGrad(true);
            try (NoGrad ignored = NoGrad.enter()) {
                Tensor y = Functional.layerNorm(x.mul(2f).add(1f), w, null, 1e-5f).gelu().softmax(-1);
                Tensor z = Functional.attention(y.reshape(1, 1, 4, 8), y.reshape(1, 1, 4, 8), y.reshape(1, 1, 4, 8),
                        AttentionMask.causalMask());
                assertFalse(y.requiresGrad(), "result under NoGrad requires grad");
                assertFalse(z.requiresGrad(), "attention under NoGrad requires grad");
                assertTrue(y.isLeaf() && z.isLeaf(), "results under NoGrad are leaves");
                assertThrows(IllegalStateException.class, () -> z.sum().backward());
            }
            assertNull(x.grad());
            assertTrue(x.mul(2f).requiresGrad(), "recording resumes after NoGrad closes");
        }));
        tests.add(t.once("gradients accumulate across backward calls until zeroGrad", backend -> {
            float[] v = {1.5f, -2f, 0.25f};
            Tensor x = Tensor.of(v, 3).requiresGrad(true);
            x.mul(x).sum().backward();
            x.mul(x).sum().backward();
            // d/dx sum(x²) = 2x, twice
            Close.assertBitEqual("after two backward calls", new float[] {6f, -8f, 1f}, x.grad().toFloatArray());
            Tensor kept = x.grad();
            x.zeroGrad();
            Close.assertBitEqual("after zeroGrad", new float[3], x.grad().toFloatArray());
            x.mul(3f).sum().backward();
            Close.assertBitEqual("after a third backward", new float[] {3f, 3f, 3f}, x.grad().toFloatArray());
            assertSame(kept, x.grad(), "zeroGrad keeps the gradient's memory");
        }));
        tests.add(t.once("an input used several times gets the sum of its gradients", backend -> {
            Tensor x = Tensor.of(new float[] {2f, -1f}, 2).requiresGrad(true);
            // y = x·x + x + (x through a view): dy/dx = 2x + 1 + 1
            Tensor y = x.mul(x).add(x).add(x.reshape(1, 2).squeeze(0));
            y.backward(Tensor.ones(2));
            Close.assertBitEqual("gradient", new float[] {6f, 0f}, x.grad().toFloatArray());
        }));
        tests.add(t.once("backward of a non-scalar needs its output gradient; shapes are checked", backend -> {
            Tensor x = Tensor.randn(1, 2, 3).requiresGrad(true);
            Tensor y = x.mul(2f);
            assertThrows(IllegalArgumentException.class, y::backward);
            assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(3, 2)));
            assertThrows(IllegalStateException.class, () -> Tensor.ones(2).backward(Tensor.ones(2)));
            assertThrows(IllegalArgumentException.class, () -> Tensor.ofInts(new int[] {1}, 1).requiresGrad(true));
        }));
        tests.add(t.once("a 20000-op chain backpropagates without recursion", backend -> {
            Tensor x = Tensor.of(new float[] {1f}, 1).requiresGrad(true);
            Tensor y = x;
            for (int i = 0; i < 20_000; i++) {
                y = y.mul(1f).add(0f);
            }
            y.sum().backward();
            Close.assertBitEqual("gradient", new float[] {1f}, x.grad().toFloatArray());
        }));
        tests.add(t.once("views share storage; copies do not", backend -> {
            Tensor x = Tensor.randn(9, 3, 4);
            assertSame(x.storage(), x.transpose(0, 1).storage(), "transpose");
            assertSame(x.storage(), x.permute(1, 0).storage(), "permute");
            assertSame(x.storage(), x.reshape(12).storage(), "reshape of a contiguous tensor");
            assertSame(x.storage(), x.view(2, 6).storage(), "view");
            assertSame(x.storage(), x.narrow(1, 1, 2).storage(), "narrow");
            assertSame(x.storage(), x.unsqueeze(0).storage(), "unsqueeze");
            assertSame(x.storage(), x.unsqueeze(0).squeeze(0).storage(), "squeeze");
            assertSame(x.storage(), x.unsqueeze(0).expand(5, 3, 4).storage(), "expand");
            assertSame(x.storage(), x.split(1, 3).get(1).storage(), "split");
            assertSame(x.storage(), x.detach().storage(), "detach");
            assertSame(x, x.contiguous(), "contiguous() of a contiguous tensor");
            assertSame(x, x.to(DType.F32), "to() of the same type");
            assertNotSame(x.storage(), x.transpose(0, 1).contiguous().storage(), "contiguous() of a transposed view");
            assertNotSame(x.storage(), x.to(DType.BF16).storage(), "to(BF16)");
            assertNotSame(x.storage(), Tensor.concat(List.of(x, x), 0).storage(), "concat");
            assertFalse(x.transpose(0, 1).isContiguous());
            assertTrue(x.narrow(0, 1, 1).isContiguous());
            // a write through a view lands in the shared storage
            float[] before = x.toFloatArray();
            x.narrow(1, 1, 2).transpose(0, 1).fill(7);
            float[] after = x.toFloatArray();
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 4; c++) {
                    assertEquals(c == 1 || c == 2 ? 7f : before[r * 4 + c], after[r * 4 + c], "element " + r + "," + c);
                }
            }
            Tensor y = Tensor.zeros(2, 4);
            y.narrow(0, 1, 1).copyFrom(Tensor.of(new float[] {1, 2, 3, 4}, 4));
            Close.assertBitEqual("copyFrom into a row view", new float[] {0, 0, 0, 0, 1, 2, 3, 4}, y.toFloatArray());
        }));
        tests.add(t.once("in-place updates of tensors that require grad need NoGrad", backend -> {
            Tensor w = Tensor.ones(3).requiresGrad(true);
            assertThrows(IllegalStateException.class, () -> w.fill(0));
            assertThrows(IllegalStateException.class, () -> w.addInPlace(Tensor.ones(3), 1f));
            try (NoGrad ignored = NoGrad.enter()) {
                w.addInPlace(Tensor.ones(3), -0.5f);
            }
            Close.assertBitEqual("after addInPlace", new float[] {0.5f, 0.5f, 0.5f}, w.toFloatArray());
        }));
        tests.add(t.once("a scope releases what it allocated, except what it keeps", backend -> {
            Tensor outside = Tensor.ones(2);
            Tensor kept;
            Tensor dropped;
            try (TensorScope scope = TensorScope.open()) {
                dropped = outside.mul(2f);
                kept = scope.keep(outside.mul(3f));
                assertTrue(scope.ownedCount() >= 1);
            }
            Close.assertBitEqual("kept", new float[] {3, 3}, kept.toFloatArray());
            Close.assertBitEqual("outside", new float[] {1, 1}, outside.toFloatArray());
            assertTrue(dropped.storage().isReleased());
            IllegalStateException e = assertThrows(IllegalStateException.class, dropped::toFloatArray);
            assertTrue(e.getMessage().toLowerCase().contains("released"), e.getMessage());
        }));
        tests.add(t.both("same seed, same thread count: bit-identical loss and gradients", backend -> {
            Result first = miniStep(backend);
            Result second = miniStep(backend);
            Backend other = backend == t.kernel() ? fresh.get() : FallbackBackend.of(fresh.get());
            Result third;
            try (AutoCloseable ignored = Backends.use(other)) {
                third = miniStep(other);
            }
            for (Result r : List.of(second, third)) {
                Close.assertBitEqual("loss", first.loss, r.loss);
                for (int i = 0; i < first.grads.size(); i++) {
                    Close.assertBitEqual("gradient " + i, first.grads.get(i), r.grads.get(i));
                }
            }
        }));
        return tests.stream().flatMap(Function.identity());
    }

    private record Result(float[] loss, List<float[]> grads) {
    }

    /** A small transformer-ish step: every fused op once, with dropout, on random inputs from fixed seeds. */
    private static Result miniStep(Backend backend) throws Exception {
        try (AutoCloseable ignored = Backends.use(backend); TensorScope scope = TensorScope.open()) {
            int b = 2;
            int t = 12;
            int d = 16;
            int vocab = 37;
            Tensor table = Tensor.randn(1, vocab, d).mul(0.5f).detach().requiresGrad(true);
            Tensor wq = Tensor.randn(2, 3 * d, d).mul(0.2f).detach().requiresGrad(true);
            Tensor w1 = Tensor.randn(3, 4 * d, d).mul(0.2f).detach().requiresGrad(true);
            Tensor w2 = Tensor.randn(4, d, 4 * d).mul(0.2f).detach().requiresGrad(true);
            Tensor gain = Tensor.ones(d).requiresGrad(true);
            int[] ids = new int[b * t];
            int[] targets = new int[b * t];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (i * 7 + 3) % vocab;
                targets[i] = i % 5 == 0 ? -100 : (i * 11 + 1) % vocab;
            }
            Tensor x = Functional.embedding(table, Tensor.ofInts(ids, b, t));
            Tensor h = Functional.layerNorm(x, gain, null, 1e-5f);
            Tensor qkv = Tensor.matmul(h, wq, false, true).reshape(b, t, 3, 2, d / 2).permute(2, 0, 3, 1, 4);
            Tensor[] rot = Functional.rotaryTables(0, t, d / 2, 10000);
            Tensor q = Functional.rotary(qkv.narrow(0, 0, 1).squeeze(0), rot[0], rot[1], false);
            Tensor k = Functional.rotary(qkv.narrow(0, 1, 1).squeeze(0), rot[0], rot[1], false);
            Tensor v = qkv.narrow(0, 2, 1).squeeze(0);
            Tensor a = Functional.attention(q, k, v, AttentionMask.causalMask()).transpose(1, 2).reshape(b, t, d);
            Tensor r = x.add(Functional.dropout(a, 0.1f, 99));
            Tensor m = Tensor.matmul(Functional.rmsNorm(r, gain, 1e-6f), w1, false, true).geluTanh().silu();
            Tensor logits = Tensor.matmul(Tensor.matmul(m, w2, false, true).add(r), table, false, true);
            Tensor loss = Functional.crossEntropy(logits, Tensor.ofInts(targets, b, t), -100, 0.1f);
            loss.backward();
            List<float[]> grads = new ArrayList<>();
            for (Tensor p : List.of(table, wq, w1, w2, gain)) {
                grads.add(p.grad().toFloatArray());
            }
            return new Result(new float[] {loss.item()}, grads);
        }
    }
}
