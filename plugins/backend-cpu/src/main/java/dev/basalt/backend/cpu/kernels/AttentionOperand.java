package dev.basalt.backend.cpu.kernels;

/**
 * A 4-d float tensor {@code [batch, heads, seq, headDim]} seen through strides, with {@code headDim} contiguous:
 * element {@code (b, h, t, d)} is {@code data[offset + b * batchStride + h * headStride + t * rowStride + d]}.
 * {@link #bhsd} is the contiguous {@code [batch, heads, seq, headDim]} layout; {@link #bshd} reads the
 * {@code [batch, seq, heads, headDim]} layout a linear projection produces, without a transpose copy.
 */
public record AttentionOperand(float[] data, int offset, int batchStride, int headStride, int rowStride) {

    /** Contiguous {@code [batch, heads, seq, headDim]}. */
    public static AttentionOperand bhsd(float[] data, int heads, int seq, int headDim) {
        return new AttentionOperand(data, 0, heads * seq * headDim, seq * headDim, headDim);
    }

    /** Contiguous {@code [batch, seq, heads, headDim]}. */
    public static AttentionOperand bshd(float[] data, int heads, int seq, int headDim) {
        return new AttentionOperand(data, 0, seq * heads * headDim, headDim, heads * headDim);
    }

    /** Index of row {@code (b, h, t)}, element 0. */
    int at(int b, int h, int t) {
        return offset + b * batchStride + h * headStride + t * rowStride;
    }

    void requireFits(String name, int batch, int heads, int seq, int headDim) {
        if (offset < 0 || batchStride < 0 || headStride < 0 || rowStride < headDim) {
            throw new IllegalArgumentException(name + ": offset and strides must be >= 0 and rowStride >= headDim ("
                    + headDim + "), got " + this);
        }
        long last = offset + (long) (batch - 1) * batchStride + (long) (heads - 1) * headStride
                + (long) (seq - 1) * rowStride + headDim;
        if (batch > 0 && heads > 0 && seq > 0 && last > data.length) {
            throw new IllegalArgumentException(name + " [" + batch + ", " + heads + ", " + seq + ", " + headDim
                    + "] needs " + last + " elements with " + this + " but the array has " + data.length);
        }
    }

    @Override
    public String toString() {
        return "offset " + offset + ", strides (" + batchStride + ", " + headStride + ", " + rowStride + ", 1)";
    }
}
