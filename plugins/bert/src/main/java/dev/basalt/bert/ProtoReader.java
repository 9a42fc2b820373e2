package dev.basalt.bert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A reader of the protocol buffers wire format, enough for ONNX: a message is a run of (tag, value) fields; a value
 * is a varint, a fixed 32- or 64-bit word, or a length-delimited run of bytes (strings, sub-messages, packed arrays).
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer buffer;
    private final int end;
    private int position;
    private int tag;

    ProtoReader(ByteBuffer buffer, int start, int end) {
        this.buffer = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.position = start;
        this.end = end;
    }

    /** Moves to the next field; false at the end of the message. */
    boolean next() {
        if (position >= end) {
            return false;
        }
        tag = (int) varint();
        return true;
    }

    /** Whether unread bytes remain (for packed repeated values read with {@link #varint}). */
    boolean hasMore() {
        return position < end;
    }

    int field() {
        return tag >>> 3;
    }

    int wireType() {
        return tag & 7;
    }

    long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = byteAt(position++);
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalStateException("a varint longer than 10 bytes at offset " + position);
    }

    /** The field's length-delimited value as a reader of its own. */
    ProtoReader message() {
        int length = length();
        ProtoReader inner = new ProtoReader(buffer, position, position + length);
        position += length;
        return inner;
    }

    String string() {
        int length = length();
        byte[] bytes = new byte[length];
        buffer.get(position, bytes);
        position += length;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The field's length-delimited value as a little-endian slice of the underlying buffer (no copy). */
    ByteBuffer bytes() {
        int length = length();
        ByteBuffer slice = buffer.slice(position, length).order(ByteOrder.LITTLE_ENDIAN);
        position += length;
        return slice;
    }

    /** Skips the current field's value. */
    void skip() {
        switch (wireType()) {
            case VARINT -> varint();
            case FIXED64 -> position += 8;
            case LENGTH_DELIMITED -> {
                int length = length(); // read first: `position += length()` would add to the position before the length
                position += length;
            }
            case FIXED32 -> position += 4;
            default -> throw new IllegalStateException("wire type " + wireType() + " (groups) is not used by ONNX");
        }
        if (position > end) {
            throw new IllegalStateException("a field runs past the end of its message");
        }
    }

    private int length() {
        long length = varint();
        if (length < 0 || position + length > end) {
            throw new IllegalStateException("a length of " + length + " at offset " + position
                    + " runs past the end of its message");
        }
        return (int) length;
    }

    private byte byteAt(int at) {
        if (at >= end) {
            throw new IllegalStateException("the message ends inside a varint");
        }
        return buffer.get(at);
    }
}
