package dev.basalt.backend.cpu;

import dev.basalt.backend.cpu.kernels.KernelThreads;

/**
 * Splits index ranges over a fixed number of threads of {@link KernelThreads}. The split depends only on the range and
 * the thread count, and every task writes disjoint output, so results are identical run to run.
 */
final class Parallel {

    /** Below this much work (elements × cost) a loop runs on the calling thread. */
    private static final long MIN_PARALLEL_WORK = 32_768;

    /** A loop body over {@code [from, to)}. */
    @FunctionalInterface
    interface Body {
        void run(int from, int to);
    }

    private final int threads;

    Parallel(int threads) {
        this.threads = threads;
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body} over {@code [0, n)}; {@code costPerItem} estimates the work of one index. */
    void range(int n, long costPerItem, Body body) {
        int chunks = (int) Math.min(threads, Math.max(1, (long) n * costPerItem / MIN_PARALLEL_WORK));
        chunks = Math.min(chunks, n);
        if (chunks <= 1) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        int per = (n + chunks - 1) / chunks;
        int count = (n + per - 1) / per;
        KernelThreads.run(count, c -> body.run(c * per, Math.min(n, (c + 1) * per)));
    }
}
