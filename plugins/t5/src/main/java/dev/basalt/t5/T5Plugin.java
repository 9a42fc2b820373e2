package dev.basalt.t5;

import dev.basalt.api.ApiVersion;
import dev.basalt.api.BasaltPlugin;
import dev.basalt.api.Contributions;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.model.Architecture;
import dev.basalt.api.model.ModelFamily;

import java.util.Set;

/**
 * Contributes the {@code t5} encoder-decoder architecture (v1.0 and v1.1, chosen by {@code model.variant}) and its
 * presets.
 */
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
        contributions.add(ExtensionPoint.ARCHITECTURE, "t5", context -> Architecture.reading(context.config(),
                tokenizerVocab -> T5Config.fromConfig(context.config(), tokenizerVocab), ModelFamily.ENCODER_DECODER,
                Set.of("t5"), T5Model::new, HfT5Checkpoint::load));
    }
}
