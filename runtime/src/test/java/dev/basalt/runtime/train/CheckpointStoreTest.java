package dev.basalt.runtime.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointStoreTest {

    @TempDir
    Path run;

    @Test
    void keepsTheNewestCheckpointsAndPointsAtTheLatest() throws IOException {
        CheckpointStore store = new CheckpointStore(run, 2);
        for (int step : new int[] {100, 200, 300}) {
            store.save(step, folder -> Files.writeString(folder.resolve("model.txt"), "step " + step));
        }
        assertEquals(List.of("step-000200", "step-000300"),
                store.checkpoints().stream().map(p -> p.getFileName().toString()).toList());
        Path latest = store.latest().orElseThrow();
        assertEquals(300, CheckpointStore.stepOf(latest));
        assertEquals("step 300", Files.readString(latest.resolve("model.txt")));
    }

    @Test
    void aCheckpointInterruptedWhileWritingNeverBecomesVisible() throws IOException {
        CheckpointStore store = new CheckpointStore(run, 3);
        store.save(100, folder -> Files.writeString(folder.resolve("model.txt"), "good"));
        assertThrows(IOException.class, () -> store.save(200, folder -> {
            Files.writeString(folder.resolve("model.txt"), "half");
            throw new IOException("killed");
        }));
        assertEquals(100, CheckpointStore.stepOf(store.latest().orElseThrow()));
        assertEquals(1, store.checkpoints().size());
        store.save(300, folder -> Files.writeString(folder.resolve("model.txt"), "next"));
        try (var entries = Files.list(run)) {
            assertFalse(entries.anyMatch(p -> p.toString().endsWith(".partial")), "leftovers are cleaned");
        }
    }

    @Test
    void aMissingLatestPointerFallsBackToTheHighestStep() throws IOException {
        CheckpointStore store = new CheckpointStore(run, 5);
        store.save(5, folder -> { });
        store.save(40, folder -> { });
        Files.delete(run.resolve("latest"));
        assertEquals(40, CheckpointStore.stepOf(store.latest().orElseThrow()));
        assertTrue(new CheckpointStore(run.resolve("none"), 1).latest().isEmpty());
    }
}
