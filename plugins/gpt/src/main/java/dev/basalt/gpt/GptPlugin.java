package dev.basalt.gpt;

import dev.basalt.api.ApiVersion;
import dev.basalt.api.BasaltPlugin;
import dev.basalt.api.Contributions;
import dev.basalt.api.ExtensionPoint;

/** Contributes the {@code gpt} decoder architecture (GPT-2 and Llama layouts) and its presets. */
public final class GptPlugin implements BasaltPlugin {

    @Override
    public String name() {
        return "gpt";
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
        contributions.add(ExtensionPoint.ARCHITECTURE, "gpt", context -> new GptArchitecture(context.config()));
    }
}
