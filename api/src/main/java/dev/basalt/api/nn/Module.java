package dev.basalt.api.nn;

import dev.basalt.api.BasaltException;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A building block of a model: it owns named parameters and named child modules, so every parameter has a
 * hierarchical name ({@code h.0.attn.c_attn.weight}) used by checkpoints and optimisers.
 *
 * <p>Subclasses register in their constructor: {@code weight = parameter("weight", Tensor.randn(...))} and
 * {@code attn = child("attn", new Attention(...))}. Training mode (dropout on) is the default; {@link #eval()}
 * switches the whole tree.
 */
public abstract class Module {

    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers {@code init} as the trainable parameter {@code name} (marks it as requiring grad); returns it. */
    protected final Tensor parameter(String name, Tensor init) {
        checkName(name);
        Tensor leaf = TensorScope.untracked(init.isLeaf() ? init : init.detach());
        leaf.requiresGrad(true);
        parameters.put(name, leaf);
        return leaf;
    }

    /** Registers {@code module} as the child {@code name}; returns it. */
    protected final <M extends Module> M child(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".") || parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a new, dot-free name in " + getClass().getSimpleName());
        }
    }

    /** Every parameter of this module and its descendants, in registration order, with hierarchical names. */
    public final List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        collect("", out, Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        return out;
    }

    private void collect(String prefix, List<Parameter> out, Set<Tensor> seen) {
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            if (seen.add(e.getValue())) {   // a tied weight is listed once, under its first name
                out.add(new Parameter(prefix + e.getKey(), e.getValue()));
            }
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collect(prefix + e.getKey() + ".", out, seen);
        }
    }

    /** Parameters by hierarchical name. */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Parameter p : parameters()) {
            out.put(p.name(), p.tensor());
        }
        return out;
    }

    /** The direct children by name. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** The total number of parameter elements. */
    public final long parameterCount() {
        return parameters().stream().mapToLong(p -> p.tensor().numel()).sum();
    }

    /** Sets training mode on this module and every descendant. */
    public final void train(boolean on) {
        training = on;
        for (Module c : children.values()) {
            c.train(on);
        }
    }

    /** Switches to evaluation mode (dropout off). */
    public final void eval() {
        train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Zeroes every parameter's gradient. */
    public final void zeroGrad() {
        for (Parameter p : parameters()) {
            p.tensor().zeroGrad();
        }
    }

    /**
     * Copies {@code state} into the parameters. Every parameter must be present with its shape, and no
     * unknown name may be given; {@code source} names the origin (a checkpoint file) in the error message.
     */
    public final void loadState(Map<String, Tensor> state, String source) {
        Map<String, Tensor> own = namedParameters();
        Set<String> unknown = new LinkedHashSet<>(state.keySet());
        unknown.removeAll(own.keySet());
        if (!unknown.isEmpty()) {
            throw new BasaltException(source + ": unknown parameter(s) " + unknown + "; this model has " + own.keySet());
        }
        try (NoGrad ignored = NoGrad.enter()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                Tensor value = state.get(e.getKey());
                if (value == null) {
                    throw new BasaltException(source + ": parameter '" + e.getKey() + "' is missing");
                }
                if (!value.shape().equals(e.getValue().shape())) {
                    throw new BasaltException(source + ": parameter '" + e.getKey() + "' has shape " + value.shape()
                            + " but the model expects " + e.getValue().shape());
                }
                e.getValue().copyFrom(value);
            }
        }
    }
}
