package dev.basalt.bert;

import dev.basalt.api.nn.Module;
import dev.basalt.api.tensor.Tensor;

/**
 * A module that only names what it holds: HF's nesting levels such as {@code attention.self} or
 * {@code cls.predictions}, which carry no computation of their own.
 */
final class Group extends Module {

    <M extends Module> M add(String name, M module) {
        return child(name, module);
    }

    Group group(String name) {
        return child(name, new Group());
    }

    Tensor addParameter(String name, Tensor init) {
        return parameter(name, init);
    }
}
