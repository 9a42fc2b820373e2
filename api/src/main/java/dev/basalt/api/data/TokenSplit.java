package dev.basalt.api.data;

import dev.basalt.api.BasaltException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The token stream of one split of a {@link PackedShards} folder, seen as one array: the shards' token files
 * one after another. Positions and document numbers are global over the split.
 */
public final class TokenSplit implements TokenSequence {

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    record MappedShard(ShardManifest.Shard shard, MemorySegment tokens, MemorySegment index) {
    }

    private final String name;
    private final TokenWidth width;
    private final MappedShard[] shards;
    private final long[] firstToken;
    private final long[] firstDocument;

    TokenSplit(String name, TokenWidth width, MappedShard[] shards) {
        this.name = name;
        this.width = width;
        this.shards = shards;
        this.firstToken = new long[shards.length + 1];
        this.firstDocument = new long[shards.length + 1];
        for (int i = 0; i < shards.length; i++) {
            firstToken[i + 1] = firstToken[i] + shards[i].shard().tokens();
            firstDocument[i + 1] = firstDocument[i] + shards[i].shard().documents();
        }
    }

    /** The split's name, such as {@code train}. */
    public String name() {
        return name;
    }

    /** Token ids in the split, EOS ids included. */
    @Override
    public long length() {
        return tokens();
    }

    public long tokens() {
        return firstToken[shards.length];
    }

    /** Documents in the split. */
    public long documents() {
        return firstDocument[shards.length];
    }

    /** The id at a position, {@code 0 <= position < tokens()}. */
    public int token(long position) {
        checkRange(position, 1);
        int shard = shardOfToken(position);
        return idAt(shards[shard].tokens(), position - firstToken[shard]);
    }

    /** Copies {@code length} ids starting at {@code position} into {@code target}, across shard boundaries. */
    @Override
    public void read(long position, int[] target, int offset, int length) {
        checkRange(position, length);
        java.util.Objects.checkFromIndexSize(offset, length, target.length);
        int done = 0;
        while (done < length) {
            long at = position + done;
            int shard = shardOfToken(at);
            long local = at - firstToken[shard];
            int run = (int) Math.min(length - done, firstToken[shard + 1] - at);
            MemorySegment segment = shards[shard].tokens();
            for (int i = 0; i < run; i++) {
                target[offset + done + i] = idAt(segment, local + i);
            }
            done += run;
        }
    }

    /** Position of the first token of document {@code document}. */
    public long documentStart(long document) {
        int shard = shardOfDocument(document);
        return firstToken[shard] + shards[shard].index().getAtIndex(I64, document - firstDocument[shard]);
    }

    /** Position just past document {@code document}'s trailing EOS. */
    public long documentEnd(long document) {
        int shard = shardOfDocument(document);
        return firstToken[shard] + shards[shard].index().getAtIndex(I64, document - firstDocument[shard] + 1);
    }

    /** The ids of one document, without its trailing EOS. */
    public int[] document(long document) {
        long start = documentStart(document);
        int length = (int) (documentEnd(document) - start - 1);
        int[] ids = new int[length];
        read(start, ids, 0, length);
        return ids;
    }

    void verifyChecksums(Path folder) {
        for (MappedShard shard : shards) {
            CRC32 crc = new CRC32();
            crc.update(shard.tokens().asByteBuffer());
            if (crc.getValue() != shard.shard().crc32()) {
                throw new BasaltException(folder.resolve(shard.shard().tokensFile()) + " fails its CRC-32 check ("
                        + Long.toHexString(crc.getValue()) + " instead of " + Long.toHexString(shard.shard().crc32())
                        + "); the shard folder is damaged, prepare it again.");
            }
        }
    }

    private int idAt(MemorySegment segment, long index) {
        return switch (width) {
            case UINT8 -> Byte.toUnsignedInt(segment.get(ValueLayout.JAVA_BYTE, index));
            case UINT16 -> Short.toUnsignedInt(segment.getAtIndex(U16, index));
            case INT32 -> segment.getAtIndex(I32, index);
        };
    }

    private void checkRange(long position, long length) {
        if (position < 0 || length < 0 || position + length > tokens()) {
            throw new IndexOutOfBoundsException("tokens [" + position + ", " + (position + length) + ") outside split "
                    + name + " of " + tokens() + " tokens");
        }
    }

    private int shardOfToken(long position) {
        return locate(firstToken, position);
    }

    private int shardOfDocument(long document) {
        if (document < 0 || document >= documents()) {
            throw new IndexOutOfBoundsException("document " + document + " outside split " + name + " of "
                    + documents() + " documents");
        }
        return locate(firstDocument, document);
    }

    /** The shard i with starts[i] <= value < starts[i+1], skipping empty shards. */
    private static int locate(long[] starts, long value) {
        int found = Arrays.binarySearch(starts, value);
        int shard = found >= 0 ? found : -found - 2;
        while (shard + 1 < starts.length - 1 && starts[shard + 1] == value) {
            shard++;
        }
        return shard;
    }
}
