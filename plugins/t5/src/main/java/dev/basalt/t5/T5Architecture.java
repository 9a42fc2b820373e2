package dev.basalt.t5;

import com.typesafe.config.Config;
import dev.basalt.api.model.Architecture;
import dev.basalt.api.model.ModelFamily;

import java.nio.file.Path;
import java.util.Set;

/** The T5 encoder-decoder, v1.0 or v1.1, chosen by {@code model.variant}. */
public final class T5Architecture implements Architecture {

    private final Config model;

    T5Architecture(Config model) {
        this.model = model;
    }

    @Override
    public ModelFamily family() {
        return ModelFamily.ENCODER_DECODER;
    }

    @Override
    public Set<String> hfModelTypes() {
        return Set.of("t5");
    }

    @Override
    public T5Model create(int tokenizerVocab, long seed) {
        return new T5Model(T5Config.fromConfig(model, tokenizerVocab), seed);
    }

    @Override
    public T5Model load(Path folder) {
        return HfT5Checkpoint.load(folder);
    }
}
