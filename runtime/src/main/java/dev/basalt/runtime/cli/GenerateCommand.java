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
@Command(name = "generate", description = {"Generate text from a checkpoint folder.",
    "Sampling options not given come from the generation block of the checkpoint's configuration."})
final class GenerateCommand implements Runnable {

    /** One default for every checkpoint: a run's generation.max-tokens only sizes its training-time samples. */
    static final int DEFAULT_MAX_TOKENS = 100;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = CheckpointArgument.DESCRIPTION)
    Path checkpoint;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "A prompt (repeat for a batch).")
    List<String> prompts = new ArrayList<>();

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "" + DEFAULT_MAX_TOKENS,
            description = "Tokens to generate at most, 1 or more (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Divides the logits: 0 is greedy, higher is more random.")
    Double temperature;

    @Option(names = "--top-k", paramLabel = "K",
            description = "Sample from the K most likely tokens only; 0 keeps all.")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P",
            description = "Sample from the most likely tokens whose probabilities add up to P, in (0, 1];"
                    + " 1 keeps all.")
    Double topP;

    @Option(names = "--min-p", paramLabel = "P",
            description = "Drop tokens less likely than P times the most likely one, in [0, 1); 0 is off.")
    Double minP;

    @Option(names = "--repetition-penalty", paramLabel = "R",
            description = "Above 0: divides the positive logits of tokens already seen by R and multiplies their"
                    + " negative ones; 1 is off.")
    Double repetitionPenalty;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop string (repeatable).")
    List<String> stops = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the sampling; the same seed gives the same text.")
    Long seed;

    @Option(names = "--beams", paramLabel = "N", description = "Beam search with this many beams (encoder-decoders).")
    Integer beams;

    @Option(names = "--length-penalty", paramLabel = "A",
            description = "Beam search: a beam scores sum(log p) / length^A.")
    Double lengthPenalty;

    @Mixin
    PluginOptions pluginOptions;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        checkOptions();
        LoadedCheckpoint loaded = CheckpointArgument.open(checkpoint, pluginOptions.registry());
        Config generation = loaded.assembly().config().resolved().getConfig("generation");
        SamplingOptions defaults = SamplingOptions.fromConfig(generation);
        SamplingOptions options = new SamplingOptions(maxTokens,
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
            for (int i = 0; i < texts.size(); i++) {
                if (texts.get(i).isEmpty()) {
                    spec.commandLine().getErr().println("note: prompt " + (i + 1) + " got an empty answer: the model's"
                            + " first token was its end-of-sequence token (an undertrained model often does this).");
                }
            }
            spec.commandLine().getErr().flush();
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

    private void checkOptions() {
        OptionCheck.require(maxTokens, maxTokens >= 1, "--max-tokens", "give 1 or more");
        OptionCheck.require(temperature, temperature != null && temperature >= 0 && Double.isFinite(temperature),
                "--temperature", "give 0 (greedy) or more");
        OptionCheck.require(topK, topK != null && topK >= 0, "--top-k", "give 0 (off) or more");
        OptionCheck.require(topP, topP != null && topP > 0 && topP <= 1, "--top-p", "give a value in (0, 1], 1 is off");
        OptionCheck.require(minP, minP != null && minP >= 0 && minP < 1, "--min-p", "give a value in [0, 1), 0 is off");
        OptionCheck.require(repetitionPenalty, repetitionPenalty != null && repetitionPenalty > 0
                && Double.isFinite(repetitionPenalty), "--repetition-penalty", "give a value above 0, 1 is off");
    }

    private static <T> T or(T given, T fallback) {
        return given != null ? given : fallback;
    }
}
