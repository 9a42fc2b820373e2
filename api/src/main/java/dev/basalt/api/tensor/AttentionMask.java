package dev.basalt.api.tensor;

/**
 * What {@link Functional#attention} may attend to, all optional and combinable.
 *
 * @param causal     query i sees keys j &lt;= i + (Tk - Tq) (bottom-right aligned, so a KV cache works)
 * @param keyPadding {@code [B, Tk]}, nonzero where the key is real, zero where it is padding; or null
 * @param bias       additive score bias broadcastable to {@code [B, H, Tq, Tk]} (T5 relative bias, ALiBi); or null
 * @param scale      score scale; NaN means {@code 1/sqrt(D)}
 */
public record AttentionMask(boolean causal, Tensor keyPadding, Tensor bias, float scale) {

    /** No masking: every query sees every key. */
    public static AttentionMask none() {
        return new AttentionMask(false, null, null, Float.NaN);
    }

    /** A causal (decoder) mask. */
    public static AttentionMask causalMask() {
        return new AttentionMask(true, null, null, Float.NaN);
    }

    /** The same mask, also hiding padded keys. */
    public AttentionMask withKeyPadding(Tensor padding) {
        return new AttentionMask(causal, padding, bias, scale);
    }

    /** The same mask, plus an additive bias on the scores (gradient flows to it). */
    public AttentionMask withBias(Tensor additive) {
        return new AttentionMask(causal, keyPadding, additive, scale);
    }

    /** The same mask with an explicit score scale. */
    public AttentionMask withScale(float s) {
        return new AttentionMask(causal, keyPadding, bias, s);
    }
}
