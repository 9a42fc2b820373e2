package dev.basalt.api.data;

/** A long run of token ids, documents separated by an end-of-text id: what objectives draw training windows from. */
public interface TokenSequence {

    /** The number of tokens. */
    long length();

    /** Copies {@code count} tokens starting at {@code position} into {@code target[offset ...]}. */
    void read(long position, int[] target, int offset, int count);

    /** A sequence over an array, for small corpora and tests. */
    static TokenSequence of(int[] tokens) {
        return new TokenSequence() {
            @Override
            public long length() {
                return tokens.length;
            }

            @Override
            public void read(long position, int[] target, int offset, int count) {
                System.arraycopy(tokens, Math.toIntExact(position), target, offset, count);
            }
        };
    }
}
