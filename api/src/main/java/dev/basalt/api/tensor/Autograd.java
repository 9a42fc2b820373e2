package dev.basalt.api.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The one reverse-mode autograd engine: records how each result was made and replays it backwards. */
final class Autograd {

    /** Computes the gradients of an op's inputs from the gradient of its output. */
    @FunctionalInterface
    interface Backward {
        /** Returns one gradient per input, null where an input needs none. Runs with recording off. */
        Tensor[] apply(Tensor gradOut);
    }

    /** How a non-leaf tensor was made. */
    record Node(String op, Tensor[] inputs, Backward backward) {
    }

    private Autograd() {
    }

    /** True when recording is on and any input wants a gradient. */
    static boolean needsGrad(Tensor... inputs) {
        if (!NoGrad.isGradEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /** Attaches a backward function to {@code out} when any input needs a gradient; returns {@code out}. */
    static Tensor record(String op, Tensor out, Backward backward, Tensor... inputs) {
        if (needsGrad(inputs)) {
            out.attach(new Node(op, inputs, backward));
        }
        return out;
    }

    /** Backpropagates {@code seed} (the gradient of some scalar with respect to {@code root}). */
    static void backward(Tensor root, Tensor seed) {
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, seed);
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.remove(t);
                if (g == null) {
                    continue;
                }
                Node node = t.node();
                if (node == null) {
                    t.accumulateGrad(g);
                    continue;
                }
                Tensor[] inputGrads = node.backward().apply(g);
                for (int j = 0; j < node.inputs().length; j++) {
                    Tensor in = node.inputs()[j];
                    Tensor ig = inputGrads[j];
                    if (in == null || ig == null || !in.requiresGrad()) {
                        continue;
                    }
                    if (!ig.shape().equals(in.shape())) {
                        throw new IllegalStateException("backward of " + node.op() + " gave a gradient of shape "
                                + ig.shape() + " for an input of shape " + in.shape());
                    }
                    grads.merge(in, ig, Tensor::add);
                }
            }
        }
    }

    /** Tensors reachable from root, each after everything it depends on (iterative, for deep graphs). */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.add(root);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Node node = t.node();
            Tensor[] inputs = node == null ? new Tensor[0] : node.inputs();
            while (next < inputs.length && (inputs[next] == null || !inputs[next].requiresGrad()
                    || visited.contains(inputs[next]))) {
                next++;
            }
            if (next < inputs.length) {
                frame[1] = next + 1;
                visited.add(inputs[next]);
                stack.push(new Object[] {inputs[next], 0});
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
