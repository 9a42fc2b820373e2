package dev.basalt.backend.cpu;

import dev.basalt.api.backend.Backend;
import dev.basalt.conformance.BackendConformance;

/** The cpu backend, with two threads (what CI has), through the whole conformance suite. */
class CpuBackendConformanceTest extends BackendConformance {

    @Override
    protected Backend backend() {
        return CpuBackend.create(2);
    }
}
