package dev.basalt.backend.cpu;

import dev.basalt.api.backend.AttentionKernel;
import dev.basalt.api.tensor.Shape;
import dev.basalt.api.tensor.Tensor;

import jdk.incubator.vector.FloatVector;

import static dev.basalt.backend.cpu.ElementwiseKernels.S;

/**
 * Row-streaming attention: each query row's scores live in one {@code Tk}-long buffer, so memory grows
 * linearly with sequence length; the backward pass recomputes probabilities from the saved log-sum-exp.
 * Work is split by (batch, head), each owned by one thread, so dK/dV accumulate deterministically.
 */
final class CpuAttention implements AttentionKernel {

    private final CpuBackend backend;
    private final Parallel parallel;

    CpuAttention(CpuBackend backend, Parallel parallel) {
        this.backend = backend;
        this.parallel = parallel;
    }

    /** The geometry and masking of one call. */
    private record Problem(int b, int h, int tq, int tk, int d, boolean causal, float scale, float[] pad, int padOff,
                           float[] bias, int biasOff, int[] biasStrides) {

        static Problem of(Tensor q, Tensor k, Tensor keyPadding, Tensor bias, boolean causal, float scale) {
            return new Problem(q.dim(0), q.dim(1), q.dim(2), k.dim(2), q.dim(3), causal, scale,
                    keyPadding == null ? null : Vec.data(keyPadding), keyPadding == null ? 0 : keyPadding.offset(),
                    bias == null ? null : Layout.storage(bias).floats(), bias == null ? 0 : bias.offset(),
                    bias == null ? null : bias.strides());
        }

        /** Last key index row i may see (inclusive). */
        int lastKey(int i) {
            return causal ? Math.min(tk - 1, i + tk - tq) : tk - 1;
        }

        /** Keys per row of transposed keys: tk rounded up to whole vectors, the columns past tk left zero. */
        int keyStride() {
            return (tk + S.length() - 1) / S.length() * S.length();
        }

        /** One past the last key of batch row bi that is not padding: the keys after it need no scores. */
        int keyEnd(int bi) {
            int end = tk;
            while (pad != null && end > 0 && pad[padOff + bi * tk + end - 1] == 0f) {
                end--;
            }
            return end;
        }

        /** One past the last key row i of batch row bi may see. */
        int keyEnd(int bi, int i) {
            return Math.min(lastKey(i) + 1, keyEnd(bi));
        }

        /** Copies the keys of one (batch, head) pair to {@code kt[p * keyStride() + j]}: key j's element p. */
        void transposeKeys(float[] k, int kBase, float[] kt) {
            int stride = keyStride();
            for (int j = 0; j < tk; j++) {
                for (int e = 0; e < d; e++) {
                    kt[e * stride + j] = k[kBase + j * d + e];
                }
            }
        }

        /**
         * Fills {@code s[0..end)} (s holds {@link #keyStride()} floats) with the scores of row i of pair (bi, hi)
         * against the keys before {@code end = keyEnd(bi, i)}, from its transposed keys (see {@link #transposeKeys}),
         * a vector of keys at a time; masked entries are -inf.
         */
        void scores(float[] q, int qRow, float[] kt, int bi, int hi, int i, int end, float[] s) {
            int stride = keyStride();
            for (int j = 0; j < end; j += S.length()) {
                FloatVector acc = FloatVector.zero(S);
                for (int e = 0; e < d; e++) {
                    acc = FloatVector.broadcast(S, q[qRow + e]).fma(FloatVector.fromArray(S, kt, e * stride + j), acc);
                }
                acc.mul(scale).intoArray(s, j);
            }
            for (int j = 0; j < end; j++) {
                if (pad != null && pad[padOff + bi * tk + j] == 0f) {
                    s[j] = Float.NEGATIVE_INFINITY;
                } else if (bias != null) {
                    s[j] += bias[biasOff + bi * biasStrides[0] + hi * biasStrides[1] + i * biasStrides[2]
                            + j * biasStrides[3]];
                }
            }
        }
    }

    @Override
    public Tensor[] forward(Tensor q, Tensor k, Tensor v, Tensor keyPadding, Tensor bias, boolean causal, float scale) {
        Problem p = Problem.of(q, k, keyPadding, bias, causal, scale);
        float[] qv = Vec.data(q);
        float[] kv = Vec.data(k);
        float[] vv = Vec.data(v);
        Tensor out = Vec.alloc(backend, q.shape());
        Tensor lse = Vec.alloc(backend, Shape.of(p.b, p.h, p.tq));
        float[] o = Vec.data(out);
        float[] l = Vec.data(lse);
        int d = p.d;
        parallel.range(p.b * p.h, (long) p.tq * p.tk * d * 2, (pair0, pair1) -> {
            float[] s = new float[p.keyStride()];
            float[] kt = new float[p.keyStride() * d];
            for (int pair = pair0; pair < pair1; pair++) {
                int bi = pair / p.h;
                int hi = pair % p.h;
                int kBase = k.offset() + pair * p.tk * d;
                int vBase = v.offset() + pair * p.tk * d;
                p.transposeKeys(kv, kBase, kt);
                for (int i = 0; i < p.tq; i++) {
                    int row = pair * p.tq + i;
                    int end = p.keyEnd(bi, i);
                    p.scores(qv, q.offset() + row * d, kt, bi, hi, i, end, s);
                    float max = end == 0 ? Float.NEGATIVE_INFINITY : Vec.max(s, 0, end);
                    if (max == Float.NEGATIVE_INFINITY) {
                        l[row] = Float.NEGATIVE_INFINITY;   // fully masked: output stays zero
                        continue;
                    }
                    float sum = Vec.expShifted(s, 0, max, s, 0, end);
                    float inv = 1f / sum;
                    Vec.addWeightedRows(s, inv, end, vv, vBase, d, o, row * d, d);
                    l[row] = max + (float) Math.log(sum);
                }
            }
        });
        return new Tensor[] {out, lse};
    }

    @Override
    public Tensor[] backward(Tensor dout, Tensor q, Tensor k, Tensor v, Tensor out, Tensor lse, Tensor keyPadding,
                             Tensor bias, boolean causal, float scale, boolean biasGrad) {
        Problem p = Problem.of(q, k, keyPadding, bias, causal, scale);
        float[] qv = Vec.data(q);
        float[] kv = Vec.data(k);
        float[] vv = Vec.data(v);
        float[] ov = Vec.data(out);
        float[] gv = Vec.data(dout);
        float[] lv = Vec.data(lse);
        Tensor dq = Vec.alloc(backend, q.shape());
        Tensor dk = Vec.alloc(backend, k.shape());
        Tensor dv = Vec.alloc(backend, v.shape());
        Tensor dbias = biasGrad ? Vec.alloc(backend, Shape.of(p.b, p.h, p.tq, p.tk)) : null;
        float[] dqv = Vec.data(dq);
        float[] dkv = Vec.data(dk);
        float[] dvv = Vec.data(dv);
        float[] dbv = dbias == null ? null : Vec.data(dbias);
        int d = p.d;
        parallel.range(p.b * p.h, (long) p.tq * p.tk * d * 4, (pair0, pair1) -> {
            float[] s = new float[p.keyStride()];
            float[] kt = new float[p.keyStride() * d];
            for (int pair = pair0; pair < pair1; pair++) {
                int bi = pair / p.h;
                int hi = pair % p.h;
                int kBase = k.offset() + pair * p.tk * d;
                int vBase = v.offset() + pair * p.tk * d;
                int kvBase = pair * p.tk * d;
                p.transposeKeys(kv, kBase, kt);
                for (int i = 0; i < p.tq; i++) {
                    int row = pair * p.tq + i;
                    float rowLse = lv[lse.offset() + row];
                    if (rowLse == Float.NEGATIVE_INFINITY) {
                        continue;
                    }
                    int qRow = q.offset() + row * d;
                    int gRow = dout.offset() + row * d;
                    int end = p.keyEnd(bi, i);
                    p.scores(qv, qRow, kt, bi, hi, i, end, s);
                    float rowDot = Vec.dot(gv, gRow, ov, out.offset() + row * d, d);
                    for (int j = 0; j < end; j++) {
                        if (s[j] == Float.NEGATIVE_INFINITY) {
                            continue;
                        }
                        float prob = (float) Math.exp(s[j] - rowLse);
                        float dp = Vec.dot(gv, gRow, vv, vBase + j * d, d);
                        float ds = prob * (dp - rowDot);
                        Vec.axpy(prob, gv, gRow, dvv, kvBase + j * d, d);
                        Vec.axpy(ds * p.scale, kv, kBase + j * d, dqv, row * d, d);
                        Vec.axpy(ds * p.scale, qv, qRow, dkv, kvBase + j * d, d);
                        if (dbv != null) {
                            dbv[row * p.tk + j] = ds;
                        }
                    }
                }
            }
        });
        return new Tensor[] {dq, dk, dv, dbias};
    }
}
