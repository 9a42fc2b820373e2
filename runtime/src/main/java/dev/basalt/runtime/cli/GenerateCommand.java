package dev.basalt.runtime.cli;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.model.CausalLanguageModel;
import dev.basalt.api.model.Seq2SeqLanguageModel;
import dev.basalt.runtime.checkpoint.LoadedCheckpoint;
import dev.basalt.runtime.generate.Generator;
import dev.basalt.runtime.generate.SamplingOptions;
import dev.basalt.runtime.generate.Seq2SeqGenerator;
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
 * {@code basalt generate CHECKPOINT --prompt ...}: continue prompts with a decoder, or answer them with an
 * encoder-decoder (greedy, sampled, or beam search with {@code --beams}).
 */
@Command(name = "generate", description = "Generate text from a checkpoint folder.")
final class GenerateCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "A checkpoint folder (runs/NAME/step-N or a Hugging Face folder).")
    Path checkpoint;

    @Option(names = "--prompt", required = true, description = "A prompt (repeat for a batch).")
    List<String> prompts = new ArrayList<>();

    @Option(names = "--max-tokens", description = "Tokens to generate at most.")
    Integer maxTokens;

    @Option(names = "--temperature", description = "0 is greedy.")
    Double temperature;

    @Option(names = "--top-k")
    Integer topK;

    @Option(names = "--top-p")
    Double topP;

    @Option(names = "--min-p")
    Double minP;

    @Option(names = "--repetition-penalty")
    Double repetitionPenalty;

    @Option(names = "--stop", description = "Stop string (repeatable).")
    List<String> stops = new ArrayList<>();

    @Option(names = "--seed")
    Long seed;

    @Option(names = "--beams", description = "Beam search with this many beams (encoder-decoders).")
    Integer beams;

    @Option(names = "--length-penalty", description = "Beam search: score = sum log p / length^penalty.")
    Double lengthPenalty;

    @Mixin
    PluginOptions pluginOptions;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        LoadedCheckpoint loaded = LoadedCheckpoint.open(checkpoint, pluginOptions.registry(), List.of());
        Config generation = loaded.assembly().config().resolved().getConfig("generation");
        SamplingOptions defaults = SamplingOptions.fromConfig(generation);
        SamplingOptions options = new SamplingOptions(or(maxTokens, defaults.maxTokens()),
                or(temperature, defaults.temperature()), or(topK, defaults.topK()), or(topP, defaults.topP()),
                or(minP, defaults.minP()), or(repetitionPenalty, defaults.repetitionPenalty()),
                stops.isEmpty() ? defaults.stopStrings() : stops, defaults.stopTokens(), or(seed, defaults.seed()));
        PrintWriter out = spec.commandLine().getOut();
        int beamCount = or(beams, generation.getInt("beams"));
        if (beamCount < 1) {
            throw new BasaltException("--beams (generation.beams) must be at least 1, got " + beamCount + ".");
        }
        if (loaded.model() instanceof Seq2SeqLanguageModel seq2seq) {
            List<String> texts = new Seq2SeqGenerator(seq2seq, loaded.tokenizer()).generate(prompts, options, beamCount,
                    or(lengthPenalty, generation.getDouble("length-penalty")));
            texts.forEach(out::println);
            out.flush();
            return;
        }
        if (!(loaded.model() instanceof CausalLanguageModel decoder)) {
            throw new BasaltException(checkpoint + " holds a model that does not generate token by token.");
        }
        if (beamCount > 1) {
            throw new BasaltException("--beams is for encoder-decoder models; " + checkpoint + " holds a decoder, which"
                    + " samples (or decodes greedily with --temperature 0).");
        }
        Generator generator = new Generator(decoder, loaded.tokenizer());
        if (prompts.size() == 1) {
            out.print(prompts.getFirst());
            generator.generate(prompts, options, (row, delta) -> {
                out.print(delta);
                out.flush();
            });
            out.println();
        } else {
            List<String> texts = generator.generate(prompts, options, null);
            for (int i = 0; i < prompts.size(); i++) {
                out.println(prompts.get(i) + texts.get(i));
                out.println();
            }
        }
        out.flush();
    }

    private static <T> T or(T given, T fallback) {
        return given != null ? given : fallback;
    }
}
