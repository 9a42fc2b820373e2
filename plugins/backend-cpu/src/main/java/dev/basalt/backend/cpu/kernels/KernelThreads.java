package dev.basalt.backend.cpu.kernels;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * One shared pool of daemon worker threads for the CPU kernels. A parallel region splits its work into a fixed number
 * of tasks whose boundaries depend only on the problem and the thread count, never on timing, so results are
 * bit-identical from run to run. The calling thread and the workers claim tasks from a shared counter: when a worker
 * wakes late (the machine is busy), the caller runs the task itself rather than waiting for it, and only waits for
 * tasks already running elsewhere. A region started from inside a worker runs its tasks one after another instead of
 * waiting on the pool, so nested kernels cannot dead-lock. An idle worker, and a caller waiting for the last task, spin
 * for {@link #SPIN_NANOS} before they block: an inference pass runs hundreds of short regions one after another, and
 * waking a parked thread for each took about as long as the work it was woken for.
 */
public final class KernelThreads {

    private static final ThreadLocal<Boolean> IN_WORKER = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private static final long SPIN_NANOS = 50_000;
    private static final LinkedBlockingQueue<Runnable> WORK = new LinkedBlockingQueue<>();
    private static int workers;

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
            WORK.add(region::claimAll);
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
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (done.getCount() > 0 && System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            }
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

    private static synchronized void ensureWorkers(int wanted) {
        for (; workers < wanted; workers++) {
            Thread thread = new Thread(KernelThreads::work, "basalt-cpu-kernel");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private static void work() {
        IN_WORKER.set(Boolean.TRUE);
        while (true) {
            Runnable next = WORK.poll();
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (next == null && System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
                next = WORK.poll();
            }
            try {
                (next == null ? WORK.take() : next).run();
            } catch (InterruptedException e) {
                // a daemon worker has no owner to report to; keep serving regions
            }
        }
    }
}
