package dev.basalt.gpt;

import dev.basalt.api.tensor.CounterRandom;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;

/**
 * Dropout whose mask depends only on the step's seed and the site, so a resumed run drops exactly the elements
 * the uninterrupted run dropped.
 */
final class Dropouts {

    private Dropouts() {
    }

    /** {@code seed < 0} or {@code p == 0} means no dropout (evaluation, generation). */
    static Tensor apply(Tensor x, double p, long seed, int site) {
        if (seed < 0 || p == 0) {
            return x;
        }
        return Functional.dropout(x, (float) p, CounterRandom.bits(seed, site));
    }
}
