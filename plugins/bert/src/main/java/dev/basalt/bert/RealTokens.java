package dev.basalt.bert;

import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;

/**
 * Where the real tokens of a padded batch sit, so that the per-token parts of a layer (linears, GELU, residuals,
 * LayerNorm) run on the real tokens alone ({@code [real, width]}) and only attention sees the padded
 * {@code [rows, T, width]} layout. Short sentences batched with a long one are mostly padding, so this saves up to half
 * the work of a batch. Without padding every method is a reshape.
 */
final class RealTokens {

    private final int rows;
    private final int length;
    /** Flat positions of the real tokens, or null when every position is real. */
    private final Tensor realPositions;
    /** For each flat position, its row in the packed tensor; a padding position points at row 0 (see padded). */
    private final Tensor packedRows;
    private final Tensor keyValid;

    private RealTokens(int rows, int length, Tensor realPositions, Tensor packedRows, Tensor keyValid) {
        this.rows = rows;
        this.length = length;
        this.realPositions = realPositions;
        this.packedRows = packedRows;
        this.keyValid = keyValid;
    }

    /** @param keyValid {@code [rows, T]}, 1 for real tokens, or null (all real) */
    static RealTokens of(int rows, int length, Tensor keyValid) {
        if (keyValid == null) {
            return new RealTokens(rows, length, null, null, null);
        }
        float[] valid = keyValid.toFloatArray();
        int[] packedRows = new int[valid.length];
        int[] real = new int[valid.length];
        int count = 0;
        for (int at = 0; at < valid.length; at++) {
            if (valid[at] != 0f) {
                packedRows[at] = count;
                real[count++] = at;
            }
        }
        if (count == valid.length || count == 0) {
            return new RealTokens(rows, length, null, null, null);
        }
        return new RealTokens(rows, length, Tensor.ofInts(java.util.Arrays.copyOf(real, count), count),
                Tensor.ofInts(packedRows, valid.length), keyValid);
    }

    /** {@code [rows, T, width]} to {@code [real, width]}. */
    Tensor packed(Tensor x) {
        if (realPositions == null) {
            return x;
        }
        return Functional.embedding(x.reshape(rows * length, x.dim(-1)), realPositions);
    }

    /**
     * {@code [real, width]} (or an unpacked {@code [rows, T, width]}) to {@code [rows, T, width]}. A padding position
     * holds a copy of the first real token: attention hides padding keys and {@link #packed} drops padding queries,
     * so those values reach no result and receive no gradient.
     */
    Tensor padded(Tensor x) {
        if (realPositions == null) {
            return x.reshape(rows, length, x.dim(-1));
        }
        return Functional.embedding(x, packedRows).reshape(rows, length, x.dim(-1));
    }

    /** {@code [real, width]} to {@code [rows, T, width]} with zeros at the padding positions. */
    Tensor paddedWithZeros(Tensor x) {
        Tensor out = padded(x);
        return keyValid == null ? out : out.mul(keyValid.unsqueeze(-1));
    }
}
