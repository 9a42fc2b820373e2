package dev.basalt.api;

/**
 * The version of the plugin contract.
 *
 * <p>{@link #MAJOR} is a compile-time constant, so {@code javac} copies its value into every class that
 * reads it. A plugin that returns {@code ApiVersion.MAJOR} from {@link BasaltPlugin#apiMajor()} therefore
 * reports the api it was compiled against, not the one it runs against, and the runtime can refuse a plugin
 * built for another major version with a clear message.
 */
public final class ApiVersion {
    /** Incremented on every incompatible change to the plugin contract. */
    public static final int MAJOR = 1;

    private ApiVersion() {
    }
}
