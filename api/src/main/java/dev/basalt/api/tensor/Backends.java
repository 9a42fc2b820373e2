package dev.basalt.api.tensor;

import dev.basalt.api.backend.Backend;

/**
 * The backend that tensor factories such as {@link Tensor#of(float[], int...)} allocate on. The runtime sets
 * the process default from {@code backend.type}; tests and tools may override it per thread with {@link #use}.
 */
public final class Backends {

    private static volatile Backend processDefault;
    private static final ThreadLocal<Backend> OVERRIDE = new ThreadLocal<>();

    private Backends() {
    }

    /** Sets the backend used when no thread override is active. */
    public static void setDefault(Backend backend) {
        processDefault = backend;
    }

    /** Makes {@code backend} current on this thread until the returned handle is closed. */
    public static AutoCloseable use(Backend backend) {
        Backend previous = OVERRIDE.get();
        OVERRIDE.set(backend);
        return () -> OVERRIDE.set(previous);
    }

    /** The current backend. */
    public static Backend current() {
        Backend b = OVERRIDE.get();
        if (b == null) {
            b = processDefault;
        }
        if (b == null) {
            throw new IllegalStateException("no compute backend is selected: call Backends.setDefault(backend) "
                    + "(the runtime does this from backend.type)");
        }
        return b;
    }
}
