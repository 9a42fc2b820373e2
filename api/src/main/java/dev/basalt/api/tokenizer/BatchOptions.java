package dev.basalt.api.tokenizer;

/**
 * How {@link Tokenizer#encodeBatch} shapes a batch.
 *
 * @param addSpecialTokens apply the tokenizer's post-processor ({@code [CLS] .. [SEP]}, BOS/EOS)
 * @param maxLength        truncate every encoding to at most this many tokens; 0 means no truncation
 * @param truncationSide   which end truncation removes tokens from
 * @param padding          how far to pad
 * @param padToLength      the target length when {@code padding} is {@link Padding#FIXED}
 * @param paddingSide      which end padding is added to
 */
public record BatchOptions(boolean addSpecialTokens, int maxLength, Encoding.Side truncationSide,
                           Padding padding, int padToLength, Encoding.Side paddingSide) {

    /** Padding strategies. */
    public enum Padding {
        /** Leave every encoding at its own length. */
        NONE,
        /** Pad to the longest encoding of the batch. */
        LONGEST,
        /** Pad to {@code padToLength}. */
        FIXED
    }

    public BatchOptions {
        if (maxLength < 0 || padToLength < 0) {
            throw new IllegalArgumentException("maxLength and padToLength must be >= 0");
        }
    }

    /** Special tokens on, no truncation, pad right to the longest. */
    public static BatchOptions defaults() {
        return new BatchOptions(true, 0, Encoding.Side.RIGHT, Padding.LONGEST, 0, Encoding.Side.RIGHT);
    }
}
