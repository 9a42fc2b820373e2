package dev.basalt.api.tensor;

/**
 * The model-facing functions that are not methods of {@link Tensor}: normalisations, embedding, attention,
 * rotary embedding, dropout, cross-entropy and the AdamW update. Each uses the backend's fused kernel when it
 * has one and an equivalent composition of primitives otherwise. {@code import static
 * dev.basalt.api.tensor.Functional.*} reads well in model code.
 */
public final class Functional {

    private Functional() {
    }

    /** Layer normalisation over the last dimension; {@code weight}/{@code bias} are {@code [D]} or null. */
    public static Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, float eps) {
        return NormOps.layerNorm(x, weight, bias, eps);
    }

    /** RMS normalisation over the last dimension, {@code x / sqrt(mean(x²) + eps) · weight}. */
    public static Tensor rmsNorm(Tensor x, Tensor weight, float eps) {
        return NormOps.rmsNorm(x, weight, eps);
    }

    /** Rows of {@code table [V, D]} at the integer {@code ids [...]}: the result is {@code [..., D]}. */
    public static Tensor embedding(Tensor table, Tensor ids) {
        return IndexOps.embedding(table, ids);
    }

    /** {@code out[i][j] = x[i][index[i][j]]} along {@code dim} (as {@code torch.gather}); gradient scatter-adds. */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        return IndexOps.gather(x, dim, index);
    }

    /**
     * Scaled-dot-product attention over {@code q [B, H, Tq, D]}, {@code k, v [B, H, Tk, D]}, returning
     * {@code [B, H, Tq, D]}. Fully masked query rows give zeros. For grouped-query attention expand k/v heads first.
     */
    public static Tensor attention(Tensor q, Tensor k, Tensor v, AttentionMask mask) {
        return AttentionOp.apply(q, k, v, mask);
    }

    /**
     * Rotary position embedding of {@code x [..., T, D]} with {@code cos, sin [T, D/2]} from {@link #rotaryTables}.
     * {@code interleaved=false} rotates the pairs {@code (i, i+D/2)} (Llama/NeoX "rotate half"); {@code true}
     * rotates {@code (2i, 2i+1)} (the original RoFormer/GPT-J layout).
     */
    public static Tensor rotary(Tensor x, Tensor cos, Tensor sin, boolean interleaved) {
        return RotaryOp.apply(x, cos, sin, interleaved);
    }

    /**
     * {@code {cos, sin}} tables {@code [length, dim/2]} for positions {@code start, ..., start+length-1}, angle
     * {@code pos · base^(-2i/dim)} (base 10000 for Llama 2).
     */
    public static Tensor[] rotaryTables(int start, int length, int dim, double base) {
        return RotaryOp.tables(start, length, dim, base);
    }

    /**
     * Inverted dropout: zeroes each element with probability {@code p} and scales the rest by {@code 1/(1-p)}.
     * The mask is a pure function of {@code seed} and the element's position (see {@link CounterRandom}).
     */
    public static Tensor dropout(Tensor x, float p, long seed) {
        return DropoutOp.apply(x, p, seed);
    }

    /**
     * Mean softmax cross-entropy of {@code logits [..., C]} against integer {@code targets [...]}, over the
     * targets that are not {@code ignoreIndex}, with label smoothing {@code smoothing} in [0, 1) (PyTorch's
     * definition). Returns 0 when every target is ignored.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor targets, int ignoreIndex, float smoothing) {
        return CrossEntropyOp.mean(logits, targets, ignoreIndex, smoothing);
    }

    /** Cross-entropy without an ignore index or smoothing. */
    public static Tensor crossEntropy(Tensor logits, Tensor targets) {
        return CrossEntropyOp.mean(logits, targets, Integer.MIN_VALUE, 0f);
    }

    /**
     * One AdamW step on {@code param} in place, with decoupled weight decay; {@code m} and {@code v} are F32
     * moment buffers shaped like the parameter, updated in place; {@code step} counts from 1.
     */
    public static void adamWStep(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                                 float eps, float weightDecay, long step) {
        AdamWOp.step(param, grad, m, v, lr, beta1, beta2, eps, weightDecay, step);
    }
}
