package dev.basalt.backend.cpu;

import dev.basalt.api.backend.Backend;
import dev.basalt.api.nn.AdamW;
import dev.basalt.api.nn.Dropout;
import dev.basalt.api.nn.Embedding;
import dev.basalt.api.nn.LayerNorm;
import dev.basalt.api.nn.Linear;
import dev.basalt.api.nn.Module;
import dev.basalt.api.nn.RmsNorm;
import dev.basalt.api.tensor.AttentionMask;
import dev.basalt.api.tensor.Backends;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;
import dev.basalt.conformance.FallbackBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 1,000 training steps of a small transformer block with AdamW, each step inside a {@link TensorScope}: the storages
 * the backend holds return to the same count and bytes after every step, and the heap retained after a collection
 * does not grow. Run with the fused kernels and with the generic fallbacks.
 */
class TrainingMemoryTest {

    private static final int VOCAB = 61;
    private static final int DIM = 32;
    private static final int HEADS = 2;
    private static final int SEQ = 16;
    private static final int BATCH = 4;

    /** Pre-norm block: attention with rotary positions, then a GELU MLP; tied input and output embeddings. */
    private static final class TinyTransformer extends Module {
        private final Embedding tokens = child("tokens", new Embedding(VOCAB, DIM, 0.1f, 1));
        private final LayerNorm norm1 = child("norm1", new LayerNorm(DIM, true, 1e-5f));
        private final Linear qkv = child("qkv", new Linear(DIM, 3 * DIM, true, 0.1f, 2));
        private final Linear proj = child("proj", new Linear(DIM, DIM, false, 0.1f, 3));
        private final RmsNorm norm2 = child("norm2", new RmsNorm(DIM, 1e-6f));
        private final Linear up = child("up", new Linear(DIM, 4 * DIM, true, 0.1f, 4));
        private final Linear down = child("down", new Linear(4 * DIM, DIM, true, 0.1f, 5));
        private final Dropout dropout = child("dropout", new Dropout(0.1f, 6));
        private final Tensor[] rope = Functional.rotaryTables(0, SEQ, DIM / HEADS, 10000);

        Tensor forward(Tensor ids) {
            int hd = DIM / HEADS;
            Tensor x = tokens.forward(ids);
            Tensor h = qkv.forward(norm1.forward(x)).reshape(BATCH, SEQ, 3, HEADS, hd).permute(2, 0, 3, 1, 4);
            Tensor q = Functional.rotary(h.narrow(0, 0, 1).squeeze(0), rope[0], rope[1], false);
            Tensor k = Functional.rotary(h.narrow(0, 1, 1).squeeze(0), rope[0], rope[1], false);
            Tensor v = h.narrow(0, 2, 1).squeeze(0);
            Tensor a = Functional.attention(q, k, v, AttentionMask.causalMask()).transpose(1, 2).reshape(BATCH, SEQ, DIM);
            x = x.add(dropout.forward(proj.forward(a)));
            x = x.add(down.forward(up.forward(norm2.forward(x)).gelu()));
            return Tensor.matmul(x, tokens.weight(), false, true);
        }
    }

    private static long retainedHeap(MemoryMXBean memory) {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"kernels", "fallbacks"})
    void thousandStepsKeepMemoryFlat(String mode) throws Exception {
        CpuBackend cpu = CpuBackend.create(2);
        Backend backend = mode.equals("kernels") ? cpu : FallbackBackend.of(cpu);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (AutoCloseable ignored = Backends.use(backend)) {
            TinyTransformer model = new TinyTransformer();
            AdamW opt = new AdamW(model.parameters(), 3e-3f, 0.9f, 0.95f, 1e-8f, 0.1f);
            int[] ids = new int[BATCH * SEQ];
            int[] targets = new int[BATCH * SEQ];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (i * 17 + 5) % VOCAB;
                targets[i] = i % 9 == 0 ? -100 : (ids[i] * 3 + 1) % VOCAB;
            }
            Tensor input = Tensor.ofInts(ids, BATCH, SEQ);
            Tensor labels = Tensor.ofInts(targets, BATCH, SEQ);

            float firstLoss = 0;
            float lastLoss = 0;
            long storagesAfterWarmup = 0;
            long bytesAfterWarmup = 0;
            long heapAfterWarmup = 0;
            int warmup = 20;
            for (int step = 1; step <= 1000; step++) {
                try (TensorScope scope = TensorScope.open()) {
                    Tensor loss = Functional.crossEntropy(model.forward(input), labels, -100, 0.05f);
                    loss.backward();
                    opt.step();
                    opt.zeroGrad();
                    lastLoss = loss.item();
                }
                if (step == 1) {
                    firstLoss = lastLoss;
                }
                if (step == warmup) {
                    storagesAfterWarmup = cpu.liveStorages();
                    bytesAfterWarmup = cpu.liveBytes();
                    heapAfterWarmup = retainedHeap(memory);
                } else if (step > warmup) {
                    // exact: every step releases everything it allocated
                    assertEquals(storagesAfterWarmup, cpu.liveStorages(), "live storages after step " + step);
                    assertEquals(bytesAfterWarmup, cpu.liveBytes(), "live bytes after step " + step);
                }
            }
            long heapGrowth = retainedHeap(memory) - heapAfterWarmup;
            // a step allocates ~1 MB of tensors; keeping even 32 KB of each of 980 steps would exceed this bound
            assertTrue(heapGrowth < 32L << 20, "retained heap grew by " + (heapGrowth >> 10) + " KB over 980 steps");
            // parameters (and grads, moments) stay live outside the scopes: a dozen tensors, three buffers each
            int parameterTensors = model.parameters().size();
            assertTrue(storagesAfterWarmup >= 3L * parameterTensors, storagesAfterWarmup + " live storages");
            assertTrue(lastLoss < 0.5f * firstLoss, "the loop trains: loss " + firstLoss + " -> " + lastLoss);

            // the accounting sees a step that runs outside any scope: its temporaries stay live
            Tensor loss = Functional.crossEntropy(model.forward(input), labels, -100, 0.05f);
            loss.backward();
            opt.zeroGrad();
            assertTrue(cpu.liveStorages() > storagesAfterWarmup + 50, "an unscoped step leaves "
                    + (cpu.liveStorages() - storagesAfterWarmup) + " storages live");
        }
    }
}
