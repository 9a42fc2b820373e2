package dev.basalt.gpt;

import dev.basalt.api.tensor.Tensor;

/**
 * The positions of the tokens of one forward pass: either shared by every row ({@code start, start+1, ...}, the
 * training and unpadded case) or given per row (left-padded generation).
 *
 * @param start  the first position when shared
 * @param length tokens per row
 * @param perRow {@code [rows, length]} integer positions, or null when shared
 */
record Positions(int start, int length, Tensor perRow) {

    static Positions shared(int start, int length) {
        return new Positions(start, length, null);
    }

    boolean isShared() {
        return perRow == null;
    }

    /** Integer ids {@code [length]} (shared) or {@code [rows, length]} (per row), for a position table lookup. */
    Tensor ids() {
        if (perRow != null) {
            return perRow;
        }
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = start + i;
        }
        return Tensor.ofInts(ids, length);
    }
}
