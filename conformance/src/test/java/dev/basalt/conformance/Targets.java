package dev.basalt.conformance;

import dev.basalt.api.backend.Backend;
import dev.basalt.api.tensor.Backends;
import dev.basalt.api.tensor.TensorScope;
import org.junit.jupiter.api.DynamicTest;

import java.util.stream.Stream;

/**
 * The two ways the suite runs an op: {@code kernel}, the backend as it is (its fused kernels where it has them), and
 * {@code fallback}, the same backend with its fused kernels hidden so the engine composes the op from primitives.
 */
record Targets(Backend kernel, Backend fallback) {

    /** A test body that runs with a backend current and inside a tensor scope. */
    @FunctionalInterface
    interface Body {
        void run(Backend backend) throws Exception;
    }

    static Targets of(Backend backend) {
        return new Targets(backend, FallbackBackend.of(backend));
    }

    /** A fused op's check, once with the kernel and once with the fallback. */
    Stream<DynamicTest> both(OpCheck check) {
        return Stream.of(
                DynamicTest.dynamicTest(check.name() + " · kernel", () -> check.run(kernel)),
                DynamicTest.dynamicTest(check.name() + " · fallback", () -> check.run(fallback)));
    }

    /** A primitive's check (no fused kernel involved), on the backend. */
    Stream<DynamicTest> once(OpCheck check) {
        return Stream.of(DynamicTest.dynamicTest(check.name(), () -> check.run(kernel)));
    }

    Stream<DynamicTest> both(String name, Body body) {
        return Stream.of(test(name + " · kernel", kernel, body), test(name + " · fallback", fallback, body));
    }

    Stream<DynamicTest> once(String name, Body body) {
        return Stream.of(test(name, kernel, body));
    }

    private static DynamicTest test(String name, Backend backend, Body body) {
        return DynamicTest.dynamicTest(name, () -> {
            try (AutoCloseable ignored = Backends.use(backend); TensorScope scope = TensorScope.open()) {
                body.run(backend);
            }
        });
    }
}
