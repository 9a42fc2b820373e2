package dev.basalt.api.nn;

import dev.basalt.api.tensor.Tensor;

import java.util.Objects;

/**
 * A named trainable tensor of a {@link Module}.
 *
 * @param name   the hierarchical name, such as {@code h.0.attn.c_attn.weight}
 * @param tensor the leaf tensor (requires grad); its {@link Tensor#grad()} holds the accumulated gradient
 */
public record Parameter(String name, Tensor tensor) {

    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tensor, "tensor");
    }

    /** The accumulated gradient, or null before the first backward pass. */
    public Tensor grad() {
        return tensor.grad();
    }
}
