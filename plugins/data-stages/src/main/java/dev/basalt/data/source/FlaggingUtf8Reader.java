package dev.basalt.data.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

/**
 * Decodes UTF-8 strictly but without failing: each malformed byte sequence becomes U+FFFD and the 1-based line
 * ({@code \n}-separated) it occurred on is remembered, so a reader above can skip exactly the bad records.
 */
final class FlaggingUtf8Reader extends Reader {

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip();
    private final TreeSet<Long> malformedLines = new TreeSet<>();
    private long newlines;
    private boolean endOfInput;
    private boolean flushed;

    FlaggingUtf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(length, chars.remaining());
        chars.get(target, offset, n);
        return n;
    }

    /** Whether a malformed sequence occurred on any line in {@code [fromLine, toLine]}. */
    boolean malformedBetween(long fromLine, long toLine) {
        Long first = malformedLines.ceiling(fromLine);
        return first != null && first <= toLine;
    }

    /** The first malformed line at or after {@code fromLine}, or -1. */
    long firstMalformedFrom(long fromLine) {
        Long first = malformedLines.ceiling(fromLine);
        return first == null ? -1 : first;
    }

    /** Forgets malformed lines before {@code line}, keeping memory bounded on long files. */
    void forgetBefore(long line) {
        malformedLines.headSet(line).clear();
    }

    private boolean fill() throws IOException {
        if (flushed) {
            // a flushed decoder refuses to decode again, and readers do ask once more after the end
            return false;
        }
        chars.clear();
        while (chars.position() == 0) {
            if (!endOfInput && bytes.remaining() < 8) {
                readMoreBytes();
            }
            int before = chars.position();
            CoderResult result = decoder.decode(bytes, chars, endOfInput);
            countNewlines(before);
            if (result.isError()) {
                malformedLines.add(newlines + 1);
                bytes.position(bytes.position() + result.length());
                chars.put('\uFFFD');
            } else if (result.isUnderflow()) {
                if (endOfInput) {
                    if (!flushed) {
                        decoder.flush(chars);
                        flushed = true;
                    }
                    break;
                }
                readMoreBytes();
            }
        }
        chars.flip();
        return chars.hasRemaining();
    }

    private void countNewlines(int from) {
        for (int i = from; i < chars.position(); i++) {
            if (chars.get(i) == '\n') {
                newlines++;
            }
        }
    }

    private void readMoreBytes() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        if (n < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
