package dev.basalt.tokenizers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * GPT-2's byte-level alphabet: every byte is shown as a printable char, so that a BPE vocabulary of strings
 * covers all byte sequences; plus GPT-2's word-splitting pattern, hand-compiled for speed.
 */
final class ByteLevel {
    private ByteLevel() {
    }

    /** The char that stands for each byte. */
    static final char[] BYTE_TO_CHAR = new char[256];
    /** The byte for each char of the alphabet, or -1. */
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) next++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    /** All 256 chars of the alphabet, in byte order. */
    static String alphabet() {
        return new String(BYTE_TO_CHAR);
    }

    /** Rewrites a piece in the byte alphabet, each byte keeping the original range of its code point. */
    static NormalizedText toBytes(NormalizedText in) {
        String s = in.text;
        boolean ascii = true;
        for (int i = 0; i < s.length() && ascii; i++) {
            ascii = s.charAt(i) < 0x80;
        }
        if (ascii) {
            char[] out = new char[s.length()];
            for (int i = 0; i < out.length; i++) {
                out[i] = BYTE_TO_CHAR[s.charAt(i)];
            }
            return new NormalizedText(new String(out), in.starts, in.ends);
        }
        NormalizedText.Builder out = new NormalizedText.Builder(s.length() * 3);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            int start = in.starts[i];
            int end = in.ends[i + len - 1];
            if (Character.isSurrogate(s.charAt(i)) && len == 1) {
                cp = 0xFFFD;
            }
            i += len;
            if (cp < 0x80) {
                out.append(BYTE_TO_CHAR[cp], start, end);
            } else if (cp < 0x800) {
                out.append(BYTE_TO_CHAR[0xC0 | (cp >> 6)], start, end);
                out.append(BYTE_TO_CHAR[0x80 | (cp & 0x3F)], start, end);
            } else if (cp < 0x10000) {
                out.append(BYTE_TO_CHAR[0xE0 | (cp >> 12)], start, end);
                out.append(BYTE_TO_CHAR[0x80 | ((cp >> 6) & 0x3F)], start, end);
                out.append(BYTE_TO_CHAR[0x80 | (cp & 0x3F)], start, end);
            } else {
                out.append(BYTE_TO_CHAR[0xF0 | (cp >> 18)], start, end);
                out.append(BYTE_TO_CHAR[0x80 | ((cp >> 12) & 0x3F)], start, end);
                out.append(BYTE_TO_CHAR[0x80 | ((cp >> 6) & 0x3F)], start, end);
                out.append(BYTE_TO_CHAR[0x80 | (cp & 0x3F)], start, end);
            }
        }
        return out.build();
    }

    /**
     * Maps byte-alphabet chars back to bytes and decodes them as UTF-8 (invalid sequences become U+FFFD);
     * chars outside the alphabet are kept as they are.
     */
    static String fromBytes(CharSequence s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
            if (b >= 0) {
                bytes.write(b);
            } else {
                flush(bytes, out);
                out.append(c);
            }
        }
        flush(bytes, out);
        return out.toString();
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
        if (bytes.size() > 0) {
            out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
            bytes.reset();
        }
    }

    /**
     * Splits like GPT-2's pattern
     * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}, appending
     * {@code [start, end)} pairs.
     */
    static void splitGpt2(String s, List<int[]> out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            int end = matchAt(s, i, n);
            out.add(new int[] {i, end});
            i = end;
        }
    }

    private static int matchAt(String s, int i, int n) {
        char c = s.charAt(i);
        if (c == '\'' && i + 1 < n) {
            char d = s.charAt(i + 1);
            if (d == 's' || d == 't' || d == 'm' || d == 'd') {
                return i + 2;
            }
            if (i + 2 < n) {
                char e = s.charAt(i + 2);
                if ((d == 'r' && e == 'e') || (d == 'v' && e == 'e') || (d == 'l' && e == 'l')) {
                    return i + 3;
                }
            }
        }
        int k = c == ' ' ? i + 1 : i;
        if (k < n) {
            int cp = s.codePointAt(k);
            if (Chars.isLetter(cp)) {
                return runOf(s, k, n, 0);
            }
            if (Chars.isNumber(cp)) {
                return runOf(s, k, n, 1);
            }
            if (!Chars.isWhitespace(cp)) {
                return runOf(s, k, n, 2);
            }
        }
        // A whitespace run: all of it at the end of text; otherwise leave its last char for the next word.
        int j = i;
        while (j < n && Chars.isWhitespace(s.codePointAt(j))) {
            j += Character.charCount(s.codePointAt(j));
        }
        if (j == n) {
            return n;
        }
        int lastStart = j - Character.charCount(s.codePointBefore(j));
        return lastStart > i ? lastStart : j;
    }

    /** The end of a run of letters (0), numbers (1) or other non-space chars (2) starting at k. */
    private static int runOf(String s, int k, int n, int kind) {
        int j = k;
        while (j < n) {
            int cp = s.codePointAt(j);
            boolean in = switch (kind) {
                case 0 -> Chars.isLetter(cp);
                case 1 -> Chars.isNumber(cp);
                default -> !Chars.isWhitespace(cp) && !Chars.isLetter(cp) && !Chars.isNumber(cp);
            };
            if (!in) {
                break;
            }
            j += Character.charCount(cp);
        }
        return j;
    }
}
