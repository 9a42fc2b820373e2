package dev.basalt.gpt;

import com.typesafe.config.Config;
import dev.basalt.api.model.Architecture;
import dev.basalt.api.model.ModelFamily;

/** The decoder-only transformer: GPT-2 layout or Llama layout, chosen by switches in the {@code model} block. */
public final class GptArchitecture implements Architecture {

    private final GptShape shape;

    GptArchitecture(GptShape shape) {
        this.shape = shape;
    }

    static GptArchitecture fromConfig(Config model) {
        return new GptArchitecture(GptShape.fromConfig(model));
    }

    public GptShape shape() {
        return shape;
    }

    @Override
    public ModelFamily family() {
        return ModelFamily.DECODER;
    }
}
