package dev.basalt.api.nn;

import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;

/** A lookup table {@code weight [count, dim]} indexed by integer ids. */
public final class Embedding extends Module {

    private final Tensor weight;

    public Embedding(int count, int dim, float std, long seed) {
        weight = parameter("weight", Tensor.randn(seed, count, dim).mul(std).detach());
    }

    /** {@code ids [...]} (I32/I64) to {@code [..., dim]}. */
    public Tensor forward(Tensor ids) {
        return Functional.embedding(weight, ids);
    }

    public Tensor weight() {
        return weight;
    }
}
