package dev.basalt.api.tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Scoped allocation: every storage allocated on this thread while the scope is open is released when it
 * closes, except those passed to {@link #keep}. A training step runs in one scope so its activations and
 * temporaries are freed deterministically, also on backends whose memory the garbage collector cannot see.
 *
 * <pre>{@code
 * try (TensorScope step = TensorScope.open()) {
 *     Tensor loss = model.forward(batch);
 *     loss.backward();              // parameter gradients live outside any scope
 *     optimizer.step();
 *     return step.keep(loss.detach());
 * }
 * }</pre>
 *
 * Scopes nest; a kept tensor moves to the enclosing scope (or becomes unscoped). Tensors created outside any
 * scope are left to the garbage collector.
 */
public final class TensorScope implements AutoCloseable {

    private static final ThreadLocal<TensorScope> CURRENT = new ThreadLocal<>();

    private final TensorScope parent;
    private final List<Storage> owned = new ArrayList<>();
    private final Set<Storage> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    private TensorScope(TensorScope parent) {
        this.parent = parent;
    }

    /** Opens a scope on this thread, nested in the current one if any. */
    public static TensorScope open() {
        TensorScope scope = new TensorScope(CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /** Runs {@code body} with no scope active, so what it allocates outlives the current scope. */
    public static <T> T outside(Supplier<T> body) {
        TensorScope saved = CURRENT.get();
        CURRENT.set(null);
        try {
            return body.get();
        } finally {
            CURRENT.set(saved);
        }
    }

    static void track(Storage storage) {
        TensorScope scope = CURRENT.get();
        if (scope != null) {
            scope.owned.add(storage);
        }
    }

    /**
     * Removes {@code tensor}'s storage from every open scope on this thread, so only the garbage collector frees
     * it. Used for parameters and optimiser state, which live as long as the model.
     */
    public static Tensor untracked(Tensor tensor) {
        for (TensorScope s = CURRENT.get(); s != null; s = s.parent) {
            Storage storage = tensor.storage();
            s.owned.removeIf(o -> o == storage);
        }
        return tensor;
    }

    /** Keeps {@code tensor}'s storage alive past this scope; returns the tensor. */
    public Tensor keep(Tensor tensor) {
        Storage s = tensor.storage();
        if (kept.add(s) && parent != null) {
            parent.owned.add(s);
        }
        return tensor;
    }

    /** The number of storages this scope will release on close. */
    public int ownedCount() {
        return owned.size() - kept.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Storage s : owned) {
            if (!kept.contains(s)) {
                s.release();
            }
        }
        owned.clear();
        if (CURRENT.get() == this) {
            CURRENT.set(parent);
        }
    }
}
