package dev.basalt.backend.cpu.kernels;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * One shared pool of daemon worker threads for the CPU kernels. A parallel region splits its work into a fixed number
 * of tasks whose boundaries depend only on the problem and the thread count, never on timing, so results are
 * bit-identical from run to run. The calling thread and the workers claim tasks from a shared counter: when a worker
 * wakes late (the machine is busy), the caller runs the task itself rather than waiting for it, and only waits for
 * tasks already running elsewhere. A region started from inside a worker runs its tasks one after another instead of
 * waiting on the pool, so nested kernels cannot dead-lock.
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
        Region region = new Region(tasks, body);
        for (int t = 1; t < tasks; t++) {
            POOL.execute(region::claimAll);
        }
        region.claimAll();
        region.awaitAll();
        Throwable failure = region.failure.get();
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

    /** The tasks of one {@link #run} call: who claims a task runs it; the first failure is kept. */
    private static final class Region {

        private final int tasks;
        private final IntConsumer body;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch done;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Region(int tasks, IntConsumer body) {
            this.tasks = tasks;
            this.body = body;
            this.done = new CountDownLatch(tasks);
        }

        void claimAll() {
            for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                try {
                    body.accept(t);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        }

        /** Waits for tasks still running on workers; an interrupt is kept for the caller, never cuts a task short. */
        void awaitAll() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static synchronized void ensureWorkers(int workers) {
        if (POOL.getMaximumPoolSize() < workers) {
            POOL.setMaximumPoolSize(workers);
            POOL.setCorePoolSize(workers);
        }
    }
}
