package dev.basalt.bert;

import dev.basalt.api.objective.ClassificationObjective;
import dev.basalt.api.tensor.Tensor;

import dev.basalt.api.tensor.Backends;
import dev.basalt.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Shared helpers: the cpu backend, small configs, and the shared data folder. */
final class BertTesting {

    private BertTesting() {
    }

    static void useCpu() {
        Backends.setDefault(CpuBackend.create(2));
    }

    /**
     * Two layers, two heads, width 16 (ALBERT: embeddings of width 8): small enough for a reference run, with every
     * optional part the variant has.
     */
    static BertConfig small(BertConfig.Variant variant, int vocab) {
        boolean roberta = variant == BertConfig.Variant.ROBERTA;
        boolean distil = variant == BertConfig.Variant.DISTILBERT;
        return new BertConfig(variant, 2, 2, 16, variant == BertConfig.Variant.ALBERT ? 8 : 16, 40, roberta ? 34 : 32,
                vocab, roberta ? 1 : distil ? 0 : 2, 1e-12, BertConfig.Activation.GELU, 0.0, roberta ? 1 : 0, !distil,
                true, 0.02);
    }

    /** The model block of a shipped preset over the plugin's defaults, as a run config resolves it. */
    static com.typesafe.config.Config preset(String name) {
        com.typesafe.config.Config defaults = com.typesafe.config.ConfigFactory.parseResources("reference.conf")
                .getConfig("basalt.architecture.bert");
        return com.typesafe.config.ConfigFactory.parseResources("presets/" + name + ".conf").getConfig("model")
                .withFallback(defaults).resolve();
    }

    static Path sharedData(String relative) {
        Path file = Path.of(System.getProperty("basalt.shared.data", "../../../shared/data")).resolve(relative);
        Assumptions.assumeTrue(Files.exists(file), "skipped: " + file + " is absent (the shared data folder comes with CI)");
        return file;
    }

    /** The head of Hugging Face's BertForSequenceClassification without its pooler: the first token's hidden state. */
    static ClassificationObjective firstTokenHead(double dropout) {
        return new ClassificationObjective() {
            @Override
            public Tensor features(Tensor hidden, Tensor keyValid) {
                return hidden.narrow(1, 0, 1).squeeze(1);
            }

            @Override
            public double dropout() {
                return dropout;
            }
        };
    }
}
