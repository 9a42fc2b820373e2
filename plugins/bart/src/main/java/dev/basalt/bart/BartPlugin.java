package dev.basalt.bart;

import dev.basalt.api.ApiVersion;
import dev.basalt.api.BasaltPlugin;
import dev.basalt.api.Contributions;
import dev.basalt.api.ExtensionPoint;

/** Contributes the {@code bart} encoder-decoder architecture and its presets. */
public final class BartPlugin implements BasaltPlugin {

    @Override
    public String name() {
        return "bart";
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
        contributions.add(ExtensionPoint.ARCHITECTURE, "bart", context -> new BartArchitecture(context.config()));
    }
}
