package dev.basalt.api.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Views (no copy), copies, concat and casts, each with its backward. */
final class ViewOps {

    private ViewOps() {
    }

    static Tensor reshape(Tensor x, int[] dims) {
        Shape target = resolve(x.shape(), dims);
        if (target.equals(x.shape())) {
            return x;
        }
        Tensor src = x.isContiguous() ? x : Raw.copy(x, x.dtype());
        Tensor out = src.view(target, target.contiguousStrides(), src.offset());
        return Autograd.record("reshape", out, g -> new Tensor[] {g.reshape(x.shape().toArray())}, x);
    }

    private static Shape resolve(Shape from, int[] dims) {
        int[] d = dims.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: only one size may be -1 in " + Arrays.toString(dims));
                }
                infer = i;
            } else {
                known *= d[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || from.numel() % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + from + " to " + Arrays.toString(dims));
            }
            d[infer] = Math.toIntExact(from.numel() / known);
        }
        Shape s = Shape.of(d);
        if (s.numel() != from.numel()) {
            throw new IllegalArgumentException("cannot reshape " + from + " to " + s);
        }
        return s;
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        int a = x.shape().axis(dim0);
        int b = x.shape().axis(dim1);
        int[] order = new int[x.rank()];
        Arrays.setAll(order, i -> i);
        order[a] = b;
        order[b] = a;
        return permute(x, order);
    }

    static Tensor permute(Tensor x, int[] order) {
        if (order.length != x.rank()) {
            throw new IllegalArgumentException("permute needs " + x.rank() + " dimensions, got " + Arrays.toString(order));
        }
        int[] dims = new int[order.length];
        int[] st = new int[order.length];
        int[] inverse = new int[order.length];
        boolean[] seen = new boolean[order.length];
        int[] xs = x.strides();
        for (int i = 0; i < order.length; i++) {
            int src = x.shape().axis(order[i]);
            if (seen[src]) {
                throw new IllegalArgumentException("permute: repeated dimension in " + Arrays.toString(order));
            }
            seen[src] = true;
            dims[i] = x.dim(src);
            st[i] = xs[src];
            inverse[src] = i;
        }
        Tensor out = x.view(Shape.of(dims), st, x.offset());
        return Autograd.record("permute", out, g -> new Tensor[] {g.permute(inverse)}, x);
    }

    static Tensor narrow(Tensor x, int dim, int start, int length) {
        int axis = x.shape().axis(dim);
        if (start < 0 || length < 0 || start + length > x.dim(axis)) {
            throw new IllegalArgumentException("narrow(" + dim + ", " + start + ", " + length + ") is outside " + x.shape());
        }
        Tensor out = slice(x, axis, start, length);
        return Autograd.record("narrow", out, g -> {
            Tensor full = Raw.empty(g.backend(), g.dtype(), x.shape());
            g.backend().copy(g, slice(full, axis, start, length));
            return new Tensor[] {full};
        }, x);
    }

    /** The raw view of {@code [start, start+length)} along {@code axis}. */
    static Tensor slice(Tensor x, int axis, int start, int length) {
        return x.view(x.shape().with(axis, length), x.strides(), x.offset() + start * x.stride(axis));
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int axis = dim < 0 ? dim + x.rank() + 1 : dim;
        if (axis < 0 || axis > x.rank()) {
            throw new IllegalArgumentException("unsqueeze(" + dim + ") is out of range for " + x.shape());
        }
        int[] dims = new int[x.rank() + 1];
        int[] st = new int[x.rank() + 1];
        int[] xs = x.strides();
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i == axis) {
                dims[i] = 1;
                st[i] = j < xs.length ? xs[j] * x.dim(j) : 1;
            } else {
                dims[i] = x.dim(j);
                st[i] = xs[j++];
            }
        }
        Tensor out = x.view(Shape.of(dims), st, x.offset());
        return Autograd.record("unsqueeze", out, g -> new Tensor[] {g.squeeze(axis)}, x);
    }

    static Tensor squeeze(Tensor x, int dim) {
        int axis = x.shape().axis(dim);
        if (x.dim(axis) != 1) {
            throw new IllegalArgumentException("squeeze(" + dim + "): dimension has size " + x.dim(axis) + " in " + x.shape());
        }
        int[] dims = new int[x.rank() - 1];
        int[] st = new int[x.rank() - 1];
        int[] xs = x.strides();
        for (int i = 0, j = 0; i < x.rank(); i++) {
            if (i != axis) {
                dims[j] = x.dim(i);
                st[j++] = xs[i];
            }
        }
        Tensor out = x.view(Shape.of(dims), st, x.offset());
        return Autograd.record("squeeze", out, g -> new Tensor[] {g.unsqueeze(axis)}, x);
    }

    static Tensor expand(Tensor x, Shape target) {
        Tensor out = x.broadcastView(target);
        return Autograd.record("expand", out, g -> new Tensor[] {ReduceOps.sumTo(g, x.shape())}, x);
    }

    static Tensor contiguous(Tensor x) {
        if (x.isContiguous()) {
            return x;
        }
        Tensor out = Raw.copy(x, x.dtype());
        return Autograd.record("contiguous", out, g -> new Tensor[] {g}, x);
    }

    static List<Tensor> split(Tensor x, int dim, int size) {
        int axis = x.shape().axis(dim);
        List<Tensor> parts = new ArrayList<>();
        for (int start = 0; start < x.dim(axis); start += size) {
            parts.add(narrow(x, axis, start, Math.min(size, x.dim(axis) - start)));
        }
        return parts;
    }

    static Tensor concat(List<Tensor> parts, int dim) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat of no tensors");
        }
        Tensor first = parts.get(0);
        int axis = first.shape().axis(dim);
        int total = 0;
        DType dtype = first.dtype();
        for (Tensor p : parts) {
            if (p.rank() != first.rank() || !p.shape().with(axis, 1).equals(first.shape().with(axis, 1))) {
                throw new IllegalArgumentException("concat along " + dim + ": shapes " + first.shape() + " and "
                        + p.shape() + " differ outside that dimension");
            }
            total += p.dim(axis);
            if (p.dtype() != dtype) {
                dtype = DType.F32;
            }
        }
        Tensor out = Raw.empty(first.backend(), dtype, first.shape().with(axis, total));
        int start = 0;
        int[] starts = new int[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            Tensor p = parts.get(i);
            starts[i] = start;
            first.backend().copy(p, slice(out, axis, start, p.dim(axis)));
            start += p.dim(axis);
        }
        return Autograd.record("concat", out, g -> {
            Tensor[] grads = new Tensor[parts.size()];
            for (int i = 0; i < grads.length; i++) {
                grads[i] = slice(g, axis, starts[i], parts.get(i).dim(axis));
            }
            return grads;
        }, parts.toArray(new Tensor[0]));
    }

    static Tensor cast(Tensor x, DType dtype) {
        if (x.dtype() == dtype) {
            return x;
        }
        Tensor out = Raw.copy(x, dtype);
        if (!dtype.isFloating()) {
            return out;
        }
        return Autograd.record("to_" + dtype.name().toLowerCase(), out, g -> new Tensor[] {g.to(x.dtype())}, x);
    }
}
