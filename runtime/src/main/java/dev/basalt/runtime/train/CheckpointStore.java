package dev.basalt.runtime.train;

import dev.basalt.api.format.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of one run: {@code step-000500/} folders beside each other, the newest named in {@code latest}.
 *
 * <p>A checkpoint is written into a hidden {@code .step-000500.partial} folder and renamed into place only when
 * every file in it is complete, so a run killed at any moment leaves either the whole checkpoint or none of it.
 * Only the newest {@code keep} checkpoints are kept.
 */
public final class CheckpointStore {

    /** Fills a folder with the files of one checkpoint. */
    @FunctionalInterface
    public interface Writer {
        void writeInto(Path folder) throws IOException;
    }

    private static final Pattern NAME = Pattern.compile("step-(\\d+)");
    private static final String LATEST = "latest";

    private final Path runFolder;
    private final int keep;

    public CheckpointStore(Path runFolder, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one checkpoint, not " + keep);
        }
        this.runFolder = runFolder;
        this.keep = keep;
    }

    public Path runFolder() {
        return runFolder;
    }

    /** The folder name of a step's checkpoint. */
    public static String folderName(int step) {
        return String.format("step-%06d", step);
    }

    /** Writes the checkpoint of {@code step}, makes it the latest, and removes the ones beyond {@code keep}. */
    public Path save(int step, Writer writer) throws IOException {
        Files.createDirectories(runFolder);
        removePartials();
        Path target = runFolder.resolve(folderName(step));
        Path partial = runFolder.resolve("." + folderName(step) + ".partial");
        Files.createDirectories(partial);
        writer.writeInto(partial);
        if (Files.exists(target)) {
            Folders.deleteTree(target);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.writeString(runFolder.resolve(LATEST), target.getFileName() + "\n");
        prune();
        return target;
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Path> latest() throws IOException {
        Path pointer = runFolder.resolve(LATEST);
        if (Files.isRegularFile(pointer)) {
            Path named = runFolder.resolve(Files.readString(pointer, StandardCharsets.UTF_8).strip());
            if (Files.isDirectory(named)) {
                return Optional.of(named);
            }
        }
        List<Path> all = checkpoints();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /** The step a checkpoint folder holds. */
    public static int stepOf(Path checkpoint) {
        Matcher m = NAME.matcher(checkpoint.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(checkpoint + " is not a checkpoint folder");
        }
        return Integer.parseInt(m.group(1));
    }

    /** Every complete checkpoint, oldest first. */
    public List<Path> checkpoints() throws IOException {
        if (!Files.isDirectory(runFolder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(runFolder)) {
            return entries.filter(p -> Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(CheckpointStore::stepOf)).toList();
        }
    }

    private void prune() throws IOException {
        List<Path> all = checkpoints();
        for (int i = 0; i < all.size() - keep; i++) {
            Folders.deleteTree(all.get(i));
        }
    }

    private void removePartials() throws IOException {
        try (Stream<Path> entries = Files.list(runFolder)) {
            for (Path p : entries.filter(p -> p.getFileName().toString().endsWith(".partial")).toList()) {
                Folders.deleteTree(p);
            }
        }
    }
}
