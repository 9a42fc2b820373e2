package dev.basalt.api.backend;

/** The activations that {@link ActivationKernel} fuses. */
public enum Activation {
    /** {@code x·Φ(x)} with the exact normal CDF. */
    GELU,
    /** {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}, GPT-2's approximation. */
    GELU_TANH,
    /** {@code x·sigmoid(x)}. */
    SILU
}
