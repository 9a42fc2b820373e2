package dev.basalt.api.tensor;

/**
 * Turns gradient recording off on this thread until closed: {@code try (NoGrad ignored = NoGrad.enter()) {...}}.
 * Use it for inference and for in-place updates of parameters. Nesting is allowed.
 */
public final class NoGrad implements AutoCloseable {

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private boolean closed;

    private NoGrad() {
    }

    /** Disables recording until {@link #close()}. */
    public static NoGrad enter() {
        DEPTH.get()[0]++;
        return new NoGrad();
    }

    /** True when operations on this thread record gradients. */
    public static boolean isGradEnabled() {
        return DEPTH.get()[0] == 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            DEPTH.get()[0]--;
        }
    }
}
