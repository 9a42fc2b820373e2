package dev.basalt.conformance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import dev.basalt.api.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.basalt.conformance.Input.Layout.NARROWED;
import static dev.basalt.conformance.Input.Layout.STRIDED;
import static dev.basalt.conformance.Input.Layout.TRANSPOSED;

/** Views and copies: values move without arithmetic, so forward and gradient must match exactly. */
final class ViewCases {

    private ViewCases() {
    }

    private record View(String name, int[] shape, Input.Layout layout, UnaryOperator<Tensor> ours,
                        UnaryOperator<NDArray> torch) {
    }

    static Stream<DynamicTest> all(Targets t) {
        List<View> views = List.of(
                new View("reshape(3, -1)", new int[] {3, 4, 5}, null, x -> x.reshape(3, -1), x -> x.reshape(3, 20)),
                new View("reshape(-1) of a transposed view", new int[] {3, 4, 5}, TRANSPOSED, x -> x.reshape(-1),
                        x -> x.reshape(60)),
                new View("view(5, 2, 6)", new int[] {3, 4, 5}, null, x -> x.view(5, 2, 6), x -> x.reshape(5, 2, 6)),
                new View("transpose(0, 2)", new int[] {3, 4, 5}, null, x -> x.transpose(0, 2), x -> x.transpose(2, 1, 0)),
                new View("permute(2, 0, 1)", new int[] {3, 4, 5}, NARROWED, x -> x.permute(2, 0, 1),
                        x -> x.transpose(2, 0, 1)),
                new View("narrow(1, 1, 2)", new int[] {3, 4, 5}, null, x -> x.narrow(1, 1, 2),
                        x -> x.get(new NDIndex(":, 1:3"))),
                new View("narrow(-1, 4, 1)", new int[] {3, 4, 5}, STRIDED, x -> x.narrow(-1, 4, 1),
                        x -> x.get(new NDIndex(":, :, 4:5"))),
                new View("unsqueeze(1)", new int[] {3, 4}, TRANSPOSED, x -> x.unsqueeze(1), x -> x.expandDims(1)),
                new View("unsqueeze(-1)", new int[] {3, 4}, null, x -> x.unsqueeze(-1), x -> x.expandDims(2)),
                new View("squeeze(1)", new int[] {3, 1, 4}, null, x -> x.squeeze(1), x -> x.squeeze(1)),
                new View("expand(2, 3, 4)", new int[] {3, 1}, null, x -> x.expand(2, 3, 4), x -> x.broadcast(2, 3, 4)),
                new View("expand(5, 1001) of a size-1 row", new int[] {1, 1001}, NARROWED, x -> x.expand(5, 1001),
                        x -> x.broadcast(5, 1001)),
                new View("contiguous()", new int[] {4, 6}, TRANSPOSED, Tensor::contiguous, x -> x),
                new View("split(-1, 2)[1]", new int[] {3, 5}, null, x -> x.split(-1, 2).get(1),
                        x -> x.get(new NDIndex(":, 2:4"))),
                new View("split(-1, 2)[2] (the short tail)", new int[] {3, 5}, TRANSPOSED, x -> x.split(-1, 2).get(2),
                        x -> x.get(new NDIndex(":, 4:5"))),
                new View("transpose then reshape", new int[] {2, 3, 4}, null, x -> x.transpose(1, 2).reshape(2, 12),
                        x -> x.transpose(0, 2, 1).reshape(2, 12)));
        List<Stream<DynamicTest>> tests = new ArrayList<>();
        long seed = 900;
        for (View v : views) {
            Input x = Input.randn("x", seed++, v.shape);
            if (v.layout != null) {
                x.layout(v.layout);
            }
            tests.add(t.once(OpCheck.of(v.name).input(x).ours(in -> v.ours.apply(in.get(0)))
                    .torch(in -> v.torch.apply(in.get(0))).forward(0, 0).grad(1e-6, 1e-6)));
        }
        tests.add(t.once(OpCheck.of("concat dim 1").input(Input.randn("a", 950, 2, 3, 4))
                .input(Input.randn("b", 951, 2, 1, 4).layout(TRANSPOSED)).input(Input.randn("c", 952, 2, 2, 4))
                .ours(in -> Tensor.concat(List.of(in.get(0), in.get(1), in.get(2)), 1))
                .torch(in -> NDArrays.concat(new NDList(in.get(0), in.get(1), in.get(2)), 1))
                .forward(0, 0).grad(0, 0)));
        tests.add(t.once(OpCheck.of("concat dim -1").input(Input.randn("a", 953, 3, 1))
                .input(Input.randn("b", 954, 3, 1002).layout(NARROWED))
                .ours(in -> Tensor.concat(List.of(in.get(0), in.get(1)), -1))
                .torch(in -> NDArrays.concat(new NDList(in.get(0), in.get(1)), -1))
                .forward(0, 0).grad(0, 0)));
        return tests.stream().flatMap(Function.identity());
    }
}
