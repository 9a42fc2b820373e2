package dev.basalt.t5;

import dev.basalt.api.tensor.CounterRandom;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;

/** Dropout whose mask is a function of the step's seed and a site number, so a resumed run repeats it. */
final class Dropouts {

    private Dropouts() {
    }

    /** {@code seed < 0} (evaluation, generation) or {@code p == 0} leaves {@code x} as it is. */
    static Tensor apply(Tensor x, double p, long seed, int site) {
        return seed < 0 || p == 0 ? x : Functional.dropout(x, (float) p, CounterRandom.bits(seed, site));
    }

    /** The seed of a sub-part {@code part} of a call seeded {@code seed}; stays negative (off) when it is. */
    static long child(long seed, int part) {
        return seed < 0 ? -1 : CounterRandom.bits(seed, 1000 + part) & Long.MAX_VALUE;
    }
}
