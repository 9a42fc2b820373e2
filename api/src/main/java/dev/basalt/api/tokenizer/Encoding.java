package dev.basalt.api.tokenizer;

import java.util.Arrays;
import java.util.Objects;

/**
 * The full result of encoding one text or one pair of texts: ids with everything a model or a user needs
 * beside them. All arrays have the same length.
 *
 * @param ids               token ids
 * @param tokens            the token strings, as the vocabulary spells them
 * @param typeIds           segment of each token: 0 for the first text of a pair, 1 for the second
 * @param starts            start of each token in its input text, in UTF-16 chars; 0 for tokens that a
 *                          post-processor or padding added
 * @param ends              end (exclusive) of each token in its input text, in UTF-16 chars
 * @param attentionMask     1 for real tokens, 0 for padding
 * @param specialTokensMask 1 for special tokens (added by a template, padding, or a special added token)
 */
public record Encoding(int[] ids, String[] tokens, int[] typeIds, int[] starts, int[] ends,
                       int[] attentionMask, int[] specialTokensMask) {

    /** Which end of a sequence truncation removes tokens from, or padding adds them to. */
    public enum Side { LEFT, RIGHT }

    public Encoding {
        int n = ids.length;
        if (tokens.length != n || typeIds.length != n || starts.length != n || ends.length != n
                || attentionMask.length != n || specialTokensMask.length != n) {
            throw new IllegalArgumentException("every array of an Encoding must have " + n + " elements");
        }
    }

    /** An encoding of plain ids without offsets or tokens (tokens empty, offsets 0). */
    public static Encoding ofIds(int[] ids) {
        int n = ids.length;
        String[] tokens = new String[n];
        Arrays.fill(tokens, "");
        int[] ones = new int[n];
        Arrays.fill(ones, 1);
        return new Encoding(ids.clone(), tokens, new int[n], new int[n], new int[n], ones, new int[n]);
    }

    /** The number of tokens. */
    public int length() {
        return ids.length;
    }

    /** The first {@code maxLength} tokens (RIGHT: drop from the end) or the last ones (LEFT). */
    public Encoding truncate(int maxLength, Side side) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be >= 0, got " + maxLength);
        }
        if (ids.length <= maxLength) {
            return this;
        }
        int from = side == Side.RIGHT ? 0 : ids.length - maxLength;
        int to = from + maxLength;
        return new Encoding(Arrays.copyOfRange(ids, from, to), Arrays.copyOfRange(tokens, from, to),
                Arrays.copyOfRange(typeIds, from, to), Arrays.copyOfRange(starts, from, to),
                Arrays.copyOfRange(ends, from, to), Arrays.copyOfRange(attentionMask, from, to),
                Arrays.copyOfRange(specialTokensMask, from, to));
    }

    /**
     * Pads to {@code length} tokens with the pad token on the given side; longer encodings are returned
     * unchanged. Pad tokens have attention mask 0, special mask 1 and type id {@code padTypeId}.
     */
    public Encoding pad(int length, int padId, String padToken, int padTypeId, Side side) {
        Objects.requireNonNull(padToken, "padToken");
        int n = ids.length;
        if (n >= length) {
            return this;
        }
        int extra = length - n;
        int offset = side == Side.LEFT ? extra : 0;
        int padAt = side == Side.LEFT ? 0 : n;
        int[] newIds = new int[length];
        String[] newTokens = new String[length];
        int[] newTypes = new int[length];
        int[] newStarts = new int[length];
        int[] newEnds = new int[length];
        int[] newMask = new int[length];
        int[] newSpecial = new int[length];
        System.arraycopy(ids, 0, newIds, offset, n);
        System.arraycopy(tokens, 0, newTokens, offset, n);
        System.arraycopy(typeIds, 0, newTypes, offset, n);
        System.arraycopy(starts, 0, newStarts, offset, n);
        System.arraycopy(ends, 0, newEnds, offset, n);
        System.arraycopy(attentionMask, 0, newMask, offset, n);
        System.arraycopy(specialTokensMask, 0, newSpecial, offset, n);
        for (int i = padAt; i < padAt + extra; i++) {
            newIds[i] = padId;
            newTokens[i] = padToken;
            newTypes[i] = padTypeId;
            newSpecial[i] = 1;
        }
        return new Encoding(newIds, newTokens, newTypes, newStarts, newEnds, newMask, newSpecial);
    }

    /** The two encodings one after the other (used to join the parts of a pair). */
    public Encoding concat(Encoding other) {
        return new Encoding(join(ids, other.ids), joinTokens(tokens, other.tokens), join(typeIds, other.typeIds),
                join(starts, other.starts), join(ends, other.ends), join(attentionMask, other.attentionMask),
                join(specialTokensMask, other.specialTokensMask));
    }

    private static int[] join(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String[] joinTokens(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
