package dev.basalt.runtime.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.data.DataEngine;
import dev.basalt.api.model.CausalLanguageModel;
import dev.basalt.api.model.Seq2SeqLanguageModel;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;
import dev.basalt.runtime.assembly.Assembly;
import dev.basalt.runtime.checkpoint.LoadedCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code basalt eval CHECKPOINT FILE}: the model's loss and perplexity on a text file, over consecutive windows of
 * its context length, every token after the first predicted once.
 */
@Command(name = "eval", description = {"Perplexity of a decoder checkpoint (gpt) on a text file.",
        "Encoders and encoder-decoders predict masked tokens or targets, not the next token: their training runs"
                + " report the objective's validation loss instead."})
final class EvalCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = CheckpointArgument.DESCRIPTION)
    Path checkpoint;

    @Parameters(index = "1", paramLabel = "FILE", description = "UTF-8 text, plain or compressed (.gz, .bz2, .zst),"
            + " read like a data source: a .jsonl, .csv or .html file contributes its texts.")
    Path file;

    @Option(names = "--context", paramLabel = "N",
            description = "Window length in tokens, from 1 to the model's context (default: the model's context).")
    Integer context;

    @Mixin
    PluginOptions pluginOptions;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        OptionCheck.require(context, context != null && context >= 1, "--context", "give a window of 1 token or more");
        if (!Files.isRegularFile(file)) {
            throw new BasaltException(file + (Files.exists(file) ? " is not a file" : " does not exist")
                    + "; give the text file to evaluate on.");
        }
        LoadedCheckpoint loaded = CheckpointArgument.open(checkpoint, pluginOptions.registry());
        if (loaded.model() instanceof Seq2SeqLanguageModel) {
            throw new BasaltException(checkpoint + " holds an encoder-decoder, which predicts targets from a source rather"
                    + " than the next token of a text; eval measures decoders. Training"
                    + " reports the objective's validation loss for it.");
        }
        if (!(loaded.model() instanceof CausalLanguageModel model)) {
            throw new BasaltException(checkpoint + " holds " + loaded.model().describe() + ", which does not predict the"
                    + " next token; eval measures next-token perplexity of decoders.");
        }
        int window = context != null ? context : model.contextLength();
        OptionCheck.require(context, window <= model.contextLength(), "--context",
                "give at most " + model.contextLength() + ", the context length of " + checkpoint);
        int[] ids = loaded.tokenizer().encode(text(loaded.assembly()));
        if (ids.length < 2) {
            throw new BasaltException(file + " has fewer than two tokens; nothing to predict.");
        }
        double lossSum = 0;
        long predicted = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (int start = 0; start + 1 < ids.length; start += window) {
                int length = Math.min(window, ids.length - 1 - start);
                int[] inputs = java.util.Arrays.copyOfRange(ids, start, start + length);
                int[] targets = java.util.Arrays.copyOfRange(ids, start + 1, start + 1 + length);
                try (TensorScope scope = TensorScope.open()) {
                    Tensor logits = model.logits(new TokenBatch(1, length, inputs, targets));
                    Tensor loss = Functional.crossEntropy(logits.reshape(length, model.vocabSize()),
                            Tensor.ofInts(targets, length), TokenBatch.IGNORE, 0f);
                    lossSum += loss.item() * length;
                    predicted += length;
                }
            }
        }
        double mean = lossSum / predicted;
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d tokens predicted  loss %.4f  perplexity %.3f%n",
                file, predicted, mean, Math.exp(mean));
    }

    /** The file's text, read by the data engine so compressed files and bad bytes are handled as for training. */
    private String text(Assembly assembly) {
        DataEngine engine = assembly.component(ExtensionPoint.DATA_ENGINE);
        Config source = ConfigFactory.parseMap(Map.of("sources",
                List.of(Map.of("path", file.toString(), "text-unit", "file"))));
        List<String> bad = new ArrayList<>();
        Iterable<String> texts = engine.texts(source, List.of(), Long.MAX_VALUE, bad::add);
        if (!bad.isEmpty()) {
            throw new BasaltException("Cannot evaluate on " + file + " (" + bad.getFirst() + ")"
                    + "; eval reads UTF-8 text, plain or compressed (.gz, .bz2, .zst).");
        }
        return String.join("\n\n", texts);
    }
}
