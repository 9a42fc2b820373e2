package dev.basalt.backend.cpu;

/**
 * A single-precision GEMM with the BLAS contract, row-major: {@code C = alpha·op(A)·op(B) + beta·C}, where
 * {@code op(A)} is {@code m×k} and {@code op(B)} is {@code k×n}. The signature matches
 * {@code kernels.Sgemm.sgemm} so the packed, cache-blocked kernel drops in for {@link BasicGemm}.
 */
@FunctionalInterface
interface Gemm {

    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
               float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, int threads);
}
