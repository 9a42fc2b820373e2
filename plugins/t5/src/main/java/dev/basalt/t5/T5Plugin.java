package dev.basalt.t5;

import dev.basalt.api.ApiVersion;
import dev.basalt.api.BasaltPlugin;
import dev.basalt.api.Contributions;
import dev.basalt.api.ExtensionPoint;

/** Contributes the {@code t5} encoder-decoder architecture (v1.0 and v1.1) and its presets. */
public final class T5Plugin implements BasaltPlugin {

    @Override
    public String name() {
        return "t5";
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
        contributions.add(ExtensionPoint.ARCHITECTURE, "t5", context -> new T5Architecture(context.config()));
    }
}
