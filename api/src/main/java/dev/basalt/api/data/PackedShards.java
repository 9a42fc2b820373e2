package dev.basalt.api.data;

import dev.basalt.api.BasaltException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Read access to a folder of packed token shards (see {@link ShardManifest} for the layout), memory-mapped so
 * that a corpus larger than the heap can be read at random positions.
 *
 * <p>Typical use in a training loop:
 * <pre>{@code
 * try (PackedShards shards = PackedShards.open(Path.of("data/shards"))) {
 *     TokenSplit train = shards.train();
 *     int[] window = new int[context + 1];
 *     train.read(randomStart, window, 0, window.length);   // crosses shard boundaries freely
 * }
 * }</pre>
 *
 * <p>Opening checks that every listed file exists with the size the manifest gives; {@link #verifyChecksums()}
 * also compares CRC-32s. Instances are safe to read from several threads; close them once, when done.
 */
public final class PackedShards implements AutoCloseable {

    private final Path folder;
    private final ShardManifest manifest;
    private final Arena arena;
    private final Map<String, TokenSplit> splits = new LinkedHashMap<>();

    private PackedShards(Path folder, ShardManifest manifest) {
        this.folder = folder;
        this.manifest = manifest;
        this.arena = Arena.ofShared();
    }

    /** Opens the shard folder written by a data pipeline run. */
    public static PackedShards open(Path folder) {
        ShardManifest manifest = ShardManifest.read(folder);
        PackedShards shards = new PackedShards(folder, manifest);
        try {
            for (Map.Entry<String, ShardManifest.Split> split : manifest.splits().entrySet()) {
                shards.splits.put(split.getKey(), shards.map(split.getKey(), split.getValue()));
            }
            return shards;
        } catch (RuntimeException e) {
            shards.close();
            throw e;
        }
    }

    /** The folder's manifest. */
    public ShardManifest manifest() {
        return manifest;
    }

    /** The training split. */
    public TokenSplit train() {
        return split(ShardManifest.TRAIN);
    }

    /** The held-out split. */
    public TokenSplit validation() {
        return split(ShardManifest.VALIDATION);
    }

    /** A split by name; an empty split when the run wrote none of that name. */
    public TokenSplit split(String name) {
        TokenSplit split = splits.get(name);
        return split != null ? split : new TokenSplit(name, manifest.width(), new TokenSplit.MappedShard[0]);
    }

    /**
     * Recomputes the CRC-32 of every token file and compares it with the manifest.
     *
     * @throws BasaltException naming the first shard whose bytes differ
     */
    public void verifyChecksums() {
        for (TokenSplit split : splits.values()) {
            split.verifyChecksums(folder);
        }
    }

    @Override
    public void close() {
        arena.close();
    }

    private TokenSplit map(String name, ShardManifest.Split split) {
        TokenSplit.MappedShard[] mapped = new TokenSplit.MappedShard[split.shards().size()];
        int width = manifest.width().bytes();
        for (int i = 0; i < mapped.length; i++) {
            ShardManifest.Shard shard = split.shards().get(i);
            Path tokens = folder.resolve(shard.tokensFile());
            Path index = folder.resolve(shard.indexFile());
            checkSize(tokens, shard.tokens() * width);
            checkSize(index, (shard.documents() + 1) * Long.BYTES);
            mapped[i] = new TokenSplit.MappedShard(shard, mapFile(tokens), mapFile(index));
        }
        return new TokenSplit(name, manifest.width(), mapped);
    }

    private static void checkSize(Path file, long expected) {
        long actual;
        try {
            actual = Files.size(file);
        } catch (IOException e) {
            throw new BasaltException(file + " is listed in the manifest but cannot be read: " + e.getMessage(), e);
        }
        if (actual != expected) {
            throw new BasaltException(file + " has " + actual + " bytes but the manifest says " + expected
                    + "; the shard folder is damaged, prepare it again.");
        }
    }

    private java.lang.foreign.MemorySegment mapFile(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
        } catch (IOException e) {
            throw new BasaltException("Cannot map " + file + ": " + e.getMessage(), e);
        }
    }
}
