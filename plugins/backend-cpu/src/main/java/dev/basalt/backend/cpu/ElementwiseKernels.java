package dev.basalt.backend.cpu;

import dev.basalt.api.backend.BinaryOp;
import dev.basalt.api.backend.ScalarOp;
import dev.basalt.api.backend.UnaryOp;
import dev.basalt.api.tensor.DType;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.backend.cpu.kernels.VectorMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Element-wise primitives. F32 rows with unit or zero (broadcast) stride run on the Vector API; other
 * layouts and half types take the per-element path, computing in fp32.
 */
final class ElementwiseKernels {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private final Parallel parallel;

    ElementwiseKernels(Parallel parallel) {
        this.parallel = parallel;
    }

    // ---- unary ----

    void unary(UnaryOp op, Tensor x, Tensor out) {
        CpuStorage xs = Layout.storage(x);
        CpuStorage os = Layout.storage(out);
        Layout lx = new Layout(x);
        boolean fast = x.dtype() == DType.F32 && out.dtype() == DType.F32;
        if (fast && x.isContiguous()) {
            float[] in = xs.floats();
            float[] o = os.floats();
            int n = Math.toIntExact(x.numel());
            int xo = x.offset();
            int oo = out.offset();
            parallel.range(blocks(n), 4L * BLOCK, (b0, b1) -> {
                int from = b0 * BLOCK;
                int to = Math.min(n, b1 * BLOCK);
                unaryRun(op, in, xo + from, o, oo + from, to - from);
            });
            return;
        }
        parallel.range(lx.rows, 4L * lx.cols, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int xb = lx.rowStart(r);
                int ob = out.offset() + r * lx.cols;
                if (fast && lx.colStride == 1) {
                    unaryRun(op, xs.floats(), xb, os.floats(), ob, lx.cols);
                } else {
                    for (int c = 0; c < lx.cols; c++) {
                        os.set(ob + c, ScalarMath.unary(op, xs.get(xb + c * lx.colStride)));
                    }
                }
            }
        });
    }

    private static void unaryRun(UnaryOp op, float[] in, int io, float[] out, int oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        if (hasVectorForm(op)) {
            for (; i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, in, io + i);
                unaryVector(op, v).intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) {
            out[oo + i] = ScalarMath.unary(op, in[io + i]);
        }
    }

    /**
     * The Vector API's own transcendental operators round differently compiled and interpreted, which would break
     * run-to-run reproducibility; ops without an exactly reproducible vector form here take the scalar path.
     */
    private static boolean hasVectorForm(UnaryOp op) {
        return switch (op) {
            case ERF, LOG, SIN, COS -> false;
            default -> true;
        };
    }

    private static FloatVector unaryVector(UnaryOp op, FloatVector v) {
        return switch (op) {
            case NEG -> v.neg();
            case EXP -> VectorMath.exp(v);
            case SQRT -> v.sqrt();
            case RSQRT -> FloatVector.broadcast(S, 1f).div(v.sqrt());
            case TANH -> VectorMath.tanh(v);
            case SIGMOID -> FloatVector.broadcast(S, 1f).div(VectorMath.exp(v.neg()).add(1f));
            case RELU -> v.max(0f);
            case ABS -> v.abs();
            case RECIPROCAL -> FloatVector.broadcast(S, 1f).div(v);
            case SQUARE -> v.mul(v);
            case STEP -> FloatVector.zero(S).blend(1f, v.compare(VectorOperators.GT, 0f));
            case ERF, LOG, SIN, COS -> throw new IllegalArgumentException(op + " has no vector form here");
        };
    }

    // ---- scalar ----

    void scalar(ScalarOp op, Tensor x, double s, Tensor out) {
        CpuStorage xs = Layout.storage(x);
        CpuStorage os = Layout.storage(out);
        Layout lx = new Layout(x);
        float sf = (float) s;
        boolean fast = x.dtype() == DType.F32 && out.dtype() == DType.F32;
        if (fast && x.isContiguous()) {
            int n = Math.toIntExact(x.numel());
            parallel.range(blocks(n), 2L * BLOCK, (b0, b1) -> {
                int from = b0 * BLOCK;
                int to = Math.min(n, b1 * BLOCK);
                scalarRun(op, xs.floats(), x.offset() + from, sf, os.floats(), out.offset() + from, to - from);
            });
            return;
        }
        parallel.range(lx.rows, 2L * lx.cols, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int xb = lx.rowStart(r);
                int ob = out.offset() + r * lx.cols;
                if (fast && lx.colStride == 1) {
                    scalarRun(op, xs.floats(), xb, sf, os.floats(), ob, lx.cols);
                } else {
                    for (int c = 0; c < lx.cols; c++) {
                        os.set(ob + c, ScalarMath.scalar(op, xs.get(xb + c * lx.colStride), sf));
                    }
                }
            }
        });
    }

    private static void scalarRun(ScalarOp op, float[] in, int io, float s, float[] out, int oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        int vectorBound = op == ScalarOp.POW ? 0 : bound; // the Vector API's POW is not reproducible either
        for (; i < vectorBound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, in, io + i);
            FloatVector r = switch (op) {
                case ADD -> v.add(s);
                case MUL -> v.mul(s);
                case POW -> throw new IllegalArgumentException("pow has no vector form here");
                case MAX -> v.max(s);
                case MIN -> v.min(s);
            };
            r.intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = ScalarMath.scalar(op, in[io + i], s);
        }
    }

    // ---- binary ----

    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        CpuStorage as = Layout.storage(a);
        CpuStorage bs = Layout.storage(b);
        CpuStorage os = Layout.storage(out);
        boolean fast = a.dtype() == DType.F32 && b.dtype() == DType.F32 && out.dtype() == DType.F32;
        if (fast && a.isContiguous() && b.isContiguous()) {
            int n = Math.toIntExact(out.numel());
            parallel.range(blocks(n), 2L * BLOCK, (b0, b1) -> {
                int from = b0 * BLOCK;
                int to = Math.min(n, b1 * BLOCK);
                binaryRun(op, as.floats(), a.offset() + from, 1, bs.floats(), b.offset() + from, 1, os.floats(),
                        out.offset() + from, to - from);
            });
            return;
        }
        Layout la = new Layout(a);
        Layout lb = new Layout(b);
        Layout lo = new Layout(out);
        parallel.range(lo.rows, 2L * lo.cols, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int ab = la.rowStart(r);
                int bb = lb.rowStart(r);
                int ob = lo.rowStart(r);
                if (fast && lo.colStride == 1) {
                    binaryRun(op, as.floats(), ab, la.colStride, bs.floats(), bb, lb.colStride, os.floats(), ob, lo.cols);
                } else {
                    for (int c = 0; c < lo.cols; c++) {
                        os.set(ob + c * lo.colStride, ScalarMath.binary(op, as.get(ab + c * la.colStride),
                                bs.get(bb + c * lb.colStride)));
                    }
                }
            }
        });
    }

    private static void binaryRun(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out,
                                  int oo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        boolean av = as == 1;
        boolean bv = bs == 1;
        // One loop per operand kind: a vector that may come from either a load or a broadcast has no exact type for
        // C2, and the vector operations then run through their boxed Java fallback.
        if (av && bv) {
            for (; i < bound; i += S.length()) {
                binaryVector(op, FloatVector.fromArray(S, a, ao + i), FloatVector.fromArray(S, b, bo + i))
                        .intoArray(out, oo + i);
            }
        } else if (av && bs == 0) {
            FloatVector y = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += S.length()) {
                binaryVector(op, FloatVector.fromArray(S, a, ao + i), y).intoArray(out, oo + i);
            }
        } else if (as == 0 && bv) {
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            for (; i < bound; i += S.length()) {
                binaryVector(op, x, FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) {
            out[oo + i] = ScalarMath.binary(op, a[ao + i * as], b[bo + i * bs]);
        }
    }

    private static FloatVector binaryVector(BinaryOp op, FloatVector x, FloatVector y) {
        return switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case MAX -> x.max(y);
            case MIN -> x.min(y);
            case EQ -> mask(x.compare(VectorOperators.EQ, y));
            case GT -> mask(x.compare(VectorOperators.GT, y));
        };
    }

    private static FloatVector mask(VectorMask<Float> m) {
        return FloatVector.zero(S).blend(1f, m);
    }

    // ---- where, copy, fill ----

    void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        CpuStorage cs = Layout.storage(cond);
        CpuStorage as = Layout.storage(a);
        CpuStorage bs = Layout.storage(b);
        CpuStorage os = Layout.storage(out);
        Layout lc = new Layout(cond);
        Layout la = new Layout(a);
        Layout lb = new Layout(b);
        Layout lo = new Layout(out);
        parallel.range(lo.rows, lo.cols, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int cb = lc.rowStart(r);
                int ab = la.rowStart(r);
                int bb = lb.rowStart(r);
                int ob = lo.rowStart(r);
                for (int c = 0; c < lo.cols; c++) {
                    float v = cs.get(cb + c * lc.colStride) != 0 ? as.get(ab + c * la.colStride)
                            : bs.get(bb + c * lb.colStride);
                    os.set(ob + c * lo.colStride, v);
                }
            }
        });
    }

    void copy(Tensor src, Tensor dst) {
        if (!src.shape().equals(dst.shape())) {
            throw new IllegalArgumentException("copy: shapes differ, " + src.shape() + " vs " + dst.shape());
        }
        CpuStorage ss = Layout.storage(src);
        CpuStorage ds = Layout.storage(dst);
        Layout ls = new Layout(src);
        Layout ld = new Layout(dst);
        boolean f32 = src.dtype() == DType.F32 && dst.dtype() == DType.F32;
        boolean ints = !src.dtype().isFloating() && !dst.dtype().isFloating();
        parallel.range(ld.rows, ld.cols, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int sb = ls.rowStart(r);
                int db = ld.rowStart(r);
                if (f32 && ls.colStride == 1 && ld.colStride == 1) {
                    System.arraycopy(ss.floats(), sb, ds.floats(), db, ld.cols);
                } else if (ints) {
                    for (int c = 0; c < ld.cols; c++) {
                        ds.setLong(db + c * ld.colStride, ss.getLong(sb + c * ls.colStride));
                    }
                } else {
                    for (int c = 0; c < ld.cols; c++) {
                        ds.set(db + c * ld.colStride, ss.get(sb + c * ls.colStride));
                    }
                }
            }
        });
    }

    void fill(Tensor dst, double value) {
        CpuStorage ds = Layout.storage(dst);
        Layout ld = new Layout(dst);
        float v = (float) value;
        for (int r = 0; r < ld.rows; r++) {
            int db = ld.rowStart(r);
            if (dst.dtype() == DType.F32 && ld.colStride == 1) {
                Arrays.fill(ds.floats(), db, db + ld.cols, v);
            } else {
                for (int c = 0; c < ld.cols; c++) {
                    if (dst.dtype().isFloating()) {
                        ds.set(db + c * ld.colStride, v);
                    } else {
                        ds.setLong(db + c * ld.colStride, (long) value);
                    }
                }
            }
        }
    }

    static final int BLOCK = 4096;

    static int blocks(int n) {
        return (n + BLOCK - 1) / BLOCK;
    }
}
