package dev.basalt.runtime.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.Rng;
import dev.basalt.api.backend.Backend;
import dev.basalt.api.data.DataEngine;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.TokenSequence;
import dev.basalt.api.format.AtomicFiles;
import dev.basalt.api.format.SafetensorsCheckpoint;
import dev.basalt.api.model.Architecture;
import dev.basalt.api.model.CausalLanguageModel;
import dev.basalt.api.model.LanguageModel;
import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.model.Seq2SeqLanguageModel;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.nn.AdamW;
import dev.basalt.api.nn.GradientClipping;
import dev.basalt.api.nn.Parameter;
import dev.basalt.api.objective.TokenObjective;
import dev.basalt.api.objective.ClassificationObjective;
import dev.basalt.api.objective.Objective;
import dev.basalt.api.objective.RunTokenizer;
import dev.basalt.api.tensor.Backends;
import dev.basalt.api.tensor.CounterRandom;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.runtime.assembly.Assembly;
import dev.basalt.runtime.checkpoint.HfTokenIds;
import dev.basalt.runtime.generate.Generator;
import dev.basalt.runtime.generate.SamplingOptions;
import dev.basalt.runtime.generate.Seq2SeqGenerator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;

/**
 * Pretrains a model from a run configuration: tokenizer, data, model, optimizer, then the loop with evaluation,
 * checkpoints, metrics and a loss-curve picture, and finally sample generations.
 *
 * <p>Everything random in a step comes from one {@link Rng} whose state is saved with each checkpoint (batches)
 * and from the step number (dropout masks), so a run killed at any moment and resumed from its last checkpoint
 * reproduces the loss sequence of an uninterrupted run.
 */
public final class Trainer {

    private final Assembly assembly;
    private final Config config;
    private final Config training;
    private final PrintWriter out;
    private final Path runFolder;
    private volatile int stepsDone;
    private volatile ClassificationRun fineTuning;
    private volatile List<Path> createdFolders = List.of();

    public Trainer(Assembly assembly, PrintWriter out) {
        this.assembly = assembly;
        this.config = assembly.config().resolved();
        this.training = config.getConfig("training");
        this.out = out;
        String name = config.getString("run.name");
        if (name.isBlank() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")) {
            throw new BasaltException(dev.basalt.api.ConfigOrigins.of(config, "run.name") + ": run.name = \"" + name
                    + "\" is not a folder name; the run goes to run.output-dir/run.name, so give a plain name such as"
                    + " my-run (and put the folder it belongs in into run.output-dir).");
        }
        this.runFolder = Path.of(config.getString("run.output-dir")).resolve(name);
    }

    public Path runFolder() {
        return runFolder;
    }

    /**
     * Builds the run's objective and, when it pretrains, its architecture, so their own checks of their blocks run,
     * and checks that the two fit together; returns the objective. {@code train} does this before any other work,
     * and {@code config show} does it too, so both refuse the same configs.
     */
    public static Objective checkedComponents(Assembly assembly) {
        Objective chosen = assembly.component(ExtensionPoint.OBJECTIVE);
        Config config = assembly.config().resolved();
        if (!(chosen instanceof TokenObjective objective)) {
            ClassificationRun.refuseModelKeysBesideInitFrom(config);
            return chosen;
        }
        if (!config.getString("model.init-from").isEmpty()) {
            throw new BasaltException(dev.basalt.api.ConfigOrigins.of(config, "model.init-from") + ": model.init-from"
                    + " is read by objective sequence-classification; pretraining starts from fresh weights (continue"
                    + " a pretraining run with --resume instead).");
        }
        Architecture architecture = assembly.component(ExtensionPoint.ARCHITECTURE);
        if (!objective.families().contains(architecture.family())) {
            String trains = objective.families().stream().map(Trainer::plural).sorted()
                    .collect(java.util.stream.Collectors.joining(" or "));
            throw new BasaltException(dev.basalt.api.ConfigOrigins.ofMostSpecific(config, "objective.type",
                    "model.architecture") + ": objective.type = "
                    + assembly.config().selection(ExtensionPoint.OBJECTIVE).orElseThrow() + " trains " + trains
                    + ", but model.architecture = " + assembly.config().selection(ExtensionPoint.ARCHITECTURE)
                    .orElseThrow() + " builds " + plural(architecture.family()) + ": choose an architecture that builds "
                    + trains + " (" + FamilyChoices.architectures(assembly.registry(), objective.families())
                    + "), or an objective for " + plural(architecture.family()) + " ("
                    + FamilyChoices.objectives(assembly.registry(), architecture.family()) + ").");
        }
        return chosen;
    }

    /** Trains to {@code training.steps}; with {@code resume}, continues from the run folder's latest checkpoint. */
    public Path run(boolean resume) throws IOException {
        Backend backend = assembly.component(ExtensionPoint.BACKEND);
        Backends.setDefault(backend);
        Objective chosen = checkedComponents(assembly);
        if (chosen instanceof ClassificationObjective classification) {
            return fineTune(classification, resume);
        }
        TokenObjective objective = (TokenObjective) chosen;
        Architecture architecture = assembly.component(ExtensionPoint.ARCHITECTURE);
        CheckpointStore checkpoints = new CheckpointStore(runFolder, training.getInt("keep-checkpoints"));
        Path latest = checkpoints.latest().orElse(null);
        if (resume && !Files.isDirectory(runFolder)) {
            throw new BasaltException("Nothing to resume: " + runFolder + " does not exist (run.output-dir/run.name). "
                    + "Start the run without --resume.");
        }
        if (latest != null && !resume) {
            throw new BasaltException(runFolder + " already holds checkpoints up to " + latest.getFileName()
                    + ". Continue it with --resume, or choose another run.name (or delete the folder) to start over.");
        }
        TokenObjective chosenObjective = objective;
        return holdingRunFolder(() -> pretrain(backend, architecture, chosenObjective, checkpoints, latest));
    }

    private Path pretrain(Backend backend, Architecture architecture, TokenObjective objective,
                          CheckpointStore checkpoints, Path latest) throws IOException {
        out.println("run:       " + runFolder + (latest != null ? " (resuming from " + latest.getFileName() + ")" : ""));
        out.println("backend:   " + backend.description());

        Tokenizer tokenizer = new TokenizerPreparation(assembly, out).prepare(runFolder);
        objective = objective.forTokenizer(new RunTokenizer(tokenizer, runFolder.resolve("tokenizer.json").toString(),
                tokenizer.tokenId(config.getString("data.eos-token")).orElseThrow()));
        long seed = training.getLong("seed");
        LanguageModel model = architecture.create(tokenizer.vocabSize(), seed);
        SequenceIdCheck.require(model, objective, tokenizer,
                assembly.config().selection(ExtensionPoint.OBJECTIVE).orElseThrow());
        DataEngine engine = assembly.component(ExtensionPoint.DATA_ENGINE);
        List<DataStage> stages = assembly.components(ExtensionPoint.DATA_STAGE);
        try (DataEngine.PreparedCorpus corpus = engine.prepare(config.getConfig("data"), stages, tokenizer,
                runFolder.resolve("data"), out::println)) {
            out.println("model:     " + model.describe());
            AdamW optimizer = new AdamW(model.module().parameters(), (float) training.getDouble("lr"),
                    (float) training.getDouble("beta1"), (float) training.getDouble("beta2"),
                    (float) training.getDouble("eps"), (float) training.getDouble("weight-decay"));
            Rng rng = new Rng(seed);
            int start = 0;
            if (latest != null) {
                loadWeights(model, latest);
                TrainingState.Restored restored = TrainingState.load(latest, optimizer);
                start = restored.nextStep();
                stepsDone = start;
                rng.restore(restored.rngState());
            }
            MetricsLog metrics = MetricsLog.open(runFolder.resolve("metrics.jsonl"), start);
            loop(model, objective, optimizer, rng, corpus.train(), corpus.validation(), tokenizer, checkpoints,
                    metrics, start);
            sample(model, tokenizer);
        }
        return checkpoints.latest().orElseThrow();
    }

    /** Work done inside the run folder. */
    private interface RunWork {
        Path run() throws IOException;
    }

    /**
     * Runs {@code work} holding the run folder ({@link RunLock}); a run that fails before its first checkpoint
     * leaves no folder it created (its data is quick to redo).
     */
    private Path holdingRunFolder(RunWork work) throws IOException {
        Path outputDir = runFolder.toAbsolutePath().getParent();
        boolean folderExisted = Files.exists(runFolder);
        boolean outputDirExisted = Files.exists(outputDir);
        RunLock lock = RunLock.take(runFolder);
        createdFolders = folderExisted ? List.of() : outputDirExisted ? List.of(runFolder) : List.of(runFolder, outputDir);
        boolean finished = false;
        try {
            Path result = work.run();
            finished = true;
            return result;
        } finally {
            if (!finished) {
                discardIfNothingKept();
            }
            lock.close();
        }
    }

    /** Deletes the folders this run created when no checkpoint landed in them: a run that kept nothing leaves nothing. */
    private void discardIfNothingKept() throws IOException {
        if (!createdFolders.isEmpty() && new CheckpointStore(runFolder, 1).latest().isEmpty()) {
            for (Path folder : createdFolders) {
                Folders.deleteTree(folder);
            }
        }
    }

    /**
     * What to tell a user whose run was stopped (Ctrl-C, SIGTERM), from a shutdown hook while the run's own thread may
     * still be working: how far it got and how to go on. A fine-tuning run that finished no round leaves no folder,
     * like a failed one; a pretraining run keeps its prepared data for {@code --resume}.
     */
    public String interrupted() {
        Optional<Path> latest;
        try {
            latest = new CheckpointStore(runFolder, 1).latest();
        } catch (IOException | UncheckedIOException e) {
            latest = Optional.empty();
        }
        if (fineTuning == null) {
            return "interrupted after step " + stepsDone + "; " + latest
                    .map(p -> "the last checkpoint is " + p + ". Continue with the same command and --resume.")
                    .orElse("no checkpoint was written yet, so --resume starts from step 0.");
        }
        if (latest.isPresent()) {
            return "interrupted during fine-tuning; the rounds finished so far are kept, the last in " + latest.get()
                    + ". Fine-tuning does not resume: run the command again under another run.name (or delete "
                    + runFolder + " first).";
        }
        try {
            discardIfNothingKept();
        } catch (IOException | UncheckedIOException e) {
            return "interrupted during fine-tuning before its first round finished; " + runFolder + " holds nothing"
                    + " to keep (delete it), then run the same command again.";
        }
        return "interrupted during fine-tuning before its first round finished; nothing was kept. Run the same"
                + " command again.";
    }

    private Path fineTune(ClassificationObjective objective, boolean resume) throws IOException {
        if (resume) {
            throw new BasaltException("--resume continues pretraining; objective.type = "
                    + assembly.config().selection(ExtensionPoint.OBJECTIVE).orElseThrow() + " fine-tunes in one go."
                    + " Run it again without --resume (under another run.name to keep this one).");
        }
        fineTuning = new ClassificationRun(assembly, out, runFolder);
        return holdingRunFolder(() -> fineTuning.run(objective));
    }

    private static String plural(ModelFamily family) {
        return switch (family) {
            case ENCODER -> "encoders";
            case DECODER -> "decoders";
            case ENCODER_DECODER -> "encoder-decoders";
        };
    }

    private static void loadWeights(LanguageModel model, Path checkpoint) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        try (SafetensorsCheckpoint weights = SafetensorsCheckpoint.open(checkpoint)) {
            weights.tensors().forEach((name, t) -> state.put(name,
                    Tensor.of(t.toFloats(), java.util.Arrays.stream(t.shape()).mapToInt(Math::toIntExact).toArray())));
        }
        model.module().loadState(state, checkpoint.resolve(SafetensorsCheckpoint.SINGLE).toString());
    }

    private void loop(LanguageModel model, TokenObjective objective, AdamW optimizer, Rng rng, TokenSequence train,
                      TokenSequence validation, Tokenizer tokenizer, CheckpointStore checkpoints, MetricsLog metrics,
                      int start) throws IOException {
        int steps = training.getInt("steps");
        int batch = training.getInt("batch");
        int context = training.getInt("context");
        int accumulate = training.getInt("grad-accum");
        int evalEvery = training.getInt("eval-every");
        int checkpointEvery = training.getInt("checkpoint-every");
        int logEvery = training.getInt("log-every");
        double clip = training.getDouble("clip");
        long seed = training.getLong("seed");
        LearningRateSchedule schedule = LearningRateSchedule.fromConfig(training);
        List<Parameter> parameters = model.module().parameters();
        long tokensPerStep = (long) batch * context * accumulate;
        long began = System.nanoTime();
        LearningRateSchedule.warmupNote(training).ifPresent(out::println);
        if (start >= steps) {
            out.println("note:      the run is already at step " + start + " of training.steps = " + steps
                    + "; raise training.steps to train further.");
        }
        if (validation.length() <= context && evalEvery > 0) {
            out.println("note:      the validation split holds " + validation.length() + " tokens, no more than one"
                    + " window of " + context + ", so there is no evaluation; raise data.validation-fraction or give"
                    + " more text.");
        }

        for (int step = start; step < steps; step++) {
            long stepStart = System.nanoTime();
            double lr = schedule.rate(step);
            optimizer.learningRate((float) lr);
            model.module().train(true);
            model.dropoutSeed(CounterRandom.bits(seed, step) & Long.MAX_VALUE);
            double loss = 0;
            for (int micro = 0; micro < accumulate; micro++) {
                try (TensorScope scope = TensorScope.open()) {
                    TokenBatch tokens = objective.sample(train, batch, context, rng);
                    Tensor l = objective.loss(model, tokens);
                    loss += l.item() / accumulate;
                    l.div(accumulate).backward();
                }
            }
            if (!Double.isFinite(loss)) {
                throw new BasaltException(String.format(Locale.ROOT, "Step %d: the training loss is %s. Lower training.lr "
                        + "(now %.2e), raise training.warmup, or set training.clip; the last checkpoint is %s.",
                        step + 1, loss, lr, checkpoints.latest().map(Path::toString).orElse("not written yet")));
            }
            if (clip > 0) {
                GradientClipping.clip(parameters, clip);
            }
            optimizer.step();
            optimizer.zeroGrad();
            stepsDone = step + 1;

            int done = step + 1;
            double seconds = (System.nanoTime() - stepStart) / 1e9;     // tokens/s of training, evaluation aside
            boolean evaluate = (evalEvery > 0 && done % evalEvery == 0) || done == steps;
            double evalLoss = evaluate ? evaluate(model, objective, validation, batch, context) : Double.NaN;
            double elapsed = (System.nanoTime() - began) / 1e9;
            double tokensPerSecond = tokensPerStep / Math.max(seconds, 1e-9);
            metrics.append(new MetricsLog.Entry(done, loss, lr, tokensPerSecond, evalLoss));
            if (done % logEvery == 0 || evaluate || done == start + 1) {
                double eta = elapsed / (done - start) * (steps - done);
                out.println(ProgressLine.format(done, steps, loss, lr, tokensPerSecond, eta, evalLoss));
            }
            if ((checkpointEvery > 0 && done % checkpointEvery == 0) || done == steps) {
                final int nextStep = done;
                Path written = checkpoints.save(done, folder -> writeCheckpoint(folder, model, tokenizer, optimizer, nextStep, rng));
                LossCurvePlot.write(metrics.entries(), config.getString("run.name"), runFolder.resolve("loss.png"));
                out.println("checkpoint " + written);
            }
        }
    }

    private void writeCheckpoint(Path folder, LanguageModel model, Tokenizer tokenizer, AdamW optimizer, int nextStep,
                                 Rng rng) throws IOException {
        model.save(folder);
        HfTokenIds.addTo(folder, model, tokenizer, config.getString("data.eos-token"));
        tokenizer.save(folder.resolve("tokenizer.json"));
        AtomicFiles.writeString(folder.resolve("basalt.conf"), config.root().render(
                ConfigRenderOptions.defaults().setOriginComments(false).setComments(false).setJson(false)));
        TrainingState.save(folder, optimizer, nextStep, rng.state());
    }

    /** Mean loss over {@code eval-batches} held-out batches, always the same ones (a fixed generator). */
    private double evaluate(LanguageModel model, TokenObjective objective, TokenSequence validation, int batch, int context) {
        int batches = training.getInt("eval-batches");
        if (validation.length() <= context) {
            return Double.NaN;
        }
        Rng rng = new Rng(training.getLong("seed") ^ 0x5DEECE66DL);
        model.module().eval();
        double sum = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < batches; i++) {
                try (TensorScope scope = TensorScope.open()) {
                    sum += objective.loss(model, objective.sample(validation, batch, context, rng)).item();
                }
            }
        } finally {
            model.module().train(true);
        }
        return sum / batches;
    }

    private void sample(LanguageModel model, Tokenizer tokenizer) {
        Config generation = config.getConfig("generation");
        List<String> prompts = generation.getStringList("prompts");
        if (prompts.isEmpty() || !(model instanceof CausalLanguageModel || model instanceof Seq2SeqLanguageModel)) {
            return;
        }
        model.module().eval();
        SamplingOptions options = SamplingOptions.fromConfig(generation);
        out.println("samples:");
        List<String> texts = model instanceof CausalLanguageModel decoder
                ? new Generator(decoder, tokenizer).generate(prompts, options, null)
                : new Seq2SeqGenerator((Seq2SeqLanguageModel) model, tokenizer).generate(prompts, options,
                        generation.getInt("beams"), generation.getDouble("length-penalty")).stream()
                        .map(Seq2SeqGenerator.Answer::text).toList();
        for (int i = 0; i < prompts.size(); i++) {
            out.println("  " + prompts.get(i) + "|" + texts.get(i).replace("\n", "\n  "));
        }
        out.flush();
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
