package dev.basalt.runtime.checkpoint;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.classify.LabelPredictor;
import dev.basalt.api.classify.LabelSet;
import dev.basalt.api.classify.SequenceClassifier;
import dev.basalt.api.format.SafetensorsFile;
import dev.basalt.api.model.EncoderModel;
import dev.basalt.api.objective.ClassificationObjective;
import dev.basalt.api.objective.Objective;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.runtime.assembly.Assembly;
import dev.basalt.runtime.config.RunConfig;
import dev.basalt.runtime.config.RunConfigLoader;
import dev.basalt.runtime.plugin.PluginRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A classifier written by a fine-tuning run ({@code objective.type = sequence-classification}): the encoder with its
 * tokenizer, the head ({@code classifier.safetensors}), the labels ({@code labels.json}) and the run's settings
 * ({@code fine-tuning.conf}, which names the objective and the tokens per text it was trained with).
 */
public record LoadedClassifier(SequenceClassifier classifier, LabelPredictor predictor) {

    static final String HEAD = "classifier.safetensors";
    static final String LABELS = "labels.json";
    static final String SETTINGS = "fine-tuning.conf";

    public static LoadedClassifier open(Path folder, PluginRegistry registry) {
        for (String file : List.of(HEAD, LABELS, SETTINGS)) {
            if (!Files.isRegularFile(folder.resolve(file))) {
                throw new BasaltException(folder + " is not a classifier: it has no " + file + ". A `basalt train` run"
                        + " with objective.type = sequence-classification writes one (runs/NAME/step-NNNNNN).");
            }
        }
        RunConfig settings = new RunConfigLoader(registry).load(folder.resolve(SETTINGS), List.of());
        Objective objective = Assembly.of(registry, settings).component(ExtensionPoint.OBJECTIVE);
        if (!(objective instanceof ClassificationObjective classification)) {
            throw new BasaltException(folder.resolve(SETTINGS) + ": objective.type is not a classification objective,"
                    + " so this folder holds no classifier.");
        }
        LoadedCheckpoint loaded = LoadedCheckpoint.open(folder, registry, List.of());
        if (!(loaded.model() instanceof EncoderModel encoder)) {
            throw new BasaltException(folder + " holds " + loaded.model().describe() + ", not an encoder.");
        }
        SequenceClassifier classifier = new SequenceClassifier(encoder, labels(folder.resolve(LABELS)), classification, 0);
        classifier.loadHead(head(folder.resolve(HEAD)), folder.resolve(HEAD).toString());
        int maxTokens = Math.min(settings.resolved().getInt("training.context"), encoder.maxLength());
        return new LoadedClassifier(classifier, new LabelPredictor(loaded.tokenizer(), maxTokens));
    }

    /** Label probabilities of each text, in the order of {@link SequenceClassifier#labels()}. */
    public float[][] probabilities(List<String> texts) {
        return predictor.probabilities(classifier, texts);
    }

    private static LabelSet labels(Path file) {
        try {
            Config json = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults()
                    .setSyntax(ConfigSyntax.JSON).setAllowMissing(false));
            return LabelSet.named(json.getStringList("labels"));
        } catch (ConfigException | BasaltException e) {
            throw new BasaltException(file + ": not a label list {\"labels\": [\"a\", \"b\", ...]} (" + e.getMessage() + ")");
        }
    }

    private static Map<String, Tensor> head(Path file) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (SafetensorsFile weights = SafetensorsFile.open(file)) {
            weights.tensors().forEach((name, t) -> out.put(name,
                    Tensor.of(t.toFloats(), Arrays.stream(t.shape()).mapToInt(Math::toIntExact).toArray())));
        }
        return out;
    }
}
