package dev.basalt.backend.cpu.kernels;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * One shared pool of daemon worker threads for the CPU kernels. A parallel region splits its work into a fixed number
 * of tasks whose boundaries depend only on the problem and the thread count, never on timing, so results are
 * bit-identical from run to run. The calling thread runs task 0 itself. A region started from inside a worker runs
 * its tasks one after another instead of waiting on the pool, so nested kernels cannot dead-lock.
 */
public final class KernelThreads {

    private static final ThreadLocal<Boolean> IN_WORKER = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(() -> {
                    IN_WORKER.set(Boolean.TRUE);
                    runnable.run();
                }, "basalt-cpu-kernel");
                thread.setDaemon(true);
                return thread;
            });

    private KernelThreads() {
    }

    /** Runs {@code body.accept(t)} for every {@code t} in {@code [0, tasks)}, on up to {@code tasks} threads. */
    public static void run(int tasks, IntConsumer body) {
        if (tasks <= 1 || IN_WORKER.get()) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        ensureWorkers(tasks - 1);
        @SuppressWarnings("unchecked")
        Future<?>[] futures = new Future<?>[tasks];
        for (int t = 1; t < tasks; t++) {
            int task = t;
            futures[t] = POOL.submit(() -> body.accept(task));
        }
        Throwable failure = null;
        try {
            body.accept(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (int t = 1; t < tasks; t++) {
            try {
                futures[t].get();
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? e : failure;
            }
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw new IllegalStateException("kernel task failed", failure);
        }
    }

    private static synchronized void ensureWorkers(int workers) {
        if (POOL.getMaximumPoolSize() < workers) {
            POOL.setMaximumPoolSize(workers);
            POOL.setCorePoolSize(workers);
        }
    }
}
