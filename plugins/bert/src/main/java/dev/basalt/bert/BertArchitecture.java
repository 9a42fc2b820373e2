package dev.basalt.bert;

import com.typesafe.config.Config;
import dev.basalt.api.model.Architecture;
import dev.basalt.api.model.LanguageModel;
import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.model.ModelSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The BERT-family encoder: BERT, RoBERTa, DistilBERT or ALBERT, chosen by {@code model.variant}; loads HF folders and
 * ONNX encoders.
 */
public final class BertArchitecture implements Architecture {

    private final Config model;

    BertArchitecture(Config model) {
        this.model = model;
        ModelSettings.checkNow(model, tokenizerVocab -> BertConfig.fromConfig(model, tokenizerVocab));
    }

    @Override
    public ModelFamily family() {
        return ModelFamily.ENCODER;
    }

    @Override
    public Set<String> hfModelTypes() {
        return Set.of("bert", "roberta", "xlm-roberta", "distilbert", "albert");
    }

    @Override
    public BertModel create(int tokenizerVocab, long seed) {
        return new BertModel(BertConfig.fromConfig(model, tokenizerVocab), seed);
    }

    /** A Hugging Face folder, or an ONNX file of a BERT encoder ({@link #readsFile}). */
    @Override
    public LanguageModel load(Path folder) {
        return Files.isRegularFile(folder) && readsFile(folder) ? OnnxBertImport.load(folder) : HfBertCheckpoint.load(folder);
    }

    @Override
    public boolean readsFile(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }
}
