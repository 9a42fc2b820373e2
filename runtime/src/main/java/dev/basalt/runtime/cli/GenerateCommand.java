package dev.basalt.runtime.cli;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.model.CausalLanguageModel;
import dev.basalt.api.model.LanguageModel;
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
    "A decoder continues each prompt, printed before its continuation. For an encoder-decoder (T5, BART) the prompt"
        + " is the source text and is not echoed: the answer is printed alone, with special tokens other than start,"
        + " end and padding kept (T5's sentinels <extra_id_N> say which masked span each part fills).",
    "Sampling options (--temperature, --top-k, --top-p, --min-p, --repetition-penalty, --seed) apply without beam search"
        + " only. Options not given come from the generation block of the checkpoint's configuration."})
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

    @Option(names = "--beams", paramLabel = "N", description = "Encoder-decoders: beam search with N beams, from 2 up"
            + " to the vocabulary size; 1 samples (default: generation.beams, 1 unless the run set it).")
    Integer beams;

    @Option(names = "--length-penalty", paramLabel = "A",
            description = "Beam search only: a beam scores sum(log p) / length^A; above 0 favours longer answers,"
                    + " below 0 shorter (default: generation.length-penalty, 1.0 unless the run set it).")
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
        if (!(loaded.model() instanceof Seq2SeqLanguageModel || loaded.model() instanceof CausalLanguageModel)) {
            throw new BasaltException(checkpoint + " holds a model that does not generate token by token.");
        }
        int beamCount = or(beams, generation.getInt("beams"));
        checkBeams(beamCount, loaded.model());
        if (loaded.model() instanceof Seq2SeqLanguageModel seq2seq) {
            answer(new Seq2SeqGenerator(seq2seq, loaded.tokenizer()), options, beamCount,
                    or(lengthPenalty, generation.getDouble("length-penalty")));
        } else {
            continuePrompts(new Generator((CausalLanguageModel) loaded.model(), loaded.tokenizer()), options);
        }
    }

    private void answer(Seq2SeqGenerator generator, SamplingOptions options, int beamCount, double penalty) {
        List<Seq2SeqGenerator.Answer> answers = generator.generate(prompts, options, beamCount, penalty);
        PrintWriter out = spec.commandLine().getOut();
        answers.forEach(answer -> out.println(answer.text()));
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        for (int i = 0; i < answers.size(); i++) {
            int prompt = i + 1;
            generator.whyBlank(answers.get(i)).ifPresent(why -> err.println("note: prompt " + prompt
                    + " got a blank answer: " + why + " (an undertrained model often answers so)."));
        }
        err.flush();
    }

    private void continuePrompts(Generator generator, SamplingOptions options) {
        PrintWriter out = spec.commandLine().getOut();
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

    /** Refuses a beam count the model cannot search, and options that the chosen search would ignore. */
    private void checkBeams(int beamCount, LanguageModel model) {
        String given = beams != null ? "--beams " + beams : "generation.beams = " + beamCount + " of " + checkpoint;
        if (beamCount < 1) {
            throw new BasaltException(given + " is out of range: give 1 or more.");
        }
        if (beamCount > 1 && !(model instanceof Seq2SeqLanguageModel)) {
            throw new BasaltException(given + ": beams are for encoder-decoder models; " + checkpoint + " holds a"
                    + " decoder, which samples (or decodes greedily with --temperature 0).");
        }
        if (beamCount > model.vocabSize()) {
            throw new BasaltException(given + " is more than the model's vocabulary of " + model.vocabSize()
                    + " tokens: give at most " + model.vocabSize() + " (a handful of beams is usual).");
        }
        if (beamCount > 1) {
            List<String> sampling = samplingOptionsGiven();
            if (!sampling.isEmpty()) {
                throw new BasaltException(sampling.getFirst() + " is for sampling, but " + given + " asks for beam"
                        + " search, which is deterministic: drop it, or give --beams 1 to sample.");
            }
        } else if (lengthPenalty != null) {
            throw new BasaltException("--length-penalty applies to beam search only; " + (model instanceof
                    Seq2SeqLanguageModel ? "give --beams 2 or more with it" + (beams == null ? " (" + given + ")." : ".")
                    : checkpoint + " holds a decoder, which has none."));
        }
    }

    /** The sampling options given with a value that changes what is sampled (0 temperature is greedy, as beams). */
    private List<String> samplingOptionsGiven() {
        List<String> given = new ArrayList<>();
        if (temperature != null && temperature > 0) {
            given.add("--temperature " + temperature);
        }
        if (topK != null && topK > 0) {
            given.add("--top-k " + topK);
        }
        if (topP != null && topP < 1) {
            given.add("--top-p " + topP);
        }
        if (minP != null && minP > 0) {
            given.add("--min-p " + minP);
        }
        if (repetitionPenalty != null && repetitionPenalty != 1) {
            given.add("--repetition-penalty " + repetitionPenalty);
        }
        if (seed != null) {
            given.add("--seed " + seed);
        }
        return given;
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
