package dev.basalt.backend.cpu.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision GEMM on row-major float arrays: {@code C = alpha * op(A) * op(B) + beta * C}.
 *
 * <p>{@code op(A)} is m×k; A is stored m×k (row stride {@code lda}) or, when {@code transA}, k×m. {@code op(B)} is k×n;
 * B is stored k×n or, when {@code transB}, n×k. C is m×n with row stride {@code ldc}. When {@code beta == 0} the old
 * contents of C are never read (NaN there does not leak).
 *
 * <p>Large products use the classic packed, cache-blocked scheme: B is packed into KC×NC blocks of NR-wide column
 * panels, A into MC×KC blocks of MR-high row panels (sized for L2), and an MR×NR register-blocked FMA micro-kernel
 * runs over them while one B micro-panel stays in L1. Products with a tiny m or n (matrix-vector, decode) skip
 * packing. Work is split over threads by fixed rectangles of C; each element is always summed in the same k order, so
 * the result does not depend on the thread count.
 */
public final class Sgemm {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    /**
     * Rows of the micro-tile: 12 where vectors have 16 lanes (AVX-512's 32 registers hold its 24 accumulators), 6
     * elsewhere (AVX2's 16 registers hold 12).
     */
    static final int MR = L >= 16 ? 12 : 6;
    /** Columns of the micro-tile: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a packed block. */
    static final int KC = 256;
    /** Rows of a packed A block (a multiple of MR; MC×KC floats sit in L2). */
    static final int MC = 120;
    /** Columns of a packed B block (a multiple of NR). */
    static final int NC = 2048;
    /** Below this many multiply-adds a product runs on one thread. */
    private static final long MIN_WORK_PER_THREAD = 1L << 17;
    /** m (or n) at or below which the unpacked row-wise path is used. */
    private static final int SMALL = 4;
    /**
     * m at or below which A·Bᵀ runs as dot products of contiguous rows: packing a transposed B costs more than
     * so few rows of product (a linear layer on one short sentence).
     */
    private static final int DOT_ROWS = 48;

    /**
     * With 16 lanes, {@link #dot4x4} adds up its 16 accumulators in a transposing tree of vector adds instead of lane
     * by lane. Level {@code h} folds two vectors x and y into one: lane i becomes x[i] + x[i ^ h] where
     * {@code (i / h)} is even and y[i] + y[i ^ h] where it is odd (the masks below pick the odd blocks).
     */
    private static final boolean LANE_TREE = L == 16;
    private static final VectorMask<Float> ODD_8 = oddBlocks(8);
    private static final VectorMask<Float> ODD_4 = oddBlocks(4);
    private static final VectorMask<Float> ODD_2 = oddBlocks(2);
    private static final VectorMask<Float> ODD_1 = oddBlocks(1);
    private static final VectorShuffle<Float> SWAP_8 = swapBlocks(8);
    private static final VectorShuffle<Float> SWAP_4 = swapBlocks(4);
    private static final VectorShuffle<Float> SWAP_2 = swapBlocks(2);
    private static final VectorShuffle<Float> SWAP_1 = swapBlocks(1);

    /** The lanes of one step of a packed A panel, where MR ≤ L. */
    private static final VectorMask<Float> PANEL_ROWS = SPECIES.indexInRange(0, Math.min(MR, L));

    private static final ThreadLocal<float[]> PACK_A = ThreadLocal.withInitial(() -> new float[MC * KC]);
    private static final ThreadLocal<float[]> PACK_B = ThreadLocal.withInitial(() -> new float[KC * NC]);
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);

    private Sgemm() {
    }

    /** {@code C = alpha * op(A) * op(B) + beta * C} on {@code threads} threads; see the class comment for layout. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
            int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, int threads) {
        checkArguments(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, threads);
        if (m == 0 || n == 0) {
            return;
        }
        // C is scaled by beta first; every path below then only adds alpha * op(A) * op(B). Keeping the hot loops
        // free of alpha/beta branches matters: C2 recompiles a vector loop badly after such a branch deoptimizes it.
        scale(m, n, beta, c, cOff, ldc);
        if (k == 0 || alpha == 0f) {
            return;
        }
        int tasks = taskCount(m, n, k, threads);
        if (m <= SMALL && !transB) {
            rowTimesMatrix(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, tasks);
        } else if ((m <= DOT_ROWS || n <= SMALL) && transB && !transA) {
            rowDotRows(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, tasks);
        } else {
            packed(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, tasks);
        }
    }

    /**
     * {@code batch} independent products; operand {@code i} starts at {@code off + i * stride}. Threads split the batch
     * when it is large enough to keep them busy, otherwise each product is itself parallel.
     */
    public static void sgemmBatched(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
            long aOff, long strideA, int lda, float[] b, long bOff, long strideB, int ldb, float beta, float[] c,
            long cOff, long strideC, int ldc, int batch, int threads) {
        if (batch < 0) {
            throw new IllegalArgumentException("batch must be >= 0, got " + batch);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (batch >= threads && threads > 1) {
            int tasks = threads;
            KernelThreads.run(tasks, task -> {
                int from = (int) ((long) batch * task / tasks);
                int to = (int) ((long) batch * (task + 1) / tasks);
                for (int i = from; i < to; i++) {
                    sgemm(transA, transB, m, n, k, alpha, a, index(aOff + i * strideA), lda, b,
                            index(bOff + i * strideB), ldb, beta, c, index(cOff + i * strideC), ldc, 1);
                }
            });
        } else {
            for (int i = 0; i < batch; i++) {
                sgemm(transA, transB, m, n, k, alpha, a, index(aOff + i * strideA), lda, b,
                        index(bOff + i * strideB), ldb, beta, c, index(cOff + i * strideC), ldc, threads);
            }
        }
    }

    private static int index(long offset) {
        if (offset < 0 || offset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batched offset " + offset + " is outside a Java array");
        }
        return (int) offset;
    }

    private static int taskCount(int m, int n, int k, int threads) {
        long work = (long) m * n * k;
        return (int) Math.max(1, Math.min(threads, work / MIN_WORK_PER_THREAD));
    }

    // ---------------------------------------------------------------- packed, blocked path

    private static void packed(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
            int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int tasks) {
        // Split C into a grid of rectangles, rows in multiples of MR and columns in multiples of NR.
        int rowParts = 1;
        int colParts = tasks;
        double best = Double.MAX_VALUE;
        for (int r = 1; r <= tasks; r++) {
            if (tasks % r != 0) {
                continue;
            }
            int cParts = tasks / r;
            // Each rectangle packs its own A rows and B columns: minimize the packing traffic m*cParts + n*r.
            double cost = (double) m * cParts + (double) n * r
                    + (Math.ceil((double) m / MR) < r || Math.ceil((double) n / NR) < cParts ? 1e18 : 0);
            if (cost < best) {
                best = cost;
                rowParts = r;
                colParts = cParts;
            }
        }
        int rows = rowParts;
        int cols = colParts;
        int kc = blockDepth(k);
        KernelThreads.run(rows * cols, task -> {
            int i0 = split(m, MR, rows, task / cols);
            int i1 = split(m, MR, rows, task / cols + 1);
            int j0 = split(n, NR, cols, task % cols);
            int j1 = split(n, NR, cols, task % cols + 1);
            if (i0 < i1 && j0 < j1) {
                blocked(transA, transB, i0, i1, j0, j1, k, kc, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            }
        });
    }

    /** Evenly sized depth blocks of at most KC, so the last block is never a thin sliver. */
    private static int blockDepth(int k) {
        int blocks = (k + KC - 1) / KC;
        return (k + blocks - 1) / blocks;
    }

    /** Boundary {@code part} of {@code parts} pieces of {@code extent}, aligned to {@code unit}. */
    private static int split(int extent, int unit, int parts, int part) {
        int units = (extent + unit - 1) / unit;
        return Math.min(extent, (int) ((long) units * part / parts) * unit);
    }

    private static void blocked(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, int kcMax,
            float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        float[] packA = PACK_A.get();
        float[] packB = PACK_B.get();
        float[] tile = TILE.get();
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, packB);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    packA(transA, alpha, a, aOff, lda, ic, mc, pc, kc, packA);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int cAt = cOff + (ic + ir) * ldc + jc + jr;
                            if (mr == MR && nr == NR) {
                                microKernel(kc, packA, ir * kc, packB, jr * kc, c, cAt, ldc);
                            } else {
                                java.util.Arrays.fill(tile, 0f);
                                microKernel(kc, packA, ir * kc, packB, jr * kc, tile, 0, NR);
                                addEdge(tile, mr, nr, c, cAt, ldc);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs alpha * op(A)[ic..ic+mc, pc..pc+kc] as MR-high panels, k-major inside a panel, zero-padding the last one.
     */
    static void packA(boolean transA, float alpha, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
            float[] dst) {
        int[] fullPanel = MR <= L ? gatherOffsets(MR, lda) : null;
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = ir * kc;
            if (!transA && MR <= L && mr == MR) {
                // An unmasked gather of the panel's rows per step (C2 has no masked gather without AVX-512): the
                // lanes past MR read row 0 again and the masked store drops them. A short last panel goes below.
                int src = aOff + (ic + ir) * lda + pc;
                for (int p = 0; p < kc; p++) {
                    FloatVector.fromArray(SPECIES, a, src + p, fullPanel, 0).mul(alpha)
                            .intoArray(dst, base + p * MR, PANEL_ROWS);
                }
            } else if (transA) {
                boolean vector = mr == MR && MR <= L;
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + ic + ir;
                    int d = base + p * MR;
                    if (vector && src + L <= a.length) {
                        // The panel's MR values are contiguous here: one load (its lanes past MR are dropped by the
                        // masked store).
                        FloatVector.fromArray(SPECIES, a, src).mul(alpha).intoArray(dst, d, PANEL_ROWS);
                        continue;
                    }
                    for (int r = 0; r < mr; r++) {
                        dst[d + r] = alpha * a[src + r];
                    }
                    for (int r = mr; r < MR; r++) {
                        dst[d + r] = 0f;
                    }
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    if (r < mr) {
                        int src = aOff + (ic + ir + r) * lda + pc;
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * MR + r] = alpha * a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * MR + r] = 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * Offsets of a gather of {@code rows} rows {@code stride} apart, one per lane; the lanes past them read the first
     * row again (the gather checks every lane's index, masked or not), and a mask drops them.
     */
    private static int[] gatherOffsets(int rows, int stride) {
        int[] offsets = new int[L];
        for (int r = 0; r < rows; r++) {
            offsets[r] = r * stride;
        }
        return offsets;
    }

    /** Packs op(B)[pc..pc+kc, jc..jc+nc] as NR-wide panels, k-major inside a panel, zero-padding the last one. */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
            float[] dst) {
        int[] rowStarts = gatherOffsets(L, ldb);
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = jr * kc;
            if (!transB && nr == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + jr;
                    FloatVector.fromArray(SPECIES, b, src).intoArray(dst, base + p * NR);
                    FloatVector.fromArray(SPECIES, b, src + L).intoArray(dst, base + p * NR + L);
                }
            } else if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + jr;
                    int d = base + p * NR;
                    for (int col = 0; col < nr; col++) {
                        dst[d + col] = b[src + col];
                    }
                    for (int col = nr; col < NR; col++) {
                        dst[d + col] = 0f;
                    }
                }
            } else if (nr == NR) {
                // Row by row of the panel, each half a gather of L rows of B: the writes run sequentially and the NR
                // rows of B read from stay in L1.
                int src = bOff + (jc + jr) * ldb + pc;
                for (int p = 0; p < kc; p++) {
                    int d = base + p * NR;
                    FloatVector.fromArray(SPECIES, b, src + p, rowStarts, 0).intoArray(dst, d);
                    FloatVector.fromArray(SPECIES, b, src + L * ldb + p, rowStarts, 0).intoArray(dst, d + L);
                }
            } else {
                int src = bOff + (jc + jr) * ldb + pc;
                for (int p = 0; p < kc; p++) {
                    int d = base + p * NR;
                    for (int col = 0; col < nr; col++) {
                        dst[d + col] = b[src + col * ldb + p];
                    }
                    for (int col = nr; col < NR; col++) {
                        dst[d + col] = 0f;
                    }
                }
            }
        }
    }

    /**
     * The MR×NR register tile: 2·MR vector accumulators, one broadcast of A and two vectors of B per step, then
     * {@code C += acc}. Branch-free on purpose (see {@link #sgemm}).
     */
    static void microKernel(int kc, float[] pa, int aAt, float[] pb, int bAt, float[] c, int cAt, int ldc) {
        if (MR == 12) {
            microKernel12(kc, pa, aAt, pb, bAt, c, cAt, ldc);
        } else {
            microKernel6(kc, pa, aAt, pb, bAt, c, cAt, ldc);
        }
    }

    private static void microKernel12(int kc, float[] pa, int aAt, float[] pb, int bAt, float[] c, int cAt,
            int ldc) {
        FloatVector r0a = FloatVector.zero(SPECIES);
        FloatVector r0b = r0a;
        FloatVector r1a = r0a;
        FloatVector r1b = r0a;
        FloatVector r2a = r0a;
        FloatVector r2b = r0a;
        FloatVector r3a = r0a;
        FloatVector r3b = r0a;
        FloatVector r4a = r0a;
        FloatVector r4b = r0a;
        FloatVector r5a = r0a;
        FloatVector r5b = r0a;
        FloatVector r6a = r0a;
        FloatVector r6b = r0a;
        FloatVector r7a = r0a;
        FloatVector r7b = r0a;
        FloatVector r8a = r0a;
        FloatVector r8b = r0a;
        FloatVector r9a = r0a;
        FloatVector r9b = r0a;
        FloatVector r10a = r0a;
        FloatVector r10b = r0a;
        FloatVector r11a = r0a;
        FloatVector r11b = r0a;
        for (int p = 0; p < kc; p++) {
            int ai = aAt + p * MR;
            int bi = bAt + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, pb, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, pb, bi + L);
            FloatVector x = FloatVector.broadcast(SPECIES, pa[ai]);
            r0a = x.fma(b0, r0a);
            r0b = x.fma(b1, r0b);
            x = FloatVector.broadcast(SPECIES, pa[ai + 1]);
            r1a = x.fma(b0, r1a);
            r1b = x.fma(b1, r1b);
            x = FloatVector.broadcast(SPECIES, pa[ai + 2]);
            r2a = x.fma(b0, r2a);
            r2b = x.fma(b1, r2b);
            x = FloatVector.broadcast(SPECIES, pa[ai + 3]);
            r3a = x.fma(b0, r3a);
            r3b = x.fma(b1, r3b);
            x = FloatVector.broadcast(SPECIES, pa[ai + 4]);
            r4a = x.fma(b0, r4a);
            r4b = x.fma(b1, r4b);
            x = FloatVector.broadcast(SPECIES, pa[ai + 5]);
            r5a = x.fma(b0, r5a);
            r5b = x.fma(b1, r5b);
            x = FloatVector.broadcast(SPECIES, pa[ai + 6]);
            r6a = x.fma(b0, r6a);
            r6b = x.fma(b1, r6b);
            x = FloatVector.broadcast(SPECIES, pa[ai + 7]);
            r7a = x.fma(b0, r7a);
            r7b = x.fma(b1, r7b);
            x = FloatVector.broadcast(SPECIES, pa[ai + 8]);
            r8a = x.fma(b0, r8a);
            r8b = x.fma(b1, r8b);
            x = FloatVector.broadcast(SPECIES, pa[ai + 9]);
            r9a = x.fma(b0, r9a);
            r9b = x.fma(b1, r9b);
            x = FloatVector.broadcast(SPECIES, pa[ai + 10]);
            r10a = x.fma(b0, r10a);
            r10b = x.fma(b1, r10b);
            x = FloatVector.broadcast(SPECIES, pa[ai + 11]);
            r11a = x.fma(b0, r11a);
            r11b = x.fma(b1, r11b);
        }
        // Written out rather than through addRow: a kernel this large no longer inlines its callees, and a vector
        // passed to a call that is not inlined is boxed.
        int at = cAt;
        r0a.add(FloatVector.fromArray(SPECIES, c, at)).intoArray(c, at);
        r0b.add(FloatVector.fromArray(SPECIES, c, at + L)).intoArray(c, at + L);
        at += ldc;
        r1a.add(FloatVector.fromArray(SPECIES, c, at)).intoArray(c, at);
        r1b.add(FloatVector.fromArray(SPECIES, c, at + L)).intoArray(c, at + L);
        at += ldc;
        r2a.add(FloatVector.fromArray(SPECIES, c, at)).intoArray(c, at);
        r2b.add(FloatVector.fromArray(SPECIES, c, at + L)).intoArray(c, at + L);
        at += ldc;
        r3a.add(FloatVector.fromArray(SPECIES, c, at)).intoArray(c, at);
        r3b.add(FloatVector.fromArray(SPECIES, c, at + L)).intoArray(c, at + L);
        at += ldc;
        r4a.add(FloatVector.fromArray(SPECIES, c, at)).intoArray(c, at);
        r4b.add(FloatVector.fromArray(SPECIES, c, at + L)).intoArray(c, at + L);
        at += ldc;
        r5a.add(FloatVector.fromArray(SPECIES, c, at)).intoArray(c, at);
        r5b.add(FloatVector.fromArray(SPECIES, c, at + L)).intoArray(c, at + L);
        at += ldc;
        r6a.add(FloatVector.fromArray(SPECIES, c, at)).intoArray(c, at);
        r6b.add(FloatVector.fromArray(SPECIES, c, at + L)).intoArray(c, at + L);
        at += ldc;
        r7a.add(FloatVector.fromArray(SPECIES, c, at)).intoArray(c, at);
        r7b.add(FloatVector.fromArray(SPECIES, c, at + L)).intoArray(c, at + L);
        at += ldc;
        r8a.add(FloatVector.fromArray(SPECIES, c, at)).intoArray(c, at);
        r8b.add(FloatVector.fromArray(SPECIES, c, at + L)).intoArray(c, at + L);
        at += ldc;
        r9a.add(FloatVector.fromArray(SPECIES, c, at)).intoArray(c, at);
        r9b.add(FloatVector.fromArray(SPECIES, c, at + L)).intoArray(c, at + L);
        at += ldc;
        r10a.add(FloatVector.fromArray(SPECIES, c, at)).intoArray(c, at);
        r10b.add(FloatVector.fromArray(SPECIES, c, at + L)).intoArray(c, at + L);
        at += ldc;
        r11a.add(FloatVector.fromArray(SPECIES, c, at)).intoArray(c, at);
        r11b.add(FloatVector.fromArray(SPECIES, c, at + L)).intoArray(c, at + L);
    }

    private static void microKernel6(int kc, float[] pa, int aAt, float[] pb, int bAt, float[] c, int cAt, int ldc) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        for (int p = 0; p < kc; p++) {
            int ai = aAt + p * MR;
            int bi = bAt + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, pb, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, pb, bi + L);
            FloatVector x = FloatVector.broadcast(SPECIES, pa[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, pa[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, pa[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, pa[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, pa[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, pa[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        addRow(c00, c01, c, cAt);
        addRow(c10, c11, c, cAt + ldc);
        addRow(c20, c21, c, cAt + 2 * ldc);
        addRow(c30, c31, c, cAt + 3 * ldc);
        addRow(c40, c41, c, cAt + 4 * ldc);
        addRow(c50, c51, c, cAt + 5 * ldc);
    }

    private static void addRow(FloatVector v0, FloatVector v1, float[] c, int at) {
        v0.add(FloatVector.fromArray(SPECIES, c, at)).intoArray(c, at);
        v1.add(FloatVector.fromArray(SPECIES, c, at + L)).intoArray(c, at + L);
    }

    private static void addEdge(float[] tile, int mr, int nr, float[] c, int cAt, int ldc) {
        for (int r = 0; r < mr; r++) {
            int at = cAt + r * ldc;
            for (int col = 0; col < nr; col++) {
                c[at + col] += tile[r * NR + col];
            }
        }
    }

    // ---------------------------------------------------------------- unpacked paths for tiny m or n

    /** m ≤ SMALL, B not transposed: each row of C is a combination of rows of B, streamed once per row of A. */
    private static void rowTimesMatrix(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff,
            int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int tasks) {
        int width = 4 * L;
        FloatVector alphas = FloatVector.broadcast(SPECIES, alpha);
        KernelThreads.run(tasks, task -> {
            int j0 = split(n, width, tasks, task);
            int j1 = split(n, width, tasks, task + 1);
            for (int i = 0; i < m; i++) {
                int aStart = transA ? aOff + i : aOff + i * lda;
                int aStep = transA ? lda : 1;
                int cRow = cOff + i * ldc;
                int j = j0;
                for (; j + width <= j1; j += width) {
                    FloatVector s0 = FloatVector.zero(SPECIES);
                    FloatVector s1 = s0;
                    FloatVector s2 = s0;
                    FloatVector s3 = s0;
                    for (int p = 0; p < k; p++) {
                        FloatVector x = FloatVector.broadcast(SPECIES, a[aStart + p * aStep]);
                        int bAt = bOff + p * ldb + j;
                        s0 = x.fma(FloatVector.fromArray(SPECIES, b, bAt), s0);
                        s1 = x.fma(FloatVector.fromArray(SPECIES, b, bAt + L), s1);
                        s2 = x.fma(FloatVector.fromArray(SPECIES, b, bAt + 2 * L), s2);
                        s3 = x.fma(FloatVector.fromArray(SPECIES, b, bAt + 3 * L), s3);
                    }
                    addScaled(s0, alphas, c, cRow + j);
                    addScaled(s1, alphas, c, cRow + j + L);
                    addScaled(s2, alphas, c, cRow + j + 2 * L);
                    addScaled(s3, alphas, c, cRow + j + 3 * L);
                }
                for (; j + L <= j1; j += L) {
                    FloatVector s = FloatVector.zero(SPECIES);
                    for (int p = 0; p < k; p++) {
                        s = FloatVector.broadcast(SPECIES, a[aStart + p * aStep])
                                .fma(FloatVector.fromArray(SPECIES, b, bOff + p * ldb + j), s);
                    }
                    addScaled(s, alphas, c, cRow + j);
                }
                for (; j < j1; j++) {
                    float s = 0f;
                    for (int p = 0; p < k; p++) {
                        s = Math.fma(a[aStart + p * aStep], b[bOff + p * ldb + j], s);
                    }
                    c[cRow + j] = Math.fma(alpha, s, c[cRow + j]);
                }
            }
        });
    }

    /** {@code C[at..at+L) += alpha * v}. */
    private static void addScaled(FloatVector v, FloatVector alphas, float[] c, int at) {
        v.fma(alphas, FloatVector.fromArray(SPECIES, c, at)).intoArray(c, at);
    }

    /**
     * A not transposed, B transposed, m small or n tiny: each element is a dot product of two contiguous rows, summed
     * the same way by every kernel below, so the split over threads cannot change a bit. Four rows of B stay in L1
     * while every row of A passes them, four rows at a time.
     */
    private static void rowDotRows(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b,
            int bOff, int ldb, float[] c, int cOff, int ldc, int tasks) {
        boolean splitColumns = n >= m;
        KernelThreads.run(tasks, task -> {
            int i0 = splitColumns ? 0 : split(m, 1, tasks, task);
            int i1 = splitColumns ? m : split(m, 1, tasks, task + 1);
            int j0 = splitColumns ? split(n, 4, tasks, task) : 0;
            int j1 = splitColumns ? split(n, 4, tasks, task + 1) : n;
            float[] scratch = new float[4 * L];
            int j = j0;
            for (; j + 4 <= j1; j += 4) {
                int bRow = bOff + j * ldb;
                int i = i0;
                for (; i + 4 <= i1; i += 4) {
                    dot4x4(k, a, aOff + i * lda, lda, b, bRow, ldb, alpha, c, cOff + i * ldc + j, ldc, scratch);
                }
                for (; i < i1; i++) {
                    dot4(k, a, aOff + i * lda, b, bRow, ldb, alpha, c, cOff + i * ldc + j, scratch);
                }
            }
            for (; j < j1; j++) {
                for (int i = i0; i < i1; i++) {
                    int at = cOff + i * ldc + j;
                    c[at] = Math.fma(alpha, dot(k, a, aOff + i * lda, b, bOff + j * ldb, scratch), c[at]);
                }
            }
        });
    }

    /** {@code C[4×4] += alpha * A[4 rows] · B[4 rows]ᵀ}: 16 vector accumulators, 8 loads per 16 FMAs. */
    private static void dot4x4(int k, float[] a, int aRow, int lda, float[] b, int bRow, int ldb, float alpha,
            float[] c, int cAt, int ldc, float[] scratch) {
        FloatVector s00 = FloatVector.zero(SPECIES);
        FloatVector s01 = s00;
        FloatVector s02 = s00;
        FloatVector s03 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s12 = s00;
        FloatVector s13 = s00;
        FloatVector s20 = s00;
        FloatVector s21 = s00;
        FloatVector s22 = s00;
        FloatVector s23 = s00;
        FloatVector s30 = s00;
        FloatVector s31 = s00;
        FloatVector s32 = s00;
        FloatVector s33 = s00;
        int p = 0;
        for (; p + L <= k; p += L) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bRow + p);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bRow + ldb + p);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bRow + 2 * ldb + p);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bRow + 3 * ldb + p);
            FloatVector x = FloatVector.fromArray(SPECIES, a, aRow + p);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            s02 = x.fma(b2, s02);
            s03 = x.fma(b3, s03);
            x = FloatVector.fromArray(SPECIES, a, aRow + lda + p);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            s12 = x.fma(b2, s12);
            s13 = x.fma(b3, s13);
            x = FloatVector.fromArray(SPECIES, a, aRow + 2 * lda + p);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            s22 = x.fma(b2, s22);
            s23 = x.fma(b3, s23);
            x = FloatVector.fromArray(SPECIES, a, aRow + 3 * lda + p);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
            s32 = x.fma(b2, s32);
            s33 = x.fma(b3, s33);
        }
        if (LANE_TREE) {
            // Inputs in bit-reversed order, so lane 4r+c of the result holds the sum of accumulator s<r><c>.
            // Each line is fold(x, y) of the class comment, written out: a helper method taking vectors is not
            // inlined with their exact type, and the adds would then run boxed.
            FloatVector u0 = s00.blend(s20, ODD_8).add(s20.blend(s00, ODD_8).rearrange(SWAP_8));
            FloatVector u1 = s10.blend(s30, ODD_8).add(s30.blend(s10, ODD_8).rearrange(SWAP_8));
            FloatVector u2 = s02.blend(s22, ODD_8).add(s22.blend(s02, ODD_8).rearrange(SWAP_8));
            FloatVector u3 = s12.blend(s32, ODD_8).add(s32.blend(s12, ODD_8).rearrange(SWAP_8));
            FloatVector u4 = s01.blend(s21, ODD_8).add(s21.blend(s01, ODD_8).rearrange(SWAP_8));
            FloatVector u5 = s11.blend(s31, ODD_8).add(s31.blend(s11, ODD_8).rearrange(SWAP_8));
            FloatVector u6 = s03.blend(s23, ODD_8).add(s23.blend(s03, ODD_8).rearrange(SWAP_8));
            FloatVector u7 = s13.blend(s33, ODD_8).add(s33.blend(s13, ODD_8).rearrange(SWAP_8));
            FloatVector w0 = u0.blend(u1, ODD_4).add(u1.blend(u0, ODD_4).rearrange(SWAP_4));
            FloatVector w1 = u2.blend(u3, ODD_4).add(u3.blend(u2, ODD_4).rearrange(SWAP_4));
            FloatVector w2 = u4.blend(u5, ODD_4).add(u5.blend(u4, ODD_4).rearrange(SWAP_4));
            FloatVector w3 = u6.blend(u7, ODD_4).add(u7.blend(u6, ODD_4).rearrange(SWAP_4));
            FloatVector z0 = w0.blend(w1, ODD_2).add(w1.blend(w0, ODD_2).rearrange(SWAP_2));
            FloatVector z1 = w2.blend(w3, ODD_2).add(w3.blend(w2, ODD_2).rearrange(SWAP_2));
            FloatVector sums = z0.blend(z1, ODD_1).add(z1.blend(z0, ODD_1).rearrange(SWAP_1));
            sums.intoArray(scratch, 0);
            for (int r = 0; r < 4; r++) {
                for (int col = 0; col < 4; col++) {
                    float sum = scratch[4 * r + col];
                    int aAt = aRow + r * lda;
                    int bAt = bRow + col * ldb;
                    for (int q = p; q < k; q++) {
                        sum = Math.fma(a[aAt + q], b[bAt + q], sum);
                    }
                    int at = cAt + r * ldc + col;
                    c[at] = Math.fma(alpha, sum, c[at]);
                }
            }
            return;
        }
        s00.intoArray(scratch, 0);
        s01.intoArray(scratch, L);
        s02.intoArray(scratch, 2 * L);
        s03.intoArray(scratch, 3 * L);
        finishDot4(scratch, k, p, a, aRow, b, bRow, ldb, alpha, c, cAt);
        s10.intoArray(scratch, 0);
        s11.intoArray(scratch, L);
        s12.intoArray(scratch, 2 * L);
        s13.intoArray(scratch, 3 * L);
        finishDot4(scratch, k, p, a, aRow + lda, b, bRow, ldb, alpha, c, cAt + ldc);
        s20.intoArray(scratch, 0);
        s21.intoArray(scratch, L);
        s22.intoArray(scratch, 2 * L);
        s23.intoArray(scratch, 3 * L);
        finishDot4(scratch, k, p, a, aRow + 2 * lda, b, bRow, ldb, alpha, c, cAt + 2 * ldc);
        s30.intoArray(scratch, 0);
        s31.intoArray(scratch, L);
        s32.intoArray(scratch, 2 * L);
        s33.intoArray(scratch, 3 * L);
        finishDot4(scratch, k, p, a, aRow + 3 * lda, b, bRow, ldb, alpha, c, cAt + 3 * ldc);
    }

    private static VectorMask<Float> oddBlocks(int h) {
        boolean[] odd = new boolean[L];
        for (int i = 0; i < L; i++) {
            odd[i] = (i / h) % 2 == 1;
        }
        return VectorMask.fromArray(SPECIES, odd, 0);
    }

    private static VectorShuffle<Float> swapBlocks(int h) {
        return VectorShuffle.fromOp(SPECIES, i -> (i ^ h) & (L - 1));
    }

    private static void dot4(int k, float[] a, int aRow, float[] b, int bRow, int ldb, float alpha, float[] c,
            int cAt, float[] scratch) {
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int b1 = bRow + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        int p = 0;
        for (; p + L <= k; p += L) {
            FloatVector x = FloatVector.fromArray(SPECIES, a, aRow + p);
            s0 = x.fma(FloatVector.fromArray(SPECIES, b, bRow + p), s0);
            s1 = x.fma(FloatVector.fromArray(SPECIES, b, b1 + p), s1);
            s2 = x.fma(FloatVector.fromArray(SPECIES, b, b2 + p), s2);
            s3 = x.fma(FloatVector.fromArray(SPECIES, b, b3 + p), s3);
        }
        s0.intoArray(scratch, 0);
        s1.intoArray(scratch, L);
        s2.intoArray(scratch, 2 * L);
        s3.intoArray(scratch, 3 * L);
        finishDot4(scratch, k, p, a, aRow, b, bRow, ldb, alpha, c, cAt);
    }

    /**
     * Adds up the four accumulators of one row of A against four rows of B, stored one after another in {@code sums},
     * each left to right, then the elements {@code p..k} past the last whole vector, and adds {@code alpha} times the
     * four sums to {@code C[cAt..cAt+4)}.
     */
    private static void finishDot4(float[] sums, int k, int p, float[] a, int aRow, float[] b, int bRow, int ldb,
            float alpha, float[] c, int cAt) {
        int b1 = bRow + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        float r0 = VectorMath.sumLanes(sums, 0, L);
        float r1 = VectorMath.sumLanes(sums, L, L);
        float r2 = VectorMath.sumLanes(sums, 2 * L, L);
        float r3 = VectorMath.sumLanes(sums, 3 * L, L);
        for (; p < k; p++) {
            float x = a[aRow + p];
            r0 = Math.fma(x, b[bRow + p], r0);
            r1 = Math.fma(x, b[b1 + p], r1);
            r2 = Math.fma(x, b[b2 + p], r2);
            r3 = Math.fma(x, b[b3 + p], r3);
        }
        c[cAt] = Math.fma(alpha, r0, c[cAt]);
        c[cAt + 1] = Math.fma(alpha, r1, c[cAt + 1]);
        c[cAt + 2] = Math.fma(alpha, r2, c[cAt + 2]);
        c[cAt + 3] = Math.fma(alpha, r3, c[cAt + 3]);
    }

    private static float dot(int k, float[] a, int aRow, float[] b, int bRow, float[] scratch) {
        FloatVector s = FloatVector.zero(SPECIES);
        int p = 0;
        for (; p + L <= k; p += L) {
            s = FloatVector.fromArray(SPECIES, a, aRow + p).fma(FloatVector.fromArray(SPECIES, b, bRow + p), s);
        }
        s.intoArray(scratch, 0);
        float r = VectorMath.sumLanes(scratch, L);
        for (; p < k; p++) {
            r = Math.fma(a[aRow + p], b[bRow + p], r);
        }
        return r;
    }

    // ---------------------------------------------------------------- helpers

    /** {@code C = beta * C}; beta 0 writes zeros without reading C (so NaN there does not survive). */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }

    private static void checkArguments(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
            int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int threads) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkMatrix("C", c, cOff, ldc, m, n);
    }

    private static void checkMatrix(String name, float[] data, int offset, int ld, int rows, int cols) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("leading dimension of " + name + " is " + ld + " but a stored row has "
                    + cols + " elements");
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long last = offset + (long) (rows - 1) * ld + cols;
        if (offset < 0 || last > data.length) {
            throw new IllegalArgumentException(name + " (" + rows + "x" + cols + ", offset " + offset + ", ld " + ld
                    + ") needs " + last + " elements but the array has " + data.length);
        }
    }
}
