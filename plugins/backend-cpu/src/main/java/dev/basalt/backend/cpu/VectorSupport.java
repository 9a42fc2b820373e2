package dev.basalt.backend.cpu;

import dev.basalt.api.Availability;

/** Detects the incubating Vector API, which the CPU kernels need; never falls back to scalar code in silence. */
public final class VectorSupport {

    /** The JVM flag that makes the Vector API visible. */
    public static final String FLAG = "--add-modules=jdk.incubator.vector";

    private VectorSupport() {
    }

    /** True when the {@code jdk.incubator.vector} module is in the boot layer. */
    public static boolean present() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** Availability of the CPU backend, naming the flag to add when the Vector API is missing. */
    public static Availability availability() {
        if (!present()) {
            return Availability.unavailable("the Vector API (jdk.incubator.vector) is not enabled; start the JVM with "
                    + FLAG + " (the ./basalt launcher does this)");
        }
        return Availability.ok(Runtime.getRuntime().availableProcessors() + " cores, Vector API present");
    }
}
