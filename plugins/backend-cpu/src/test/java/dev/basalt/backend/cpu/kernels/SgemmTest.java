package dev.basalt.backend.cpu.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Sgemm against PyTorch's matmul (through DJL) for every transpose variant and awkward shapes. */
class SgemmTest {

    /**
     * Tolerance per element: {@code 2e-6 * sum_p |alpha * A_ip * B_pj| + 2e-6 * |beta * C_ij| + 1e-7}. Rounding of a
     * k-term float dot product grows like sqrt(k) * 6e-8 relative to that sum in practice (both sides round), so
     * this allows a wide margin while catching any wrong element, index or missing block.
     */
    private static final double REL = 2e-6;

    private static NDManager manager;

    @BeforeAll
    static void openTorch() {
        manager = TorchReference.manager();
    }

    @AfterAll
    static void closeTorch() {
        manager.close();
    }

    static Stream<Arguments> shapes() {
        int[][] sizes = {
            {1, 1, 1}, {1, 7, 3}, {1, 300, 515}, {3, 1, 17}, {4, 33, 70}, {5, 4, 129}, {7, 5, 3}, {6, 16, 256},
            {13, 29, 1000}, {5, 7, 3000}, {17, 1, 40}, {1, 1, 2000}, {131, 67, 300}, {250, 45, 600}, {8, 2100, 270},
            {37, 53, 1}, {96, 96, 96}, {12, 384, 384}, {48, 37, 131}
        };
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : sizes) {
            for (int variant = 0; variant < 4; variant++) {
                cases.add(Arguments.of(variant >= 2, variant % 2 == 1, s[0], s[1], s[2]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4}")
    @MethodSource("shapes")
    void matchesTorchWithOffsetsAndLeadingDims(boolean transA, boolean transB, int m, int n, int k) {
        SplittableRandom random = new SplittableRandom(31L * m + 7L * n + k + (transA ? 1 : 0) + (transB ? 2 : 0));
        float alpha = 0.75f;
        float beta = -1.25f;
        check(random, transA, transB, m, n, k, alpha, beta, 2);
    }

    @ParameterizedTest(name = "alpha={0} beta={1}")
    @MethodSource("scalars")
    void alphaBetaCombinations(float alpha, float beta) {
        SplittableRandom random = new SplittableRandom(5);
        check(random, false, true, 23, 41, 77, alpha, beta, 1);
        check(random, true, false, 2, 41, 77, alpha, beta, 1);
        check(random, false, true, 1, 41, 77, alpha, beta, 1);
    }

    static Stream<Arguments> scalars() {
        return Stream.of(Arguments.of(1f, 0f), Arguments.of(1f, 1f), Arguments.of(-2f, 0.5f), Arguments.of(0.3f, 1f));
    }

    private void check(SplittableRandom random, boolean transA, boolean transB, int m, int n, int k, float alpha,
            float beta, int threads) {
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        int lda = aCols + 3;
        int ldb = bCols + 5;
        int ldc = n + 2;
        int aOff = 11;
        int bOff = 4;
        int cOff = 9;
        float[] a = random(random, aOff + aRows * lda);
        float[] b = random(random, bOff + bRows * ldb);
        float[] c = random(random, cOff + m * ldc + 3);
        float[] before = c.clone();

        Sgemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, threads);

        try (NDManager scope = manager.newSubManager()) {
            NDArray ta = TorchReference.matrix(scope, a, aOff, lda, aRows, aCols);
            NDArray tb = TorchReference.matrix(scope, b, bOff, ldb, bRows, bCols);
            NDArray opA = transA ? ta.transpose() : ta;
            NDArray opB = transB ? tb.transpose() : tb;
            NDArray tc = TorchReference.matrix(scope, before, cOff, ldc, m, n);
            float[] expected = opA.matMul(opB).mul(alpha).add(tc.mul(beta)).toFloatArray();
            float[] magnitude = opA.abs().matMul(opB.abs()).mul(Math.abs(alpha)).toFloatArray();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float got = c[cOff + i * ldc + j];
                    double tol = REL * magnitude[i * n + j] + REL * Math.abs(beta * before[cOff + i * ldc + j]) + 1e-7;
                    double err = Math.abs(got - expected[i * n + j]);
                    if (!(err <= tol)) {
                        throw new AssertionError("C[" + i + "," + j + "] = " + got + ", torch " + expected[i * n + j]
                                + " (tolerance " + tol + ")");
                    }
                }
            }
        }
        assertOutsideUntouched(before, c, cOff, ldc, m, n);
    }

    private static void assertOutsideUntouched(float[] before, float[] after, int cOff, int ldc, int m, int n) {
        for (int idx = 0; idx < after.length; idx++) {
            int rel = idx - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside) {
                assertEquals(before[idx], after[idx], "element " + idx + " outside C was written");
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        SplittableRandom random = new SplittableRandom(1);
        for (int[] s : new int[][] {{1, 40, 30}, {50, 70, 90}, {3, 5, 0}, {20, 3, 9}}) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (boolean transB : new boolean[] {false, true}) {
                float[] a = random(random, m * k);
                float[] b = random(random, k * n);
                float[] c = new float[m * n];
                java.util.Arrays.fill(c, Float.NaN);
                Sgemm.sgemm(false, transB, m, n, k, 1f, a, 0, Math.max(1, k), b, 0, transB ? Math.max(1, k) : n,
                        0f, c, 0, n, 2);
                for (float v : c) {
                    assertTrue(Float.isFinite(v), "NaN from old C leaked for m=" + m + " n=" + n + " k=" + k);
                }
            }
        }
    }

    @Test
    void bitIdenticalAcrossRunsAndThreadCounts() {
        assertSameBitsOnEveryThreadCount(new SplittableRandom(9), false, 301, 283, 517);
    }

    @Test
    void fewRowsTimesTransposedBBitIdenticalAcrossThreadCounts() {
        assertSameBitsOnEveryThreadCount(new SplittableRandom(10), true, 14, 389, 397);
    }

    private static void assertSameBitsOnEveryThreadCount(SplittableRandom random, boolean transB, int m, int n, int k) {
        float[] a = random(random, m * k);
        float[] b = random(random, k * n);
        int ldb = transB ? k : n;
        float[] one = new float[m * n];
        Sgemm.sgemm(false, transB, m, n, k, 1f, a, 0, k, b, 0, ldb, 0f, one, 0, n, 1);
        for (int threads : new int[] {2, 3, 4, 2}) {
            float[] many = new float[m * n];
            Sgemm.sgemm(false, transB, m, n, k, 1f, a, 0, k, b, 0, ldb, 0f, many, 0, n, threads);
            assertArrayEquals(one, many, "threads=" + threads);
        }
    }

    @Test
    void batchedMatchesTorchBatchedMatmul() {
        SplittableRandom random = new SplittableRandom(3);
        int batch = 5;
        int m = 19;
        int n = 23;
        int k = 31;
        float[] a = random(random, batch * k * m + 2);
        float[] b = random(random, batch * n * k + 1);
        float[] c = new float[batch * m * n];
        Sgemm.sgemmBatched(true, true, m, n, k, 1f, a, 2, (long) k * m, m, b, 1, (long) n * k, k, 0f, c, 0,
                (long) m * n, n, batch, 2);
        try (NDManager scope = manager.newSubManager()) {
            NDArray ta = TorchReference.tensor(scope, java.util.Arrays.copyOfRange(a, 2, a.length), batch, k, m);
            NDArray tb = TorchReference.tensor(scope, java.util.Arrays.copyOfRange(b, 1, b.length), batch, n, k);
            float[] expected = ta.transpose(0, 2, 1).matMul(tb.transpose(0, 2, 1)).toFloatArray();
            for (int i = 0; i < c.length; i++) {
                assertEquals(expected[i], c[i], 2e-5, "element " + i);
            }
        }
    }

    @Test
    void rejectsArraysTooSmallForTheShape() {
        float[] small = new float[10];
        assertThrows(IllegalArgumentException.class,
                () -> Sgemm.sgemm(false, false, 4, 4, 4, 1f, small, 0, 4, new float[16], 0, 4, 0f, new float[16], 0,
                        4, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Sgemm.sgemm(false, false, 2, 2, 2, 1f, new float[4], 0, 1, new float[4], 0, 2, 0f,
                        new float[4], 0, 2, 1));
    }

    static float[] random(SplittableRandom random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return x;
    }
}
