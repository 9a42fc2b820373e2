package dev.basalt.runtime.cli;

import dev.basalt.api.BasaltException;
import dev.basalt.api.model.CausalLanguageModel;
import dev.basalt.api.model.Seq2SeqLanguageModel;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;
import dev.basalt.runtime.checkpoint.LoadedCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code basalt eval CHECKPOINT FILE}: the model's loss and perplexity on a text file, over consecutive windows of
 * its context length, every token after the first predicted once.
 */
@Command(name = "eval", description = "Perplexity of a checkpoint on a text file.")
final class EvalCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "CHECKPOINT")
    Path checkpoint;

    @Parameters(index = "1", paramLabel = "FILE", description = "A UTF-8 text file.")
    Path file;

    @Option(names = "--context", description = "Window length (default: the model's context).")
    Integer context;

    @Mixin
    PluginOptions pluginOptions;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        LoadedCheckpoint loaded = LoadedCheckpoint.open(checkpoint, pluginOptions.registry(), List.of());
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BasaltException("Cannot read " + file + " as UTF-8 text: " + e.getMessage(), e);
        }
        if (loaded.model() instanceof Seq2SeqLanguageModel) {
            throw new BasaltException(checkpoint + " holds an encoder-decoder, which predicts targets from a source rather"
                    + " than the next token of a text; eval measures decoders. Its training run reports the objective's"
                    + " validation loss.");
        }
        if (!(loaded.model() instanceof CausalLanguageModel model)) {
            throw new BasaltException(checkpoint + " holds " + loaded.model().describe() + ", which does not predict the"
                    + " next token; eval measures next-token perplexity of decoders.");
        }
        int[] ids = loaded.tokenizer().encode(text);
        int window = context != null ? context : model.contextLength();
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
}
