package dev.basalt.runtime.cli;

import dev.basalt.api.BasaltException;
import dev.basalt.api.model.EncoderModel;
import dev.basalt.api.model.SentenceEmbedder;
import dev.basalt.runtime.checkpoint.LoadedCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code basalt embed MODEL [--file F | TEXT...]}: one sentence vector per text and line, from an encoder: the mean
 * of its last hidden states over the real tokens, scaled to unit length (what sentence-transformers computes for
 * all-MiniLM-L6-v2).
 */
@Command(name = "embed", description = "Sentence vectors of texts from an encoder, one line of numbers per text.")
final class EmbedCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "MODEL",
            description = "An encoder: a checkpoint folder, a Hugging Face folder, or an .onnx file.")
    Path model;

    @Parameters(index = "1..*", paramLabel = "TEXT", description = "Texts to embed (or use --file).")
    List<String> texts = new ArrayList<>();

    @Option(names = "--file", paramLabel = "F", description = TextInputs.FILE_DESCRIPTION)
    Path file;

    @Option(names = "--tokenizer", paramLabel = "F",
            description = "tokenizer.json to use (default: the one beside the model, or NAME-tokenizer.json beside NAME.onnx).")
    Path tokenizer;

    @Option(names = "--max-length", description = "Tokens per text at most, special tokens included (default: the model's positions).")
    Integer maxLength;

    @Option(names = "--batch", description = "Texts per forward pass (default: 32).")
    int batch = 32;

    @Mixin
    PluginOptions pluginOptions;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        List<String> inputs = TextInputs.read(texts, file, "embed");
        LoadedCheckpoint loaded = LoadedCheckpoint.open(model, pluginOptions.registry(), List.of(), tokenizer);
        if (!(loaded.model() instanceof EncoderModel encoder)) {
            throw new BasaltException(model + " holds a model that is not an encoder (" + loaded.model().describe()
                    + "); embed needs one, such as a bert checkpoint or an ONNX BERT encoder.");
        }
        if (batch < 1 || (maxLength != null && maxLength < 2)) {
            throw new BasaltException("--batch must be at least 1 and --max-length at least 2 (room for [CLS] and [SEP]).");
        }
        if (maxLength != null && maxLength > encoder.maxLength()) {
            throw new BasaltException("--max-length " + maxLength + " is more than the model's " + encoder.maxLength()
                    + " positions; give at most " + encoder.maxLength() + " (the default).");
        }
        SentenceEmbedder embedder = new SentenceEmbedder(encoder, loaded.tokenizer(),
                maxLength != null ? maxLength : encoder.maxLength(), batch);
        PrintWriter out = spec.commandLine().getOut();
        for (int start = 0; start < inputs.size(); start += batch) {
            for (float[] vector : embedder.embed(inputs.subList(start, Math.min(inputs.size(), start + batch)))) {
                StringBuilder line = new StringBuilder(vector.length * 12);
                for (int d = 0; d < vector.length; d++) {
                    line.append(d == 0 ? "" : " ").append(vector[d]);
                }
                out.println(line);
            }
            out.flush();
        }
    }
}
