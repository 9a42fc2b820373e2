package dev.basalt.data.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.basalt.api.BasaltException;
import dev.basalt.api.data.ShardManifest;
import dev.basalt.api.data.TokenWidth;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes the shards of one split. Token ids stream to {@code <split>-NNNNN.bin.tmp}; when the shard holds
 * {@code shardTokens} ids it is closed at the document boundary: synced, renamed into place, its index
 * written the same way, and last a {@code .done} marker. Only a shard with a marker counts as finished, so a
 * crash at any point leaves at most an unmarked shard, which the next run overwrites.
 *
 * <p>On restart the finished shards are adopted from their markers and the first documents they hold are
 * skipped ({@link #skipping()}), so no finished shard is written again.
 */
final class ShardWriter implements AutoCloseable {

    private final Path folder;
    private final String split;
    private final TokenWidth width;
    private final int vocabSize;
    private final int eosId;
    private final long shardTokens;
    private final String configHash;
    private final List<ShardManifest.Shard> finished = new ArrayList<>();
    private final long adoptedDocuments;
    private long seenDocuments;

    private OutputStream out;
    private final CRC32 crc = new CRC32();
    private final ByteBuffer buffer;
    private long[] offsets = new long[1024];
    private int documents;
    private long tokens;

    ShardWriter(Path folder, String split, TokenWidth width, int vocabSize, int eosId, long shardTokens,
                String configHash) throws IOException {
        this.folder = folder;
        this.split = split;
        this.width = width;
        this.vocabSize = vocabSize;
        this.eosId = eosId;
        this.shardTokens = shardTokens;
        this.configHash = configHash;
        this.buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        adoptFinished();
        this.adoptedDocuments = finished.stream().mapToLong(ShardManifest.Shard::documents).sum();
    }

    /** Whether the next document is already in a finished shard from an earlier run (then call {@link #skip}). */
    boolean skipping() {
        return seenDocuments < adoptedDocuments;
    }

    /** Counts a document that an earlier run already wrote. */
    void skip() {
        seenDocuments++;
    }

    /** Appends one document's ids and an EOS; closes the shard once it is full. */
    void add(int[] ids, String documentId) throws IOException {
        seenDocuments++;
        if (out == null) {
            open();
        }
        for (int id : ids) {
            if (id < 0 || id >= vocabSize) {
                throw new BasaltException("The tokenizer produced id " + id + " for document " + documentId
                        + ", outside its vocabulary 0.." + (vocabSize - 1) + "; refusing to store it in " + width + ".");
            }
            put(id);
        }
        put(eosId);
        tokens += ids.length + 1;
        if (documents + 1 == offsets.length) {
            offsets = java.util.Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[++documents] = tokens;
        if (tokens >= shardTokens) {
            finishShard();
        }
    }

    /** Closes the last, partly filled shard. */
    void finish() throws IOException {
        if (out != null && documents > 0) {
            finishShard();
        }
    }

    List<ShardManifest.Shard> shards() {
        return List.copyOf(finished);
    }

    long documents() {
        return finished.stream().mapToLong(ShardManifest.Shard::documents).sum() + documents;
    }

    long tokens() {
        return finished.stream().mapToLong(ShardManifest.Shard::tokens).sum() + tokens;
    }

    private void put(int id) throws IOException {
        if (buffer.remaining() < 4) {
            drain();
        }
        switch (width) {
            case UINT8 -> buffer.put((byte) id);
            case UINT16 -> buffer.putShort((short) id);
            case INT32 -> buffer.putInt(id);
        }
    }

    private void drain() throws IOException {
        crc.update(buffer.array(), 0, buffer.position());
        out.write(buffer.array(), 0, buffer.position());
        buffer.clear();
    }

    private String baseName(int index) {
        return String.format("%s-%05d", split, index);
    }

    private Path temp(String file) {
        return folder.resolve(file + ".tmp");
    }

    private void open() throws IOException {
        String bin = baseName(finished.size()) + ".bin";
        out = new BufferedOutputStream(Files.newOutputStream(temp(bin)), 1 << 20);
        crc.reset();
        documents = 0;
        tokens = 0;
        offsets[0] = 0;
    }

    private void finishShard() throws IOException {
        drain();
        out.close();
        out = null;
        String base = baseName(finished.size());
        Path binTemp = temp(base + ".bin");
        syncAndMove(binTemp, folder.resolve(base + ".bin"));
        Path idxTemp = temp(base + ".idx");
        ByteBuffer index = ByteBuffer.allocate((documents + 1) * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i <= documents; i++) {
            index.putLong(offsets[i]);
        }
        Files.write(idxTemp, index.array());
        syncAndMove(idxTemp, folder.resolve(base + ".idx"));
        ShardManifest.Shard shard = new ShardManifest.Shard(base + ".bin", base + ".idx", documents, tokens,
                crc.getValue());
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("config-hash", configHash);
        marker.put("tokens-file", shard.tokensFile());
        marker.put("index-file", shard.indexFile());
        marker.put("documents", shard.documents());
        marker.put("tokens", shard.tokens());
        marker.put("crc32", shard.crc32());
        ShardManifest.writeAtomically(folder.resolve(base + ".done"), ConfigValueFactory.fromMap(marker)
                .render(ConfigRenderOptions.concise().setJson(true)));
        finished.add(shard);
        documents = 0;
        tokens = 0;
    }

    private static void syncAndMove(Path temp, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Takes over the shards an interrupted run finished, in order, and deletes anything after them. */
    private void adoptFinished() throws IOException {
        for (int index = 0; ; index++) {
            Path marker = folder.resolve(baseName(index) + ".done");
            if (!Files.isRegularFile(marker)) {
                break;
            }
            ShardManifest.Shard shard = readMarker(marker);
            if (shard == null) {
                break;
            }
            finished.add(shard);
        }
        for (int index = finished.size(); ; index++) {
            boolean any = false;
            for (String suffix : List.of(".bin", ".idx", ".done", ".bin.tmp", ".idx.tmp", ".done.tmp")) {
                any |= Files.deleteIfExists(folder.resolve(baseName(index) + suffix));
            }
            if (!any && index > finished.size()) {
                break;
            }
        }
    }

    private ShardManifest.Shard readMarker(Path marker) throws IOException {
        Config config;
        try {
            config = ConfigFactory.parseFile(marker.toFile());
            if (!config.getString("config-hash").equals(configHash)) {
                throw new BasaltException(folder + " holds shards of a different data configuration (" + marker
                        + "); delete the folder or choose another data.output-dir.");
            }
            ShardManifest.Shard shard = new ShardManifest.Shard(config.getString("tokens-file"),
                    config.getString("index-file"), config.getLong("documents"), config.getLong("tokens"),
                    config.getLong("crc32"));
            boolean intact = Files.isRegularFile(folder.resolve(shard.tokensFile()))
                    && Files.size(folder.resolve(shard.tokensFile())) == shard.tokens() * width.bytes()
                    && Files.isRegularFile(folder.resolve(shard.indexFile()))
                    && Files.size(folder.resolve(shard.indexFile())) == (shard.documents() + 1) * Long.BYTES;
            return intact ? shard : null;
        } catch (ConfigException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
