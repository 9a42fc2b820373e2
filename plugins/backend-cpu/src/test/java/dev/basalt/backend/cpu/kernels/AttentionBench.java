package dev.basalt.backend.cpu.kernels;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/** Attention part of {@link KernelBench}: time of forward + backward and peak memory, vs PyTorch. */
final class AttentionBench {

    private AttentionBench() {
    }

    static void run(NDManager manager, int threads) {
        System.out.println();
        System.out.println("| attention fwd+bwd, causal, B×H×T×D | basalt ms | torch ms | time ratio (basalt/torch) |");
        System.out.println("|---|---:|---:|---:|");
        for (int t : new int[] {256, 1024}) {
            timeBoth(manager, 8, 8, t, 64, threads);
        }
        System.out.println();
        memory(manager, 1, 8, 4096, 64, threads);
    }

    private static void timeBoth(NDManager manager, int batch, int heads, int len, int d, int threads) {
        AttentionSpec spec = AttentionSpec.of(batch, heads, len, len, d).withCausal(true);
        Inputs in = new Inputs(spec);
        double ours = KernelBench.bestSeconds(flops(spec), () -> in.forwardBackward(threads));
        double torch;
        try (NDManager scope = manager.newSubManager()) {
            NDArray mask = causalMask(scope, spec);
            torch = KernelBench.bestSeconds(flops(spec), () -> torchForwardBackward(scope, in, spec, mask));
        }
        System.out.printf(Locale.ROOT, "| %d×%d×%d×%d | %.1f | %.1f | %.2f |%n", batch, heads, len, d, ours * 1e3,
                torch * 1e3, ours / torch);
    }

    /** Multiply-adds of the five T×T×D products of forward + backward (both passes), used to size repetitions. */
    private static double flops(AttentionSpec s) {
        return 2.0 * 5 * s.batch() * s.heads() * s.qLen() * s.kLen() * s.headDim();
    }

    /** Additive causal mask [T, T]: 0 where a key is seen, -Infinity above the diagonal. */
    private static NDArray causalMask(NDManager scope, AttentionSpec s) {
        float[] mask = new float[s.qLen() * s.kLen()];
        for (int i = 0; i < s.qLen(); i++) {
            for (int j = i + 1; j < s.kLen(); j++) {
                mask[i * s.kLen() + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return scope.create(mask, new Shape(s.qLen(), s.kLen()));
    }

    private static void torchForwardBackward(NDManager scope, Inputs in, AttentionSpec s, NDArray mask) {
        try (NDManager inner = scope.newSubManager()) {
            NDArray q = inner.create(in.q, new Shape(s.batch(), s.heads(), s.qLen(), s.headDim()));
            NDArray k = inner.create(in.k, new Shape(s.batch(), s.heads(), s.kLen(), s.headDim()));
            NDArray v = inner.create(in.v, new Shape(s.batch(), s.heads(), s.kLen(), s.headDim()));
            NDArray dOut = inner.create(in.dOut, new Shape(s.batch(), s.heads(), s.qLen(), s.headDim()));
            q.setRequiresGradient(true);
            k.setRequiresGradient(true);
            v.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(s.scale());
                scores = scores.add(mask);
                NDArray out = scores.softmax(-1).matMul(v);
                collector.backward(out.mul(dOut).sum());
            }
            q.getGradient().toFloatArray();
        }
    }

    private static void memory(NDManager manager, int batch, int heads, int len, int d, int threads) {
        AttentionSpec spec = AttentionSpec.of(batch, heads, len, len, d).withCausal(true);
        Inputs in = new Inputs(spec);
        in.forwardBackward(threads);
        long allocated = -allocatedBytes();
        long start = System.nanoTime();
        in.forwardBackward(threads);
        double oursSeconds = (System.nanoTime() - start) / 1e9;
        allocated += allocatedBytes();
        long tensors = 8L * in.q.length * Float.BYTES;
        long torchPeak;
        double torchSeconds;
        try (NDManager scope = manager.newSubManager()) {
            NDArray mask = causalMask(scope, spec);
            long before = resetPeakRss();
            start = System.nanoTime();
            torchForwardBackward(scope, in, spec, mask);
            torchSeconds = (System.nanoTime() - start) / 1e9;
            torchPeak = peakRss() - before;
        }
        long square = (long) batch * heads * len * len * Float.BYTES;
        System.out.printf(Locale.ROOT, "attention fwd+bwd memory at B=%d H=%d T=%d D=%d, causal:%n", batch, heads, len,
                d);
        System.out.printf(Locale.ROOT, "  basalt tiled: %.1f MiB of Q,K,V,O,dO,dQ,dK,dV + %.2f MiB working memory"
                + " allocated during the call (%.2f s)%n", tensors / 1048576.0, allocated / 1048576.0, oursSeconds);
        System.out.printf(Locale.ROOT, "  torch materialized softmax(QK^T)V: peak RSS grew %.1f MiB (one T×T score"
                + " tensor is %.1f MiB) (%.2f s)%n", torchPeak / 1048576.0, square / 1048576.0, torchSeconds);
    }

    /** Bytes allocated so far by every live thread (the caller and the kernel pool). */
    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            total += Math.max(0, bean.getThreadAllocatedBytes(thread.threadId()));
        }
        return total;
    }

    /** Resets the kernel's peak-RSS mark for this process (Linux) and returns the current RSS. */
    private static long resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            System.out.println("  (cannot reset peak RSS: " + e.getMessage() + ")");
        }
        return status("VmRSS:");
    }

    private static long peakRss() {
        return status("VmHWM:");
    }

    private static long status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static final class Inputs {
        final AttentionSpec spec;
        final float[] q;
        final float[] k;
        final float[] v;
        final float[] dOut;
        final float[] out;
        final float[] lse;
        final float[] dq;
        final float[] dk;
        final float[] dv;

        Inputs(AttentionSpec spec) {
            this.spec = spec;
            SplittableRandom random = new SplittableRandom(1);
            int size = spec.batch() * spec.heads() * spec.qLen() * spec.headDim();
            q = FlashAttentionTest.gaussian(random, size);
            k = FlashAttentionTest.gaussian(random, size);
            v = FlashAttentionTest.gaussian(random, size);
            dOut = FlashAttentionTest.gaussian(random, size);
            out = new float[size];
            lse = new float[spec.batch() * spec.heads() * spec.qLen()];
            dq = new float[size];
            dk = new float[size];
            dv = new float[size];
        }

        void forwardBackward(int threads) {
            int h = spec.heads();
            int t = spec.qLen();
            int d = spec.headDim();
            AttentionOperand qo = AttentionOperand.bhsd(q, h, t, d);
            AttentionOperand ko = AttentionOperand.bhsd(k, h, t, d);
            AttentionOperand vo = AttentionOperand.bhsd(v, h, t, d);
            AttentionOperand oo = AttentionOperand.bhsd(out, h, t, d);
            FlashAttention.forward(spec, qo, ko, vo, oo, lse, threads);
            FlashAttention.backward(spec, qo, ko, vo, oo, lse, AttentionOperand.bhsd(dOut, h, t, d),
                    AttentionOperand.bhsd(dq, h, t, d), AttentionOperand.bhsd(dk, h, t, d),
                    AttentionOperand.bhsd(dv, h, t, d), null, threads);
        }
    }
}
