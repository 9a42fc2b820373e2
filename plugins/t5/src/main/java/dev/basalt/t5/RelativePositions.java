package dev.basalt.t5;

import dev.basalt.api.nn.Embedding;
import dev.basalt.api.tensor.Tensor;

/**
 * T5's relative position buckets and the attention bias they index. A key at distance {@code key - query} falls
 * into one of {@code buckets} buckets: exact ones for short distances, then logarithmically wider ones up to
 * {@code maxDistance}, beyond which all distances share the last bucket. Bidirectional attention (the encoder)
 * spends half the buckets on keys after the query; causal attention (the decoder) only sees keys before it.
 */
final class RelativePositions {

    private RelativePositions() {
    }

    /** Hugging Face's {@code _relative_position_bucket}, computed in float32 as PyTorch does. */
    static int bucket(int relative, boolean bidirectional, int buckets, int maxDistance) {
        int bucket = 0;
        int n = buckets;
        int distance;
        if (bidirectional) {
            n /= 2;
            if (relative > 0) {
                bucket += n;
            }
            distance = Math.abs(relative);
        } else {
            distance = -Math.min(relative, 0);
        }
        int maxExact = n / 2;
        if (distance < maxExact) {
            return bucket + distance;
        }
        float logRatio = (float) Math.log((float) distance / maxExact);
        float logRange = (float) Math.log((double) maxDistance / maxExact);
        int large = maxExact + (int) (logRatio / logRange * (n - maxExact));
        return bucket + Math.min(large, n - 1);
    }

    /**
     * The additive bias {@code [1, heads, queries, keys]} for queries at positions {@code queryStart ...} over keys
     * at {@code 0 ... keys-1}; its gradient reaches {@code table [buckets, heads]}.
     */
    static Tensor bias(Embedding table, int queryStart, int queries, int keys, boolean bidirectional, int maxDistance) {
        int buckets = table.weight().dim(0);
        int[] ids = new int[queries * keys];
        for (int i = 0; i < queries; i++) {
            for (int j = 0; j < keys; j++) {
                ids[i * keys + j] = bucket(j - (queryStart + i), bidirectional, buckets, maxDistance);
            }
        }
        Tensor values = table.forward(Tensor.ofInts(ids, queries, keys));   // [queries, keys, heads]
        return values.permute(2, 0, 1).unsqueeze(0);
    }
}
