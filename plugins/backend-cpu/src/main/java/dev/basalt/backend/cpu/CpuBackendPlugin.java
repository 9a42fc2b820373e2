package dev.basalt.backend.cpu;

import dev.basalt.api.ApiVersion;
import dev.basalt.api.Availability;
import dev.basalt.api.BasaltPlugin;
import dev.basalt.api.ComponentContext;
import dev.basalt.api.ComponentFactory;
import dev.basalt.api.Contributions;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.backend.Backend;

/** Contributes the pure-Java {@code cpu} backend, Basalt's default and reference for behaviour. */
public final class CpuBackendPlugin implements BasaltPlugin {

    @Override
    public String name() {
        return "backend-cpu";
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public int apiMajor() {
        return ApiVersion.MAJOR;
    }

    @Override
    public void contribute(Contributions contributions) {
        contributions.add(ExtensionPoint.BACKEND, "cpu", new ComponentFactory<Backend>() {
            @Override
            public Backend create(ComponentContext context) {
                return CpuBackend.fromConfig(context.config());
            }

            @Override
            public Availability availability() {
                return VectorSupport.availability();
            }
        });
    }
}
