package dev.basalt.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Splits index ranges over a fixed number of worker threads. The split depends only on the range and the
 * thread count, and every task writes disjoint output, so results are identical run to run.
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
    private final ForkJoinPool pool;

    Parallel(int threads) {
        this.threads = threads;
        this.pool = threads > 1 ? new ForkJoinPool(threads, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, false)
                : null;
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body} over {@code [0, n)}; {@code costPerItem} estimates the work of one index. */
    void range(int n, long costPerItem, Body body) {
        int chunks = (int) Math.min(threads, Math.max(1, (long) n * costPerItem / MIN_PARALLEL_WORK));
        chunks = Math.min(chunks, n);
        if (chunks <= 1 || pool == null) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        int per = (n + chunks - 1) / chunks;
        int count = (n + per - 1) / per;
        if (ForkJoinTask.inForkJoinPool() && ForkJoinTask.getPool() == pool) {
            body.run(0, n);              // already inside a worker: do not nest
            return;
        }
        RecursiveAction[] tasks = new RecursiveAction[count];
        for (int c = 0; c < count; c++) {
            int from = c * per;
            int to = Math.min(n, from + per);
            tasks[c] = new RecursiveAction() {
                @Override
                protected void compute() {
                    body.run(from, to);
                }
            };
        }
        pool.submit(() -> ForkJoinTask.invokeAll(tasks)).join();
    }
}
