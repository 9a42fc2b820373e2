package dev.basalt.api.nn;

import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;

import java.util.List;

/** Clipping of the gradients of a set of parameters, before an optimizer step. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * Scales every gradient by the same factor so that their global L2 norm is at most {@code maxNorm} (PyTorch's
     * {@code clip_grad_norm_}); parameters without a gradient are skipped.
     */
    public static void clip(List<Parameter> parameters, double maxNorm) {
        double squares = 0;
        try (NoGrad ignored = NoGrad.enter(); TensorScope scope = TensorScope.open()) {
            for (Parameter p : parameters) {
                Tensor g = p.grad();
                if (g != null) {
                    squares += g.square().sum().item();
                }
            }
            double norm = Math.sqrt(squares);
            if (norm > maxNorm) {
                float scale = (float) (maxNorm / (norm + 1e-6));
                for (Parameter p : parameters) {
                    Tensor g = p.grad();
                    if (g != null) {
                        g.copyFrom(g.mul(scale));
                    }
                }
            }
        }
    }
}
