package dev.basalt.bart;

import dev.basalt.api.ApiVersion;
import dev.basalt.api.BasaltPlugin;
import dev.basalt.api.Contributions;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.model.Architecture;
import dev.basalt.api.model.ModelFamily;

import java.util.Set;

/**
 * Contributes the {@code bart} encoder-decoder architecture (learned positions, post-LN blocks, a head tied to the
 * shared embedding) and its presets.
 */
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
        contributions.add(ExtensionPoint.ARCHITECTURE, "bart", context -> Architecture.reading(context.config(),
                tokenizerVocab -> BartConfig.fromConfig(context.config(), tokenizerVocab), ModelFamily.ENCODER_DECODER,
                Set.of("bart"), BartModel::new, HfBartCheckpoint::load));
    }
}
