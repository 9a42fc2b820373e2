package dev.basalt.backend.cpu;

import dev.basalt.api.tensor.AttentionMask;
import dev.basalt.api.tensor.Backends;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class SmokeTest {

    @Test
    void matmulAndGradientsByHand() throws Exception {
        try (AutoCloseable ignored = Backends.use(CpuBackend.create(2))) {
            Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
            Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2).requiresGrad(true);
            Tensor c = a.matmul(b);
            // closed form: [[1+3, 2+3], [4+6, 5+6]]
            assertArrayEquals(new float[] {4, 5, 10, 11}, c.toFloatArray(), 0f);
            c.sum().backward();
            // d sum(AB)/dA = 1·Bᵀ row sums: each row of dA is B's row sums [1,1,2]
            assertArrayEquals(new float[] {1, 1, 2, 1, 1, 2}, a.grad().toFloatArray(), 0f);
            assertArrayEquals(new float[] {5, 5, 7, 7, 9, 9}, b.grad().toFloatArray(), 0f);
            Tensor q = Tensor.randn(1, 1, 2, 5, 4);
            Tensor out = Functional.attention(q, q, q, AttentionMask.causalMask());
            System.out.println(out);
        }
    }
}
