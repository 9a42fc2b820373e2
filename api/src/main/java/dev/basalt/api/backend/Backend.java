package dev.basalt.api.backend;

/**
 * A compute backend: the kernels that tensors run on. Chosen by {@code backend.type}.
 *
 * <p>Autograd lives outside the backends; a backend supplies forward kernels only. The required primitive set
 * and the optional fused kernels are declared in the tensor engine.
 */
public interface Backend {

    /** One line for logs and {@code basalt doctor}: threads, SIMD width, device. */
    String description();
}
