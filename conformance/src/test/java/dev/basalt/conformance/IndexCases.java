package dev.basalt.conformance;

import ai.djl.ndarray.NDArray;
import dev.basalt.api.tensor.DType;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Shape;
import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.basalt.conformance.Input.Layout.NARROWED;
import static dev.basalt.conformance.Input.Layout.TRANSPOSED;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** gather, embedding (index-select with its index-add backward), and the indexAdd/indexSelect/scatterAdd primitives. */
final class IndexCases {

    private IndexCases() {
    }

    static Stream<DynamicTest> gather(Targets t) {
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        // repeated indices make the backward scatter-add accumulate
        tests.add(t.once(OpCheck.of("gather dim 1").input(Input.randn("x", 1001, 3, 5))
                .input(Input.ints("index", new int[] {0, 4, 4, 1, 2, 2, 2, 3, 1, 0, 4, 0}, 3, 4))
                .ours(in -> Functional.gather(in.get(0), 1, in.get(1))).torch(in -> in.get(0).gather(in.get(1), 1))
                .forward(0, 0).grad(1e-6, 1e-6)));
        tests.add(t.once(OpCheck.of("gather dim 0").input(Input.randn("x", 1002, 4, 5).layout(TRANSPOSED))
                .input(Input.longs("index", new int[] {3, 0, 1, 1, 2, 0, 0, 3, 3, 2}, 2, 5))
                .ours(in -> Functional.gather(in.get(0), 0, in.get(1))).torch(in -> in.get(0).gather(in.get(1), 0))
                .forward(0, 0).grad(1e-6, 1e-6)));
        tests.add(t.once(OpCheck.of("gather dim -1, size 1").input(Input.randn("x", 1003, 2, 1))
                .input(Input.ints("index", new int[] {0, 0, 0, 0, 0, 0}, 2, 3))
                .ours(in -> Functional.gather(in.get(0), -1, in.get(1))).torch(in -> in.get(0).gather(in.get(1), 1))
                .forward(0, 0).grad(1e-6, 1e-6)));
        int[] wide = new int[2 * 1100];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = (i * 7919) % 1300;
        }
        tests.add(t.once(OpCheck.of("gather over 1300 columns").input(Input.randn("x", 1004, 2, 1300).layout(NARROWED))
                .input(Input.ints("index", wide, 2, 1100))
                .ours(in -> Functional.gather(in.get(0), 1, in.get(1))).torch(in -> in.get(0).gather(in.get(1), 1))
                .forward(0, 0).grad(1e-6, 1e-6)));
        return tests.stream().flatMap(Function.identity());
    }

    /** PyTorch's embedding as a gather of whole rows: index [N, D] holding each id along its row. */
    private static NDArray torchEmbedding(NDArray table, NDArray ids) {
        long n = ids.size();
        long d = table.getShape().get(1);
        NDArray rows = table.gather(ids.reshape(n, 1).broadcast(n, d), 0);
        long[] shape = new long[ids.getShape().dimension() + 1];
        System.arraycopy(ids.getShape().getShape(), 0, shape, 0, shape.length - 1);
        shape[shape.length - 1] = d;
        return rows.reshape(shape);
    }

    static Stream<DynamicTest> embedding(Targets t) {
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        // repeated ids: their gradients add in the table row
        tests.add(t.once(OpCheck.of("embedding I32 ids [2,3]").input(Input.randn("table", 1101, 7, 5))
                .input(Input.ints("ids", new int[] {3, 0, 3, 6, 3, 1}, 2, 3))
                .ours(in -> Functional.embedding(in.get(0), in.get(1)))
                .torch(in -> torchEmbedding(in.get(0), in.get(1))).forward(0, 0).grad(1e-6, 1e-6)));
        tests.add(t.once(OpCheck.of("embedding I64 ids, one row").input(Input.randn("table", 1102, 1, 3))
                .input(Input.longs("ids", new int[] {0, 0, 0, 0}, 4))
                .ours(in -> Functional.embedding(in.get(0), in.get(1)))
                .torch(in -> torchEmbedding(in.get(0), in.get(1))).forward(0, 0).grad(1e-6, 1e-6)));
        tests.add(t.once(OpCheck.of("embedding D=1030, strided table and ids")
                .input(Input.randn("table", 1103, 9, 1030).layout(NARROWED))
                .input(Input.ints("ids", new int[] {8, 2, 2, 5, 0, 8}, 3, 2).layout(TRANSPOSED))
                .ours(in -> Functional.embedding(in.get(0), in.get(1)))
                .torch(in -> torchEmbedding(in.get(0), in.get(1))).forward(0, 0).grad(1e-6, 1e-6)));
        tests.add(t.once("embedding refuses an id outside the table", backend -> {
            Tensor table = Tensor.randn(1, 4, 3);
            assertThrows(RuntimeException.class, () -> Functional.embedding(table, Tensor.ofInts(new int[] {1, 4}, 2)));
        }));
        return tests.stream().flatMap(Function.identity());
    }

    /** The SPI primitives directly, against loops over the definitions. */
    static Stream<DynamicTest> primitives(Targets t) {
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        tests.add(t.once("indexAdd along dim 1, repeated indices, in index order", backend -> {
            int[] idx = {2, 0, 2, 2};
            float[] target0 = Input.gaussian(1201, 4 * 3 * 5);
            float[] src = Input.gaussian(1202, 4 * 4 * 5);
            Tensor target = Tensor.of(target0, 4, 3, 5);
            backend.indexAdd(target, 1, Tensor.ofInts(idx, 4), Tensor.of(src, 4, 4, 5));
            float[] expected = target0.clone();
            for (int o = 0; o < 4; o++) {
                for (int i = 0; i < idx.length; i++) {
                    for (int c = 0; c < 5; c++) {
                        expected[(o * 3 + idx[i]) * 5 + c] += src[(o * 4 + i) * 5 + c];
                    }
                }
            }
            // the same additions in the same order: bit-identical
            Close.assertBitEqual("indexAdd", expected, target.toFloatArray());
        }));
        tests.add(t.once("indexAdd along dim 0 of a 1003-wide table", backend -> {
            int[] idx = {1, 1, 0, 2, 1};
            float[] src = Input.gaussian(1203, 5 * 1003);
            Tensor target = Tensor.zeros(3, 1003);
            backend.indexAdd(target, 0, Tensor.ofLongs(new long[] {1, 1, 0, 2, 1}, 5), Tensor.of(src, 5, 1003));
            float[] expected = new float[3 * 1003];
            for (int i = 0; i < idx.length; i++) {
                for (int c = 0; c < 1003; c++) {
                    expected[idx[i] * 1003 + c] += src[i * 1003 + c];
                }
            }
            Close.assertBitEqual("indexAdd", expected, target.toFloatArray());
        }));
        tests.add(t.once("indexSelect along dim 1 of a transposed view", backend -> {
            float[] data = Input.gaussian(1204, 2 * 3 * 6);
            Tensor x = Tensor.of(data, 2, 3, 6).transpose(1, 2);             // [2, 6, 3], strided
            int[] idx = {5, 0, 5};
            Tensor out = Tensor.empty(backend, DType.F32, Shape.of(2, 3, 3));
            backend.indexSelect(x, 1, Tensor.ofInts(idx, 3), out);
            float[] expected = new float[2 * 3 * 3];
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 3; i++) {
                    for (int c = 0; c < 3; c++) {
                        expected[(b * 3 + i) * 3 + c] = data[(b * 3 + c) * 6 + idx[i]];
                    }
                }
            }
            Close.assertBitEqual("indexSelect", expected, out.toFloatArray());
        }));
        tests.add(t.once("scatterAdd along dim 0, repeated positions", backend -> {
            int[] idx = {1, 0, 1, 1, 1, 0};
            float[] src = Input.gaussian(1205, 6);
            Tensor target = Tensor.zeros(2, 3);
            backend.scatterAdd(target, 0, Tensor.ofInts(idx, 2, 3), Tensor.of(src, 2, 3));
            float[] expected = new float[6];
            for (int i = 0; i < 6; i++) {
                expected[idx[i] * 3 + i % 3] += src[i];
            }
            Close.assertBitEqual("scatterAdd", expected, target.toFloatArray());
        }));
        return tests.stream().flatMap(Function.identity());
    }
}
