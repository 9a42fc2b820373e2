package dev.basalt.backend.cpu.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Tiled attention (FlashAttention-2 style) over float arrays: the forward pass walks key blocks with an online softmax
 * and keeps only the output and one log-sum-exp per query row; the backward pass recomputes the probabilities block
 * by block from that log-sum-exp. Working memory is a few blocks per thread, so it grows linearly with sequence
 * length; the {@code qLen × kLen} matrix is never stored (except dBias, which has that shape by definition).
 *
 * <p>Layouts: Q, output, dQ and dOutput are {@code [batch, heads, qLen, headDim]}; K, V, dK, dV are
 * {@code [batch, kvHeads, kLen, headDim]}, each through an {@link AttentionOperand} (any batch/head/row strides,
 * headDim contiguous). The log-sum-exp is contiguous {@code [batch, heads, qLen]}; a row that sees no key stores
 * {@code -Infinity} there and outputs zeros. Work is split over threads by fixed units (query blocks forward, key/value
 * head groups backward), so results are bit-identical for a given thread count.
 */
public final class FlashAttention {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    /** Query rows per block. */
    static final int BQ = 64;
    /** Keys per block. */
    static final int BK = 128;

    private FlashAttention() {
    }

    /** Computes {@code out} and the per-row log-sum-exp {@code lse} ({@code [batch, heads, qLen]}). */
    public static void forward(AttentionSpec spec, AttentionOperand q, AttentionOperand k, AttentionOperand v,
            AttentionOperand out, float[] lse, int threads) {
        checkOperands(spec, q, k, v, out, lse, threads);
        int qBlocks = (spec.qLen() + BQ - 1) / BQ;
        int units = spec.batch() * spec.heads() * qBlocks;
        int tasks = Math.max(1, Math.min(threads, units));
        KernelThreads.run(tasks, task -> {
            int from = (int) ((long) units * task / tasks);
            int to = (int) ((long) units * (task + 1) / tasks);
            float[] scores = new float[BQ * BK];
            float[] acc = new float[BQ * spec.headDim()];
            float[] rowMax = new float[BQ];
            float[] rowSum = new float[BQ];
            float[] scratch = new float[L];
            for (int unit = from; unit < to; unit++) {
                int bh = unit / qBlocks;
                int i0 = (unit % qBlocks) * BQ;
                forwardBlock(spec, bh / spec.heads(), bh % spec.heads(), i0, Math.min(BQ, spec.qLen() - i0), q, k, v,
                        out, lse, scores, acc, rowMax, rowSum, scratch);
            }
        });
    }

    private static void forwardBlock(AttentionSpec spec, int b, int h, int i0, int bq, AttentionOperand q,
            AttentionOperand k, AttentionOperand v, AttentionOperand out, float[] lse, float[] scores, float[] acc,
            float[] rowMax, float[] rowSum, float[] scratch) {
        int d = spec.headDim();
        int kvh = h / (spec.heads() / spec.kvHeads());
        Arrays.fill(acc, 0, bq * d, 0f);
        Arrays.fill(rowMax, Float.NEGATIVE_INFINITY);
        Arrays.fill(rowSum, 0f);
        int keyLimit = spec.keyEnd(b, i0 + bq - 1);
        for (int j0 = 0; j0 < keyLimit; j0 += BK) {
            int bk = Math.min(BK, keyLimit - j0);
            Sgemm.sgemm(false, true, bq, bk, d, spec.scale(), q.data(), q.at(b, h, i0), q.rowStride(), k.data(),
                    k.at(b, kvh, j0), k.rowStride(), 0f, scores, 0, BK, 1);
            for (int r = 0; r < bq; r++) {
                int row = r * BK;
                int end = maskRow(spec, b, h, i0 + r, j0, bk, scores, row);
                float blockMax = end <= 0 ? Float.NEGATIVE_INFINITY : max(scores, row, end);
                float newMax = Math.max(rowMax[r], blockMax);
                if (newMax == Float.NEGATIVE_INFINITY) {
                    Arrays.fill(scores, row, row + bk, 0f);
                    continue;
                }
                float correction = (float) Math.exp(rowMax[r] - newMax);
                rowSum[r] = rowSum[r] * correction + expShifted(scores, row, bk, newMax, scratch);
                rowMax[r] = newMax;
                if (correction != 1f) {
                    scale(acc, r * d, d, correction);
                }
            }
            Sgemm.sgemm(false, false, bq, d, bk, 1f, scores, 0, BK, v.data(), v.at(b, kvh, j0), v.rowStride(), 1f,
                    acc, 0, d, 1);
        }
        int lseRow = (b * spec.heads() + h) * spec.qLen() + i0;
        for (int r = 0; r < bq; r++) {
            int o = out.at(b, h, i0 + r);
            if (rowSum[r] == 0f) {
                Arrays.fill(out.data(), o, o + d, 0f);
                lse[lseRow + r] = Float.NEGATIVE_INFINITY;
            } else {
                float inverse = 1f / rowSum[r];
                for (int c = 0; c < d; c++) {
                    out.data()[o + c] = acc[r * d + c] * inverse;
                }
                lse[lseRow + r] = rowMax[r] + (float) Math.log(rowSum[r]);
            }
        }
    }

    /**
     * Gradients of {@code sum(dOut * out)} with respect to Q, K, V (overwritten) and, when the spec has a bias and
     * {@code dBias} is not null, the bias ({@code [biasHeads, qLen, kLen]}, overwritten). {@code out} and {@code lse}
     * are what {@link #forward} returned for the same inputs.
     */
    public static void backward(AttentionSpec spec, AttentionOperand q, AttentionOperand k, AttentionOperand v,
            AttentionOperand out, float[] lse, AttentionOperand dOut, AttentionOperand dq, AttentionOperand dk,
            AttentionOperand dv, float[] dBias, int threads) {
        checkOperands(spec, q, k, v, out, lse, threads);
        dOut.requireFits("dOut", spec.batch(), spec.heads(), spec.qLen(), spec.headDim());
        dq.requireFits("dQ", spec.batch(), spec.heads(), spec.qLen(), spec.headDim());
        dk.requireFits("dK", spec.batch(), spec.kvHeads(), spec.kLen(), spec.headDim());
        dv.requireFits("dV", spec.batch(), spec.kvHeads(), spec.kLen(), spec.headDim());
        boolean withBias = spec.bias() != null && dBias != null;
        if (withBias && dBias.length != spec.bias().length) {
            throw new IllegalArgumentException("dBias has " + dBias.length + " elements, bias has "
                    + spec.bias().length);
        }
        // A unit owns every write it makes: one key/value head group of one batch entry, or of all batch entries
        // when a bias gradient (summed over the batch) is wanted.
        int units = withBias ? spec.kvHeads() : spec.batch() * spec.kvHeads();
        int tasks = Math.max(1, Math.min(threads, units));
        boolean sharedBias = withBias && spec.biasHeads() == 1 && spec.heads() > 1;
        float[][] partialBias = new float[tasks][];
        if (withBias) {
            Arrays.fill(dBias, 0f);
        }
        KernelThreads.run(tasks, task -> {
            int from = (int) ((long) units * task / tasks);
            int to = (int) ((long) units * (task + 1) / tasks);
            float[] biasGrad = null;
            if (withBias) {
                biasGrad = sharedBias && tasks > 1 ? new float[dBias.length] : dBias;
                partialBias[task] = biasGrad;
            }
            BackwardWorkspace ws = new BackwardWorkspace(spec);
            for (int unit = from; unit < to; unit++) {
                int bFrom = withBias ? 0 : unit / spec.kvHeads();
                int bTo = withBias ? spec.batch() : bFrom + 1;
                int group = unit % spec.kvHeads();
                for (int b = bFrom; b < bTo; b++) {
                    backwardGroup(spec, b, group, q, k, v, out, lse, dOut, dq, dk, dv, biasGrad, ws);
                }
            }
        });
        if (sharedBias && tasks > 1) {
            for (float[] partial : partialBias) {
                for (int i = 0; i < dBias.length; i++) {
                    dBias[i] += partial[i];
                }
            }
        }
    }

    private static final class BackwardWorkspace {
        final float[] probs = new float[BQ * BK];
        final float[] grads = new float[BQ * BK];
        final float[] rowDot;
        final float[] scratch = new float[L];

        BackwardWorkspace(AttentionSpec spec) {
            rowDot = new float[spec.qLen()];
        }
    }

    private static void backwardGroup(AttentionSpec spec, int b, int group, AttentionOperand q, AttentionOperand k,
            AttentionOperand v, AttentionOperand out, float[] lse, AttentionOperand dOut, AttentionOperand dq,
            AttentionOperand dk, AttentionOperand dv, float[] dBias, BackwardWorkspace ws) {
        int d = spec.headDim();
        int perGroup = spec.heads() / spec.kvHeads();
        for (int t = 0; t < spec.kLen(); t++) {
            int kAt = dk.at(b, group, t);
            Arrays.fill(dk.data(), kAt, kAt + d, 0f);
            int vAt = dv.at(b, group, t);
            Arrays.fill(dv.data(), vAt, vAt + d, 0f);
        }
        for (int h = group * perGroup; h < (group + 1) * perGroup; h++) {
            for (int i = 0; i < spec.qLen(); i++) {
                int at = dq.at(b, h, i);
                Arrays.fill(dq.data(), at, at + d, 0f);
                ws.rowDot[i] = dot(dOut.data(), dOut.at(b, h, i), out.data(), out.at(b, h, i), d, ws.scratch);
            }
            int lseRow = (b * spec.heads() + h) * spec.qLen();
            int keyLimit = spec.qLen() == 0 ? 0 : spec.keyEnd(b, spec.qLen() - 1);
            for (int j0 = 0; j0 < keyLimit; j0 += BK) {
                int bk = Math.min(BK, keyLimit - j0);
                for (int i0 = 0; i0 < spec.qLen(); i0 += BQ) {
                    int bq = Math.min(BQ, spec.qLen() - i0);
                    if (spec.keyEnd(b, i0 + bq - 1) <= j0) {
                        continue;
                    }
                    backwardTile(spec, b, h, group, i0, bq, j0, bk, lseRow, q, k, v, lse, dOut, dq, dk, dv, dBias,
                            ws);
                }
            }
        }
    }

    private static void backwardTile(AttentionSpec spec, int b, int h, int group, int i0, int bq, int j0, int bk,
            int lseRow, AttentionOperand q, AttentionOperand k, AttentionOperand v, float[] lse,
            AttentionOperand dOut, AttentionOperand dq, AttentionOperand dk, AttentionOperand dv, float[] dBias,
            BackwardWorkspace ws) {
        int d = spec.headDim();
        float[] p = ws.probs;
        float[] g = ws.grads;
        Sgemm.sgemm(false, true, bq, bk, d, spec.scale(), q.data(), q.at(b, h, i0), q.rowStride(), k.data(),
                k.at(b, group, j0), k.rowStride(), 0f, p, 0, BK, 1);
        for (int r = 0; r < bq; r++) {
            int row = r * BK;
            float rowLse = lse[lseRow + i0 + r];
            int end = maskRow(spec, b, h, i0 + r, j0, bk, p, row);
            if (end <= 0 || rowLse == Float.NEGATIVE_INFINITY) {
                Arrays.fill(p, row, row + bk, 0f);
            } else {
                expShifted(p, row, bk, rowLse, ws.scratch);
            }
        }
        // dV_j += P^T dO_i
        Sgemm.sgemm(true, false, bk, d, bq, 1f, p, 0, BK, dOut.data(), dOut.at(b, h, i0), dOut.rowStride(), 1f,
                dv.data(), dv.at(b, group, j0), dv.rowStride(), 1);
        // dP = dO_i V_j^T, then dS = P * (dP - rowDot)
        Sgemm.sgemm(false, true, bq, bk, d, 1f, dOut.data(), dOut.at(b, h, i0), dOut.rowStride(), v.data(),
                v.at(b, group, j0), v.rowStride(), 0f, g, 0, BK, 1);
        for (int r = 0; r < bq; r++) {
            softmaxGrad(p, g, r * BK, bk, ws.rowDot[i0 + r]);
        }
        if (dBias != null) {
            for (int r = 0; r < bq; r++) {
                int at = spec.biasAt(h, i0 + r) + j0;
                for (int c = 0; c < bk; c++) {
                    dBias[at + c] += g[r * BK + c];
                }
            }
        }
        // dQ_i += scale dS K_j ; dK_j += scale dS^T Q_i
        Sgemm.sgemm(false, false, bq, d, bk, spec.scale(), g, 0, BK, k.data(), k.at(b, group, j0), k.rowStride(),
                1f, dq.data(), dq.at(b, h, i0), dq.rowStride(), 1);
        Sgemm.sgemm(true, false, bk, d, bq, spec.scale(), g, 0, BK, q.data(), q.at(b, h, i0), q.rowStride(), 1f,
                dk.data(), dk.at(b, group, j0), dk.rowStride(), 1);
    }

    // ---------------------------------------------------------------- row helpers

    /**
     * Adds the bias to one score row and sets unseen keys to -Infinity. Returns how many leading keys of the block
     * the causal/length limits leave (0 when none).
     */
    private static int maskRow(AttentionSpec spec, int b, int h, int i, int j0, int bk, float[] s, int row) {
        int end = Math.min(bk, spec.keyEnd(b, i) - j0);
        if (end <= 0) {
            Arrays.fill(s, row, row + bk, Float.NEGATIVE_INFINITY);
            return 0;
        }
        if (spec.bias() != null) {
            float[] bias = spec.bias();
            int at = spec.biasAt(h, i) + j0;
            int c = 0;
            for (; c + L <= end; c += L) {
                FloatVector.fromArray(SPECIES, s, row + c).add(FloatVector.fromArray(SPECIES, bias, at + c))
                        .intoArray(s, row + c);
            }
            for (; c < end; c++) {
                s[row + c] += bias[at + c];
            }
        }
        Arrays.fill(s, row + end, row + bk, Float.NEGATIVE_INFINITY);
        if (spec.keyMask() != null) {
            boolean[] mask = spec.keyMask();
            int at = b * spec.kLen() + j0;
            for (int c = 0; c < end; c++) {
                if (!mask[at + c]) {
                    s[row + c] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        return end;
    }

    private static float max(float[] s, int row, int n) {
        FloatVector best = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        int c = 0;
        for (; c + L <= n; c += L) {
            best = best.max(FloatVector.fromArray(SPECIES, s, row + c));
        }
        float m = best.reduceLanes(VectorOperators.MAX);
        for (; c < n; c++) {
            m = Math.max(m, s[row + c]);
        }
        return m;
    }

    /** {@code s = exp(s - shift)} over {@code [row, row + n)}; returns the sum. -Infinity entries become 0. */
    private static float expShifted(float[] s, int row, int n, float shift, float[] scratch) {
        FloatVector shifts = FloatVector.broadcast(SPECIES, shift);
        FloatVector sum = FloatVector.zero(SPECIES);
        int c = 0;
        for (; c + L <= n; c += L) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(SPECIES, s, row + c).sub(shifts));
            e.intoArray(s, row + c);
            sum = sum.add(e);
        }
        sum.intoArray(scratch, 0);
        float total = VectorMath.sumLanes(scratch, L);
        for (; c < n; c++) {
            float e = (float) Math.exp(s[row + c] - shift);
            s[row + c] = e;
            total += e;
        }
        return total;
    }

    /** {@code g = p * (g - rowDot)}: the softmax backward for one row. */
    private static void softmaxGrad(float[] p, float[] g, int row, int n, float rowDot) {
        FloatVector dots = FloatVector.broadcast(SPECIES, rowDot);
        int c = 0;
        for (; c + L <= n; c += L) {
            FloatVector.fromArray(SPECIES, g, row + c).sub(dots).mul(FloatVector.fromArray(SPECIES, p, row + c))
                    .intoArray(g, row + c);
        }
        for (; c < n; c++) {
            g[row + c] = p[row + c] * (g[row + c] - rowDot);
        }
    }

    private static void scale(float[] x, int from, int n, float factor) {
        for (int c = from; c < from + n; c++) {
            x[c] *= factor;
        }
    }

    private static float dot(float[] a, int aAt, float[] b, int bAt, int n, float[] scratch) {
        FloatVector sum = FloatVector.zero(SPECIES);
        int c = 0;
        for (; c + L <= n; c += L) {
            sum = FloatVector.fromArray(SPECIES, a, aAt + c).fma(FloatVector.fromArray(SPECIES, b, bAt + c), sum);
        }
        sum.intoArray(scratch, 0);
        float total = VectorMath.sumLanes(scratch, L);
        for (; c < n; c++) {
            total += a[aAt + c] * b[bAt + c];
        }
        return total;
    }

    private static void checkOperands(AttentionSpec spec, AttentionOperand q, AttentionOperand k, AttentionOperand v,
            AttentionOperand out, float[] lse, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        q.requireFits("Q", spec.batch(), spec.heads(), spec.qLen(), spec.headDim());
        k.requireFits("K", spec.batch(), spec.kvHeads(), spec.kLen(), spec.headDim());
        v.requireFits("V", spec.batch(), spec.kvHeads(), spec.kLen(), spec.headDim());
        out.requireFits("out", spec.batch(), spec.heads(), spec.qLen(), spec.headDim());
        if (lse.length < spec.batch() * spec.heads() * spec.qLen()) {
            throw new IllegalArgumentException("lse needs batch * heads * qLen = "
                    + spec.batch() * spec.heads() * spec.qLen() + " elements, has " + lse.length);
        }
    }
}
