package dev.basalt.backend.cpu;

import dev.basalt.api.backend.ReduceOp;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.backend.cpu.kernels.VectorMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import static dev.basalt.backend.cpu.ElementwiseKernels.S;

/** Reductions over one dimension, viewing the input as {@code [outer, reduced, inner]}; fp32 accumulation. */
final class ReduceKernels {

    private final Parallel parallel;

    ReduceKernels(Parallel parallel) {
        this.parallel = parallel;
    }

    void reduce(ReduceOp op, Tensor x, int dim, Tensor out) {
        float[] in = Layout.dense(x);
        float[] o = Layout.target(out);
        int[] dims = x.shape().toArray();
        int red = dims[dim];
        int inner = 1;
        for (int d = dim + 1; d < dims.length; d++) {
            inner *= dims[d];
        }
        int outer = red == 0 || inner == 0 ? 0 : (int) (x.numel() / ((long) red * inner));
        int innerF = inner;
        float init = switch (op) {
            case SUM -> 0f;
            case MAX -> Float.NEGATIVE_INFINITY;
            case MIN -> Float.POSITIVE_INFINITY;
        };
        if (red == 0) {
            java.util.Arrays.fill(o, init);
            Layout.commit(out, o);
            return;
        }
        if (inner == 1) {
            parallel.range(outer, red, (a, b) -> {
                for (int r = a; r < b; r++) {
                    o[r] = reduceRow(op, in, r * red, red);
                }
            });
        } else {
            // parallel over outer rows when there are many, else over slices of the inner extent
            parallel.range(outer, (long) red * innerF, (a, b) -> {
                for (int r = a; r < b; r++) {
                    reduceColumns(op, in, r * red * innerF, red, innerF, o, r * innerF, init, 0, innerF);
                }
            });
        }
        Layout.commit(out, o);
    }

    static float reduceRow(ReduceOp op, float[] in, int off, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        float acc;
        switch (op) {
            case SUM -> {
                FloatVector v = FloatVector.zero(S);
                for (; i < bound; i += S.length()) {
                    v = v.add(FloatVector.fromArray(S, in, off + i));
                }
                acc = VectorMath.sumLanes(v, new float[S.length()]);
                for (; i < n; i++) {
                    acc += in[off + i];
                }
            }
            case MAX -> {
                FloatVector v = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                for (; i < bound; i += S.length()) {
                    v = v.max(FloatVector.fromArray(S, in, off + i));
                }
                acc = v.reduceLanes(VectorOperators.MAX);
                for (; i < n; i++) {
                    acc = Math.max(acc, in[off + i]);
                }
            }
            default -> {
                FloatVector v = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
                for (; i < bound; i += S.length()) {
                    v = v.min(FloatVector.fromArray(S, in, off + i));
                }
                acc = v.reduceLanes(VectorOperators.MIN);
                for (; i < n; i++) {
                    acc = Math.min(acc, in[off + i]);
                }
            }
        }
        return acc;
    }

    private static void reduceColumns(ReduceOp op, float[] in, int base, int red, int inner, float[] o, int ob,
                                      float init, int c0, int c1) {
        java.util.Arrays.fill(o, ob + c0, ob + c1, init);
        for (int r = 0; r < red; r++) {
            int rowOff = base + r * inner;
            int c = c0;
            int bound = c0 + S.loopBound(c1 - c0);
            for (; c < bound; c += S.length()) {
                FloatVector acc = FloatVector.fromArray(S, o, ob + c);
                FloatVector v = FloatVector.fromArray(S, in, rowOff + c);
                acc = switch (op) {
                    case SUM -> acc.add(v);
                    case MAX -> acc.max(v);
                    case MIN -> acc.min(v);
                };
                acc.intoArray(o, ob + c);
            }
            for (; c < c1; c++) {
                float v = in[rowOff + c];
                o[ob + c] = switch (op) {
                    case SUM -> o[ob + c] + v;
                    case MAX -> Math.max(o[ob + c], v);
                    case MIN -> Math.min(o[ob + c], v);
                };
            }
        }
    }

    void argMax(Tensor x, int dim, Tensor out) {
        float[] in = Layout.dense(x);
        int[] dims = x.shape().toArray();
        int red = dims[dim];
        int inner = 1;
        for (int d = dim + 1; d < dims.length; d++) {
            inner *= dims[d];
        }
        int outer = (int) (x.numel() / Math.max(1L, (long) red * inner));
        CpuStorage os = Layout.storage(out);
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < inner; c++) {
                int best = 0;
                float bestValue = Float.NEGATIVE_INFINITY;
                for (int r = 0; r < red; r++) {
                    float v = in[(o * red + r) * inner + c];
                    if (v > bestValue || Float.isNaN(v) && !Float.isNaN(bestValue) || r == 0) {
                        best = r;
                        bestValue = v;
                    }
                }
                os.setLong(out.offset() + o * inner + c, best);
            }
        }
    }
}
