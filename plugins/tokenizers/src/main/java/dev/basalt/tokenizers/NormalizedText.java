package dev.basalt.tokenizers;

import java.util.Arrays;

/**
 * A piece of text after normalization, with the range of the original text each UTF-16 char came from, so
 * that token offsets can point into the user's input.
 */
final class NormalizedText {
    final String text;
    /** Original start of each char of {@link #text}. */
    final int[] starts;
    /** Original end (exclusive) of each char of {@link #text}. */
    final int[] ends;

    NormalizedText(String text, int[] starts, int[] ends) {
        this.text = text;
        this.starts = starts;
        this.ends = ends;
    }

    /** The original text from {@code from} to {@code to}, unchanged, at original offset {@code from}. */
    static NormalizedText of(String original, int from, int to) {
        int n = to - from;
        int[] s = new int[n];
        int[] e = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = from + i;
            e[i] = from + i + 1;
        }
        return new NormalizedText(original.substring(from, to), s, e);
    }

    int length() {
        return text.length();
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    NormalizedText slice(int from, int to) {
        if (from == 0 && to == text.length()) {
            return this;
        }
        return new NormalizedText(text.substring(from, to), Arrays.copyOfRange(starts, from, to), Arrays.copyOfRange(ends, from, to));
    }

    /** Original offset where chars {@code [from, to)} of this text start; an empty range maps to a point. */
    int originalStart(int from, int to) {
        if (from < to) {
            return starts[from];
        }
        return from < starts.length ? starts[from] : (ends.length > 0 ? ends[ends.length - 1] : 0);
    }

    int originalEnd(int from, int to) {
        if (from < to) {
            return ends[to - 1];
        }
        return originalStart(from, to);
    }

    /** Builds a new text char by char, each appended char carrying an original range. */
    static final class Builder {
        private final StringBuilder sb;
        private int[] starts;
        private int[] ends;

        Builder(int capacity) {
            sb = new StringBuilder(capacity);
            starts = new int[Math.max(4, capacity)];
            ends = new int[Math.max(4, capacity)];
        }

        void append(char c, int start, int end) {
            int n = sb.length();
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, n * 2);
                ends = Arrays.copyOf(ends, n * 2);
            }
            sb.append(c);
            starts[n] = start;
            ends[n] = end;
        }

        /** Appends a string whose every char comes from the same original range. */
        void append(CharSequence s, int start, int end) {
            for (int i = 0; i < s.length(); i++) {
                append(s.charAt(i), start, end);
            }
        }

        void appendCodePoint(int cp, int start, int end) {
            if (Character.isBmpCodePoint(cp)) {
                append((char) cp, start, end);
            } else {
                append(Character.highSurrogate(cp), start, end);
                append(Character.lowSurrogate(cp), start, end);
            }
        }

        int length() {
            return sb.length();
        }

        NormalizedText build() {
            int n = sb.length();
            return new NormalizedText(sb.toString(), Arrays.copyOf(starts, n), Arrays.copyOf(ends, n));
        }
    }
}
