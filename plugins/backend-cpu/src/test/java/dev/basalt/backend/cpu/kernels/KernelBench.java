package dev.basalt.backend.cpu.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Benchmark (not a test) of the CPU kernels against PyTorch through DJL, same process, same thread count. Arguments:
 * {@code [threads] [gemm|attention|all]}. See docs/PERFORMANCE.md for the command.
 */
public final class KernelBench {

    /** 2 cores × 2 FMA pipes × 8 lanes × 2 flops × 2.45 GHz, per core count. */
    private static final double PEAK_PER_CORE = 2 * 8 * 2 * 2.45;

    private KernelBench() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        String what = args.length > 1 ? args[1] : "all";
        System.setProperty("ai.djl.offline", "true");
        try (NDManager manager = TorchReference.manager()) {
            JniUtils.setNumInteropThreads(1);
            JniUtils.setNumThreads(threads);
            System.out.printf(Locale.ROOT, "threads=%d torch threads=%d, peak %.0f GFLOP/s%n", threads,
                    JniUtils.getNumThreads(), PEAK_PER_CORE * threads);
            if (what.equals("all") || what.equals("gemm")) {
                gemm(manager, threads);
            }
            if (what.equals("all") || what.equals("attention")) {
                AttentionBench.run(manager, threads);
            }
        }
    }

    private static void gemm(NDManager manager, int threads) {
        int[][] shapes = {
            {256, 256, 256}, {512, 512, 512}, {1024, 1024, 1024}, {2048, 2048, 2048},
            {1024, 768, 768}, {1024, 2304, 768}, {1024, 3072, 768}, {1024, 768, 3072}, {1, 2304, 768}
        };
        System.out.println("| m×n×k | basalt GFLOP/s | torch GFLOP/s | ratio | % of peak |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            SplittableRandom random = new SplittableRandom(1);
            float[] a = SgemmTest.random(random, m * k);
            float[] b = SgemmTest.random(random, k * n);
            float[] c = new float[m * n];
            double flops = 2.0 * m * n * k;
            double ours = bestSeconds(flops, () -> Sgemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c,
                    0, n, threads));
            double torch;
            try (NDManager scope = manager.newSubManager()) {
                NDArray ta = scope.create(a, new Shape(m, k));
                NDArray tb = scope.create(b, new Shape(k, n));
                torch = bestSeconds(flops, () -> {
                    try (NDManager inner = scope.newSubManager()) {
                        NDArray product = ta.matMul(tb);
                        product.tempAttach(inner);
                    }
                });
            }
            double gOurs = flops / ours / 1e9;
            double gTorch = flops / torch / 1e9;
            System.out.printf(Locale.ROOT, "| %d×%d×%d | %.1f | %.1f | %.2f | %.0f%% |%n", m, n, k, gOurs, gTorch,
                    gOurs / gTorch, 100 * gOurs / (PEAK_PER_CORE * threads));
        }
    }

    /** Best of several timed repetitions after warm-up; each repetition lasts at least ~0.2 s. */
    static double bestSeconds(double flops, Runnable body) {
        int reps = (int) Math.max(1, Math.min(2000, 2e9 / flops));
        for (int i = 0; i < Math.max(3, reps); i++) {
            body.run();
        }
        double best = Double.MAX_VALUE;
        for (int trial = 0; trial < 5; trial++) {
            long start = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                body.run();
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e9 / reps);
        }
        return best;
    }
}
