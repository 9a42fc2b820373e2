package dev.basalt.gpt;

import com.typesafe.config.Config;
import dev.basalt.api.model.Architecture;
import dev.basalt.api.model.LanguageModel;
import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.model.ModelSettings;

import java.nio.file.Path;

/** The decoder-only transformer: GPT-2 layout or Llama layout, chosen by {@code model.layout}. */
public final class GptArchitecture implements Architecture {

    private final Config model;

    GptArchitecture(Config model) {
        this.model = model;
        ModelSettings.checkNow(model, tokenizerVocab -> GptConfig.fromConfig(model, tokenizerVocab));
    }

    @Override
    public ModelFamily family() {
        return ModelFamily.DECODER;
    }

    @Override
    public java.util.Set<String> hfModelTypes() {
        return java.util.Set.of("gpt2", "llama");
    }

    @Override
    public GptModel create(int tokenizerVocab, long seed) {
        return new GptModel(GptConfig.fromConfig(model, tokenizerVocab), seed);
    }

    @Override
    public LanguageModel load(Path folder) {
        return HfGptCheckpoint.load(folder);
    }
}
