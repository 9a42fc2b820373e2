package dev.basalt.bert;

import dev.basalt.api.nn.Module;
import dev.basalt.api.tensor.Tensor;

/**
 * A module that names what it holds at dotted paths, creating HF's nesting levels ({@code attention.self},
 * {@code cls.predictions}) that carry no computation of their own.
 */
class Group extends Module {

    /** Registers {@code module} at {@code path} (e.g. {@code attention.self.query}) below this group. */
    final <M extends Module> M add(String path, M module) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? child(path, module) : group(path.substring(0, dot)).add(path.substring(dot + 1), module);
    }

    /** Registers a parameter at {@code path} (e.g. {@code cls.predictions.bias}) below this group. */
    final Tensor addParameter(String path, Tensor init) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? parameter(path, init) : group(path.substring(0, dot)).addParameter(path.substring(dot + 1), init);
    }

    /** The group at {@code path}, created on first use. */
    final Group group(String path) {
        int dot = path.indexOf('.');
        String first = dot < 0 ? path : path.substring(0, dot);
        Module existing = children().get(first);
        Group next = existing == null ? child(first, new Group()) : (Group) existing;
        return dot < 0 ? next : next.group(path.substring(dot + 1));
    }
}
