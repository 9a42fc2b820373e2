package dev.basalt.data.pipeline;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Prints a status line every few seconds while a run goes on. */
final class Progress implements AutoCloseable {

    private final ScheduledExecutorService timer;

    Progress(int seconds, Consumer<String> sink, Supplier<String> status) {
        if (seconds <= 0) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("basalt-data-progress").unstarted(r));
        timer.scheduleAtFixedRate(() -> sink.accept(status.get()), seconds, seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
