package dev.basalt.runtime.cli;

import dev.basalt.runtime.checkpoint.LoadedClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code basalt classify CLASSIFIER [--file F | TEXT...]}: the most probable label of each text and its probability,
 * tab-separated, one line per text; {@code --all} adds every label's probability.
 */
@Command(name = "classify", description = "Label texts with a fine-tuned classifier, one line per text: label, tab, probability.")
final class ClassifyCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "CLASSIFIER",
            description = "A checkpoint of a sequence-classification run (runs/NAME/step-NNNNNN, or runs/NAME for its latest).")
    Path model;

    @Parameters(index = "1..*", paramLabel = "TEXT", description = "Texts to label (or use --file).")
    List<String> texts = new ArrayList<>();

    @Option(names = "--file", paramLabel = "F", description = TextInputs.FILE_DESCRIPTION)
    Path file;

    @Option(names = "--all", description = "Also print every label's probability (label=p), most probable first.")
    boolean all;

    @Mixin
    PluginOptions pluginOptions;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        List<String> inputs = TextInputs.read(texts, file, "classify");
        LoadedClassifier classifier = LoadedClassifier.open(CheckpointArgument.resolve(model), pluginOptions.registry());
        List<String> labels = classifier.classifier().labels().labels();
        PrintWriter out = spec.commandLine().getOut();
        float[][] p = classifier.probabilities(inputs);
        for (float[] row : p) {
            Integer[] order = new Integer[row.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Float.compare(row[b], row[a]));
            StringBuilder line = new StringBuilder(labels.get(order[0]))
                    .append('\t').append(String.format(Locale.ROOT, "%.4f", row[order[0]]));
            if (all) {
                for (int i : order) {
                    line.append('\t').append(labels.get(i)).append('=').append(String.format(Locale.ROOT, "%.4f", row[i]));
                }
            }
            out.println(line);
        }
        out.flush();
    }
}
