package dev.basalt.runtime.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ConfigOrigins;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.backend.Backend;
import dev.basalt.api.classify.ClassifierTraining;
import dev.basalt.api.classify.EncoderLearner;
import dev.basalt.api.classify.FineTuning;
import dev.basalt.api.classify.LabelSet;
import dev.basalt.api.classify.LabelledText;
import dev.basalt.api.classify.LabelledTexts;
import dev.basalt.api.classify.SelfTraining;
import dev.basalt.api.classify.SequenceClassifier;
import dev.basalt.api.format.AtomicFiles;
import dev.basalt.api.format.Json;
import dev.basalt.api.format.SafetensorsWriter;
import dev.basalt.api.format.StoredTensor;
import dev.basalt.api.model.EncoderModel;
import dev.basalt.api.model.LanguageModel;
import dev.basalt.api.objective.ClassificationObjective;
import dev.basalt.api.tensor.Backends;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.api.tokenizer.Tokenizers;
import dev.basalt.runtime.assembly.Assembly;
import dev.basalt.runtime.checkpoint.LoadedCheckpoint;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Fine-tunes an encoder with a classification head ({@code objective.type = sequence-classification}) on the
 * labelled texts of {@code data.labelled}, optionally with self-training on unlabelled texts, and reports accuracy
 * on the validation records after every round. Each round's classifier is written as a checkpoint (the latest is
 * the last round's): the encoder in its usual layout, {@code classifier.safetensors} (the head), {@code labels.json},
 * {@code evaluation.json} (the rounds so far) and {@code fine-tuning.conf}.
 */
public final class ClassificationRun {

    private final Assembly assembly;
    private final Config config;
    private final Config training;
    private final PrintWriter out;
    private final Path runFolder;
    private volatile int stepsDone;

    public ClassificationRun(Assembly assembly, PrintWriter out, Path runFolder) {
        this.assembly = assembly;
        this.config = assembly.config().resolved();
        this.training = config.getConfig("training");
        this.out = out;
        this.runFolder = runFolder;
    }

    /** Runs every round, writing each round's classifier; returns the last round's checkpoint. */
    public Path run(ClassificationObjective objective) throws IOException {
        SelfTraining selfTraining = new SelfTraining(training.getInt("self-training.rounds"),
                training.getDouble("self-training.confidence-threshold"), training.getBoolean("self-training.balanced"));
        checkSettings();
        Texts texts = texts(selfTraining);
        LabelSet labels = LabelSet.of(texts.train());
        texts.validation().forEach(labels::index);
        CheckpointStore checkpoints = new CheckpointStore(runFolder, training.getInt("keep-checkpoints"));
        if (checkpoints.latest().isPresent()) {
            throw new BasaltException(runFolder + " already holds the classifier " + checkpoints.latest().get()
                    .getFileName() + ". Choose another run.name (or delete the folder) to fine-tune again.");
        }

        Backend backend = assembly.component(ExtensionPoint.BACKEND);
        Backends.setDefault(backend);
        Start start = start();
        if (start.tokenizer().vocabSize() > start.first().vocabSize()) {
            throw new BasaltException(where(config, config.getString("tokenizer.path").isEmpty() ? "model.init-from"
                    : "tokenizer.path") + ": the tokenizer has " + start.tokenizer().vocabSize() + " ids but the model's"
                    + " vocabulary holds " + start.first().vocabSize() + "; use the tokenizer the model was trained with.");
        }
        int maxTokens = Math.min(training.getInt("context"), start.first().maxLength());
        out.println("run:       " + runFolder);
        out.println("backend:   " + backend.description());
        out.println("model:     " + start.first().describe() + startingFrom());
        out.println("labels:    " + counts(texts.train()));
        out.println("data:      " + texts.train().size() + " labelled, " + texts.unlabelled().size() + " unlabelled, "
                + texts.validation().size() + " validation texts; at most " + maxTokens + " tokens each");

        int steps = training.getInt("steps");
        LearningRateSchedule schedule = LearningRateSchedule.fromConfig(training);
        FineTuning settings = new FineTuning(steps, training.getInt("batch"), schedule::rate,
                training.getDouble("weight-decay"), training.getDouble("beta1"), training.getDouble("beta2"),
                training.getDouble("eps"), training.getDouble("clip"), maxTokens, training.getLong("seed"));
        int logEvery = training.getInt("log-every");
        ClassifierTraining fineTuning;
        try {
            fineTuning = new ClassifierTraining(start.tokenizer(), settings);
        } catch (BasaltException e) {
            throw new BasaltException(where(config, config.getString("tokenizer.path").isEmpty() ? "model.init-from"
                    : "tokenizer.path") + ": " + e.getMessage(), e);
        }
        EncoderLearner learner = new EncoderLearner(start.copies(), fineTuning,
                labels, objective, (step, loss) -> {
                    stepsDone++;
                    if (step % logEvery == 0 || step == steps) {
                        out.printf(Locale.ROOT, "  step %d/%d  loss %.4f  lr %.2e%n", step, steps, loss,
                                schedule.rate(step - 1));
                        out.flush();
                    }
                });
        RoundReport report = new RoundReport(selfTraining, texts, checkpoints, start.tokenizer());
        selfTraining.run(learner, texts.train(), texts.unlabelled(), report);
        Path last = checkpoints.latest().orElseThrow();
        report.sayBestRound(last);
        return last;
    }

    /** The general settings fine-tuning reads, checked before any data or model is loaded. */
    private void checkSettings() {
        if (training.getInt("context") < 2) {
            throw new BasaltException(where(training, "context") + ": training.context = " + training.getInt("context")
                    + " leaves no room for a text: a classifier reads at least 2 tokens per text ([CLS] and [SEP]).");
        }
        if (training.getInt("grad-accum") != 1) {
            throw new BasaltException(where(training, "grad-accum") + ": training.grad-accum = "
                    + training.getInt("grad-accum") + " is for pretraining; objective sequence-classification takes one"
                    + " batch per step: raise training.batch instead.");
        }
        LearningRateSchedule.warmupNote(training).ifPresent(out::println);
    }

    /** The texts of {@code data.labelled}. */
    private record Texts(List<LabelledText> train, List<LabelledText> validation, List<LabelledText> unlabelled) {
    }

    private Texts texts(SelfTraining selfTraining) {
        Config labelled = config.getConfig("data.labelled");
        Texts texts = new Texts(read(labelled, "train", true), read(labelled, "validation", true),
                read(labelled, "unlabelled", false));
        if (texts.train().isEmpty()) {
            String objective = assembly.config().selection(ExtensionPoint.OBJECTIVE).orElseThrow();
            throw new BasaltException((labelled.getString("train").isEmpty()
                    ? where(config, "objective.type") + ": objective.type = " + objective
                    : where(labelled, "train") + ": data.labelled.train has no records, but objective.type = "
                    + objective) + " fine-tunes on labelled texts; set data.labelled.train to a .jsonl or .csv file"
                    + " with a text and a label per record.");
        }
        if (selfTraining.rounds() > 0 && texts.unlabelled().isEmpty() && !labelled.getString("unlabelled").isEmpty()) {
            throw new BasaltException(where(labelled, "unlabelled") + ": data.labelled.unlabelled ("
                    + labelled.getString("unlabelled") + ") has no records, but training.self-training.rounds = "
                    + selfTraining.rounds() + " pseudo-labels them; give texts, or set the rounds to 0.");
        }
        if (selfTraining.rounds() > 0 && texts.unlabelled().isEmpty()) {
            throw new BasaltException(where(training, "self-training.rounds") + ": training.self-training.rounds = "
                    + selfTraining.rounds() + " needs unlabelled texts; set data.labelled.unlabelled to a .jsonl or"
                    + " .csv file, or set the rounds to 0.");
        }
        return texts;
    }

    /**
     * Prints each round's data and validation result, and writes each round's classifier as a checkpoint (so a user
     * can take an earlier round's), with the results of the rounds so far.
     */
    private final class RoundReport implements SelfTraining.Listener {
        private final SelfTraining selfTraining;
        private final Texts texts;
        private final CheckpointStore checkpoints;
        private final Tokenizer tokenizer;
        private final List<String> rounds = new ArrayList<>();
        private ClassifierTraining.Evaluation best;
        private int bestRound;
        private Path bestCheckpoint;

        RoundReport(SelfTraining selfTraining, Texts texts, CheckpointStore checkpoints, Tokenizer tokenizer) {
            this.selfTraining = selfTraining;
            this.texts = texts;
            this.checkpoints = checkpoints;
            this.tokenizer = tokenizer;
        }

        /**
         * After several rounds, which one did best on the validation texts: {@code basalt classify} of the run folder
         * takes the last round, which self-training does not always improve.
         */
        void sayBestRound(Path last) {
            if (best == null || rounds.size() < 2) {
                return;
            }
            boolean kept = Files.isDirectory(bestCheckpoint);
            out.println("best:      round " + bestRound + ", validation " + describe(best) + (bestCheckpoint.equals(last)
                    ? ", the last round: " + last : kept ? ", in " + bestCheckpoint + " (the run folder stands for the"
                    + " last round, " + last.getFileName() + "; give the step folder to use round " + bestRound + ")"
                    : " (its checkpoint was not kept: raise training.keep-checkpoints to keep every round)"));
            out.flush();
        }

        @Override
        public void starting(int number, List<LabelledText> pseudoLabelled) {
            int labelled = texts.train().size();
            out.println(selfTraining.rounds() == 0 ? "fine-tuning on " + labelled + " labelled texts:"
                    : number == 0 ? "round 0: " + labelled + " labelled texts alone"
                    : "round " + number + ": " + labelled + " labelled + " + pseudoLabelled.size()
                    + " pseudo-labelled texts (" + (pseudoLabelled.isEmpty() ? "none reached the threshold"
                    + (selfTraining.balanced() ? " for every label" : "") : counts(pseudoLabelled)) + ")");
            out.flush();
        }

        @Override
        public void finished(SelfTraining.Round round) {
            EncoderLearner.Trained trained = (EncoderLearner.Trained) round.predictor();
            ClassifierTraining.Evaluation evaluation = texts.validation().isEmpty() ? null
                    : trained.evaluate(texts.validation());
            out.println("  validation: " + (evaluation == null ? "no texts (data.labelled.validation)"
                    : describe(evaluation)));
            out.flush();
            rounds.add("{\"round\": " + round.number() + ", \"labelled\": " + texts.train().size()
                    + ", \"pseudo_labels\": " + round.pseudoLabelled().size()
                    + (evaluation == null ? "" : ", " + json(evaluation)) + "}");
            try {
                Path written = checkpoints.save(stepsDone, folder -> write(folder, trained.model(), tokenizer, rounds));
                out.println("  classifier " + written);
                if (evaluation != null && (best == null || evaluation.accuracy() > best.accuracy())) {
                    best = evaluation;
                    bestRound = round.number();
                    bestCheckpoint = written;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            out.flush();
        }
    }

    /** The encoder of the first round, the run's tokenizer, and fresh copies of that encoder for later rounds. */
    private record Start(EncoderModel first, Tokenizer tokenizer, Supplier<EncoderModel> fresh) {

        /** {@link #first} once, then fresh copies. */
        Supplier<EncoderModel> copies() {
            boolean[] handedOut = {false};
            return () -> {
                if (handedOut[0]) {
                    return fresh.get();
                }
                handedOut[0] = true;
                return first;
            };
        }
    }

    /**
     * Where fine-tuning starts: the model of {@code model.init-from} (read again for each later round), or fresh
     * weights from the {@code model} block with the tokenizer of {@code tokenizer.path}.
     */
    private Start start() {
        String initFrom = config.getString("model.init-from");
        String tokenizerPath = config.getString("tokenizer.path");
        if (initFrom.isEmpty()) {
            if (tokenizerPath.isEmpty()) {
                throw new BasaltException(where(config, "model.init-from") + ": objective sequence-classification"
                        + " starts from a pretrained encoder; set model.init-from to a checkpoint folder, a Hugging"
                        + " Face folder or an .onnx file (or, to start from fresh weights, set tokenizer.path).");
            }
            Tokenizer tokenizer = Tokenizers.load(Path.of(tokenizerPath));
            long seed = training.getLong("seed");
            Supplier<EncoderModel> fresh = () -> encoder(assembly.component(ExtensionPoint.ARCHITECTURE)
                    .create(tokenizer.vocabSize(), seed), "model.architecture");
            return new Start(fresh.get(), tokenizer, fresh);
        }
        Path from = Path.of(initFrom);
        if (!Files.exists(from)) {
            throw new BasaltException(where(config, "model.init-from") + ": model.init-from = \"" + initFrom
                    + "\" does not exist (working directory " + Path.of("").toAbsolutePath() + ").");
        }
        Path tokenizerFile = tokenizerPath.isEmpty() ? null : Path.of(tokenizerPath);
        LoadedCheckpoint loaded;
        try {
            loaded = LoadedCheckpoint.open(from, assembly.registry(), List.of(), tokenizerFile);
        } catch (BasaltException e) {
            throw new BasaltException(where(config, "model.init-from") + ": model.init-from: " + e.getMessage()
                    + (tokenizerFile == null && e.getMessage().toLowerCase(Locale.ROOT).contains("tokenizer")
                    ? " (tokenizer.path names a tokenizer to use with it)" : ""), e);
        }
        requireChosenArchitecture(loaded);
        return new Start(encoder(loaded.model(), "model.init-from"), loaded.tokenizer(), () -> encoder(
                LoadedCheckpoint.open(from, assembly.registry(), List.of(), tokenizerFile).model(), "model.init-from"));
    }

    /**
     * With {@code model.init-from}, the model, its shape included, comes from there, so a {@code model.*} key the user
     * set (in the config, a preset it includes, or {@code --set}) would be ignored without a word: it is refused.
     * Defaults from the plugins' reference.conf are not the user's and stay unused.
     */
    static void refuseModelKeysBesideInitFrom(Config config) {
        String initFrom = config.getString("model.init-from");
        if (initFrom.isEmpty()) {
            return;
        }
        Config model = config.getConfig("model");
        List<String> set = model.entrySet().stream().map(Map.Entry::getKey)
                .filter(key -> !key.equals("init-from") && !key.equals("architecture") && userSet(model, key))
                .sorted().toList();
        if (!set.isEmpty()) {
            throw new BasaltException(where(model, set.getFirst()) + ": " + set.stream().map(k -> "model." + k)
                    .collect(Collectors.joining(", ")) + (set.size() == 1 ? " is" : " are") + " set, but model.init-from"
                    + " = \"" + initFrom + "\" gives the whole model, its shape included; remove "
                    + (set.size() == 1 ? "it." : "them."));
        }
    }

    private static boolean userSet(Config block, String key) {
        return !ConfigOrigins.isPluginDefault(block.getValue(key).origin());
    }

    /** A {@code model.architecture} the user chose must be the one {@code model.init-from} holds. */
    private void requireChosenArchitecture(LoadedCheckpoint loaded) {
        Config model = config.getConfig("model");
        String held = loaded.assembly().config().selection(ExtensionPoint.ARCHITECTURE).orElse(null);
        String chosen = model.getString("architecture");
        if (held != null && !held.equals(chosen) && userSet(model, "architecture")) {
            throw new BasaltException(where(model, "architecture") + ": model.architecture = " + chosen + ", but"
                    + " model.init-from = \"" + model.getString("init-from") + "\" holds a " + held + " model; set"
                    + " model.architecture = " + held + ", or leave it out.");
        }
    }

    private String startingFrom() {
        String initFrom = config.getString("model.init-from");
        return initFrom.isEmpty() ? " (fresh weights)" : " (from " + initFrom + ")";
    }

    private EncoderModel encoder(LanguageModel model, String key) {
        if (model instanceof EncoderModel encoder) {
            return encoder;
        }
        throw new BasaltException(where(config, key) + ": objective sequence-classification needs an encoder,"
                + " but " + key + " gives " + model.describe() + "; use a bert-family model.");
    }

    private List<LabelledText> read(Config labelled, String key, boolean withLabels) {
        String file = labelled.getString(key);
        if (file.isEmpty()) {
            return List.of();
        }
        try {
            return LabelledTexts.read(Path.of(file), labelled.getString("text-field"),
                    withLabels ? labelled.getString("label-field") : "");
        } catch (BasaltException e) {
            throw new BasaltException("data.labelled." + key + " (" + where(labelled, key) + "): " + e.getMessage(), e);
        }
    }

    private static String where(Config block, String key) {
        return ConfigOrigins.of(block, key);
    }

    private static String counts(List<LabelledText> texts) {
        Map<String, Long> byLabel = texts.stream()
                .collect(Collectors.groupingBy(LabelledText::label, TreeMap::new, Collectors.counting()));
        return byLabel.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String describe(ClassifierTraining.Evaluation e) {
        return String.format(Locale.ROOT, "accuracy %.3f (%d/%d), loss %.4f", e.accuracy(), e.correct(), e.count(),
                e.loss());
    }

    private static String json(ClassifierTraining.Evaluation e) {
        return String.format(Locale.ROOT, "\"accuracy\": %s, \"correct\": %d, \"count\": %d, \"loss\": %s",
                e.accuracy(), e.correct(), e.count(), e.loss());
    }

    private void write(Path folder, SequenceClassifier classifier, Tokenizer tokenizer, List<String> rounds)
            throws IOException {
        classifier.encoder().save(folder);
        tokenizer.save(folder.resolve("tokenizer.json"));
        List<StoredTensor> head = new ArrayList<>();
        classifier.namedParameters().forEach((name, tensor) -> {
            if (name.startsWith("classifier.")) {
                head.add(StoredTensor.ofFloats(name, java.util.Arrays.stream(tensor.shape().toArray()).asLongStream().toArray(),
                        tensor.toFloatArray()));
            }
        });
        SafetensorsWriter.write(folder.resolve("classifier.safetensors"), head, Map.of("format", "pt"));
        AtomicFiles.writeString(folder.resolve("labels.json"), "{\"labels\": ["
                + classifier.labels().labels().stream().map(Json::quote).collect(Collectors.joining(", ")) + "]}\n");
        AtomicFiles.writeString(folder.resolve("evaluation.json"), "{\"rounds\": [\n  "
                + String.join(",\n  ", rounds) + "\n]}\n");
        // not basalt.conf: loading the folder must follow the encoder's config.json, not this run's model block
        AtomicFiles.writeString(folder.resolve("fine-tuning.conf"), config.root().render(
                ConfigRenderOptions.defaults().setOriginComments(false).setComments(false).setJson(false)));
    }
}
