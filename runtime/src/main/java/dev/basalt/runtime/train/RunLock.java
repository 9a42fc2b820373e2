package dev.basalt.runtime.train;

import dev.basalt.api.BasaltException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Holds a run folder for one {@code basalt train} at a time: two runs writing checkpoints into the same folder would
 * delete each other's half-written ones. The lock lives in {@code .basalt.lock} and goes when the run ends, even when
 * the JVM dies (the operating system releases it).
 */
final class RunLock implements AutoCloseable {

    private static final String FILE = ".basalt.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates the run folder if needed and takes it; another live run holding it is one clear error. */
    static RunLock take(Path runFolder) {
        Path file = runFolder.resolve(FILE);
        FileChannel channel;
        try {
            Files.createDirectories(runFolder);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new BasaltException("Cannot create the run folder " + runFolder + " (" + e.getMessage()
                    + "); set run.output-dir to a folder you can write to and run.name to a plain name.", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;                               // the second is another run of this same JVM
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new BasaltException("Another basalt train is running in " + runFolder + " (it holds " + FILE
                    + "). Wait for it to finish, or choose another run.name.");
        }
        return new RunLock(file, channel, lock);
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
            lock.release();
        } catch (IOException e) {
            // the lock goes with the channel anyway
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
