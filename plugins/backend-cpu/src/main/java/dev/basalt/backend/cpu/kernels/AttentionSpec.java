package dev.basalt.backend.cpu.kernels;

/**
 * What an attention call computes: {@code softmax(scale * Q K^T + bias + mask) V} per (batch, head).
 *
 * <ul>
 *   <li>{@code kvHeads} divides {@code heads}; query head {@code h} reads key/value head
 *       {@code h / (heads / kvHeads)} (grouped-query attention; equal counts is ordinary multi-head).
 *   <li>{@code causal}: query {@code i} sees keys {@code j <= i + (kLen - qLen)} (aligned bottom-right, so a
 *       query block appended to a key cache sees everything before it; with qLen == kLen this is the usual
 *       lower triangle).
 *   <li>{@code keyLengths} (may be null): per batch, only keys {@code j < keyLengths[b]} are seen.
 *   <li>{@code keyMask} (may be null): {@code [batch, kLen]}, a key is seen only where true.
 *   <li>{@code bias} (may be null): additive {@code [biasHeads, qLen, kLen]}, biasHeads 1 (shared) or heads,
 *       e.g. T5 relative position bias or ALiBi slopes.
 * </ul>
 * A query row that sees no key at all gets a zero output (and a zero gradient), never NaN.
 */
public record AttentionSpec(int batch, int heads, int kvHeads, int qLen, int kLen, int headDim, float scale,
        boolean causal, int[] keyLengths, boolean[] keyMask, float[] bias, int biasHeads) {

    public AttentionSpec {
        if (batch < 0 || heads < 1 || kvHeads < 1 || qLen < 0 || kLen < 0 || headDim < 1) {
            throw new IllegalArgumentException("attention sizes invalid: batch " + batch + ", heads " + heads
                    + ", kvHeads " + kvHeads + ", qLen " + qLen + ", kLen " + kLen + ", headDim " + headDim);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("kvHeads (" + kvHeads + ") must divide heads (" + heads + ")");
        }
        if (keyLengths != null && keyLengths.length != batch) {
            throw new IllegalArgumentException("keyLengths has " + keyLengths.length + " entries, batch is " + batch);
        }
        if (keyMask != null && keyMask.length != batch * kLen) {
            throw new IllegalArgumentException("keyMask has " + keyMask.length + " entries, need batch * kLen = "
                    + batch * kLen);
        }
        if (bias != null && (biasHeads != 1 && biasHeads != heads
                || bias.length != (long) biasHeads * qLen * kLen)) {
            throw new IllegalArgumentException("bias must be [1 or " + heads + ", " + qLen + ", " + kLen
                    + "], got " + bias.length + " elements with biasHeads " + biasHeads);
        }
    }

    /** Plain multi-head attention with scale 1/sqrt(headDim) and no mask. */
    public static AttentionSpec of(int batch, int heads, int qLen, int kLen, int headDim) {
        return new AttentionSpec(batch, heads, heads, qLen, kLen, headDim, (float) (1 / Math.sqrt(headDim)), false,
                null, null, null, 1);
    }

    public AttentionSpec withCausal(boolean value) {
        return new AttentionSpec(batch, heads, kvHeads, qLen, kLen, headDim, scale, value, keyLengths, keyMask,
                bias, biasHeads);
    }

    public AttentionSpec withScale(float value) {
        return new AttentionSpec(batch, heads, kvHeads, qLen, kLen, headDim, value, causal, keyLengths, keyMask,
                bias, biasHeads);
    }

    public AttentionSpec withKvHeads(int value) {
        return new AttentionSpec(batch, heads, value, qLen, kLen, headDim, scale, causal, keyLengths, keyMask,
                bias, biasHeads);
    }

    public AttentionSpec withKeyLengths(int[] value) {
        return new AttentionSpec(batch, heads, kvHeads, qLen, kLen, headDim, scale, causal, value, keyMask, bias,
                biasHeads);
    }

    public AttentionSpec withKeyMask(boolean[] value) {
        return new AttentionSpec(batch, heads, kvHeads, qLen, kLen, headDim, scale, causal, keyLengths, value, bias,
                biasHeads);
    }

    public AttentionSpec withBias(float[] value, int valueHeads) {
        return new AttentionSpec(batch, heads, kvHeads, qLen, kLen, headDim, scale, causal, keyLengths, keyMask,
                value, valueHeads);
    }

    /** One past the last key query {@code i} of batch {@code b} may see, before the element-wise key mask. */
    int keyEnd(int b, int i) {
        int end = keyLengths == null ? kLen : Math.min(kLen, Math.max(0, keyLengths[b]));
        if (causal) {
            end = Math.min(end, Math.max(0, i + (kLen - qLen) + 1));
        }
        return end;
    }

    int biasAt(int h, int i) {
        return ((biasHeads == 1 ? 0 : h) * qLen + i) * kLen;
    }
}
