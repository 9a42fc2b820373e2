package dev.basalt.runtime.train;

import dev.basalt.api.BasaltException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondRunInTheSameFolderIsRefusedUntilTheFirstEnds() {
        Path run = dir.resolve("runs/a");
        try (RunLock first = RunLock.take(run)) {
            assertTrue(Files.isDirectory(run));
            BasaltException e = assertThrows(BasaltException.class, () -> RunLock.take(run));
            assertTrue(e.getMessage().startsWith("Another basalt train is running in " + run), e.getMessage());
        }
        assertFalse(Files.exists(run.resolve(".basalt.lock")), "the lock file goes with the run");
        RunLock.take(run).close();
    }

    @Test
    void aRunFolderThatCannotBeCreatedNamesTheSettings() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        BasaltException e = assertThrows(BasaltException.class, () -> RunLock.take(file.resolve("run")));
        assertTrue(e.getMessage().contains("set run.output-dir"), e.getMessage());
    }
}
