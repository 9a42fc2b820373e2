package dev.basalt.api.data;

import dev.basalt.api.BasaltException;

/**
 * How many bytes one token id takes in a packed shard. Ids are stored little-endian and unsigned for the one-
 * and two-byte widths; the narrowest width that holds every id of the vocabulary is chosen, so a vocabulary
 * of 65,536 ids fits {@link #UINT16} and one of 65,537 needs {@link #INT32}.
 */
public enum TokenWidth {
    /** One byte, ids 0..255. */
    UINT8(1, 1L << 8),
    /** Two bytes, ids 0..65,535. */
    UINT16(2, 1L << 16),
    /** Four bytes, ids 0..2,147,483,647. */
    INT32(4, 1L << 31);

    private final int bytes;
    private final long idLimit;

    TokenWidth(int bytes, long idLimit) {
        this.bytes = bytes;
        this.idLimit = idLimit;
    }

    /** Bytes per token id. */
    public int bytes() {
        return bytes;
    }

    /** The number of distinct ids this width can hold. */
    public long idLimit() {
        return idLimit;
    }

    /** The narrowest width that holds the ids {@code 0 .. vocabSize-1}. */
    public static TokenWidth forVocabulary(int vocabSize) {
        if (vocabSize <= 0) {
            throw new BasaltException("A tokenizer vocabulary must have at least one id, got " + vocabSize + ".");
        }
        for (TokenWidth width : values()) {
            if (vocabSize <= width.idLimit) {
                return width;
            }
        }
        throw new AssertionError("int vocabulary larger than 2^31");
    }

    /** The width stored with that many bytes per id. */
    public static TokenWidth ofBytes(int bytes) {
        for (TokenWidth width : values()) {
            if (width.bytes == bytes) {
                return width;
            }
        }
        throw new BasaltException("A token width must be 1, 2 or 4 bytes, got " + bytes + ".");
    }
}
