package dev.basalt.bart;

import com.typesafe.config.Config;
import dev.basalt.api.model.Architecture;
import dev.basalt.api.model.ModelFamily;

import java.nio.file.Path;
import java.util.Set;

/** The BART encoder-decoder: learned positions, post-LN blocks, a head tied to the shared embedding. */
public final class BartArchitecture implements Architecture {

    private final Config model;

    BartArchitecture(Config model) {
        this.model = model;
    }

    @Override
    public ModelFamily family() {
        return ModelFamily.ENCODER_DECODER;
    }

    @Override
    public Set<String> hfModelTypes() {
        return Set.of("bart");
    }

    @Override
    public BartModel create(int tokenizerVocab, long seed) {
        return new BartModel(BartConfig.fromConfig(model, tokenizerVocab), seed);
    }

    @Override
    public BartModel load(Path folder) {
        return HfBartCheckpoint.load(folder);
    }
}
