package dev.basalt.backend.cpu;

import dev.basalt.api.tensor.DType;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.backend.cpu.kernels.Sgemm;

/** Batched matmul over strided batch dimensions, each matrix product through the packed {@link Sgemm}. */
final class MatmulKernels {

    private final Parallel parallel;

    MatmulKernels(Parallel parallel) {
        this.parallel = parallel;
    }

    void matmul(Tensor a, Tensor b, boolean transA, boolean transB, Tensor out, boolean accumulate) {
        if (a.dtype() != DType.F32 || b.dtype() != DType.F32 || out.dtype() != DType.F32) {
            throw new IllegalArgumentException("cpu matmul computes F32; the engine converts half inputs first");
        }
        int r = out.rank();
        int m = out.dim(-2);
        int n = out.dim(-1);
        int k = transA ? a.dim(-2) : a.dim(-1);
        int lda = a.stride(-2);
        int ldb = b.stride(-2);
        float[] av = Layout.storage(a).floats();
        float[] bv = Layout.storage(b).floats();
        float[] cv = Layout.storage(out).floats();
        int batches = (int) (out.numel() / Math.max(1L, (long) m * n));
        if (m == 0 || n == 0) {
            return;
        }
        float beta = accumulate ? 1f : 0f;
        int[] dims = out.shape().toArray();
        int[] as = a.strides();
        int[] bs = b.strides();
        Parallel.Body body = (b0, b1) -> {
            for (int batch = b0; batch < b1; batch++) {
                int aOff = a.offset();
                int bOff = b.offset();
                int rem = batch;
                for (int d = r - 3; d >= 0; d--) {
                    int idx = rem % dims[d];
                    rem /= dims[d];
                    aOff += idx * as[d];
                    bOff += idx * bs[d];
                }
                Sgemm.sgemm(transA, transB, m, n, k, 1f, av, aOff, lda, bv, bOff, ldb, beta, cv,
                        out.offset() + batch * m * n, n, batches == 1 ? parallel.threads() : 1);
            }
        };
        if (batches == 1) {
            body.run(0, 1);
        } else {
            parallel.range(batches, (long) m * n * Math.max(1, k), body);
        }
    }
}
