package dev.basalt.bert;

import dev.basalt.api.model.EncoderModel;
import dev.basalt.api.tensor.Backends;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.api.tokenizer.Tokenizers;
import dev.basalt.backend.cpu.CpuBackend;
import dev.basalt.bert.classify.ClassifierTraining;
import dev.basalt.bert.classify.EncoderLearner;
import dev.basalt.bert.classify.FineTuning;
import dev.basalt.bert.classify.LabelSet;
import dev.basalt.bert.classify.LabelledText;
import dev.basalt.bert.classify.SelfTraining;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Brown genre sample (samples/brown-genre-self-training.sh): passages of three Brown genres, a few labelled and
 * many unlabelled, classified by all-MiniLM-L6-v2 fine-tuned on the labelled ones alone and then with self-training.
 * Documents are split between labelled, unlabelled and test, so no test passage shares a document with training.
 *
 * <p>Arguments: the Brown folder (with cats.txt and texts/), then optional key=value overrides of the settings below.
 */
public final class BrownGenreSample {

    private BrownGenreSample() {
    }

    public static void main(String[] args) throws IOException {
        Path brown = Path.of(args.length > 0 ? args[0] : "../../../shared/data/corpora/brown");
        Map<String, String> s = new LinkedHashMap<>(Map.of("genres", "news,romance,government", "words", "30",
                "labelled-docs", "2", "passages-per-labelled-doc", "4", "unlabelled-docs", "10",
                "passages-per-doc", "6", "test-docs", "6", "rounds", "2", "threshold", "0.9", "threads", "2"));
        s.put("balanced", "true");
        s.putAll(Map.of("steps", "80", "batch", "8", "lr", "1e-4", "max-tokens", "48", "seed", "1"));
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            if (!s.containsKey(kv[0]) || kv.length != 2) {
                throw new IllegalArgumentException("unknown setting " + args[i] + "; settings are " + s.keySet());
            }
            s.put(kv[0], kv[1]);
        }
        System.out.println("settings: " + s);
        Backends.setDefault(CpuBackend.create(Integer.parseInt(s.get("threads"))));

        Map<String, List<String>> documents = BrownCorpus.documentsByGenre(brown);
        int words = Integer.parseInt(s.get("words"));
        int labelledDocs = Integer.parseInt(s.get("labelled-docs"));
        int unlabelledDocs = Integer.parseInt(s.get("unlabelled-docs"));
        int testDocs = Integer.parseInt(s.get("test-docs"));
        int perDoc = Integer.parseInt(s.get("passages-per-doc"));
        List<LabelledText> labelled = new ArrayList<>();
        List<LabelledText> unlabelled = new ArrayList<>();
        List<LabelledText> test = new ArrayList<>();
        for (String genre : s.get("genres").split(",")) {
            List<String> files = documents.get(genre);
            if (files == null || files.size() < labelledDocs + unlabelledDocs + testDocs) {
                throw new IllegalArgumentException("genre " + genre + " has too few documents: " + documents.keySet());
            }
            for (int d = 0; d < labelledDocs; d++) {
                labelled.addAll(BrownCorpus.passages(brown, files.get(d), genre, words,
                        Integer.parseInt(s.get("passages-per-labelled-doc"))));
            }
            for (int d = labelledDocs; d < labelledDocs + unlabelledDocs; d++) {
                BrownCorpus.passages(brown, files.get(d), genre, words, perDoc)
                        .forEach(p -> unlabelled.add(LabelledText.unlabelled(p.text(), p.origin())));
            }
            for (int d = files.size() - testDocs; d < files.size(); d++) {
                test.addAll(BrownCorpus.passages(brown, files.get(d), genre, words, perDoc));
            }
        }
        System.out.printf(Locale.ROOT, "passages: %d labelled, %d unlabelled, %d test%n", labelled.size(),
                unlabelled.size(), test.size());

        Path miniLm = MiniLm.folder();
        Tokenizer tokenizer = Tokenizers.load(miniLm.resolve(MiniLm.TOKENIZER));
        FineTuning settings = new FineTuning(Integer.parseInt(s.get("steps")), Integer.parseInt(s.get("batch")),
                Double.parseDouble(s.get("lr")), 0.01, Integer.parseInt(s.get("max-tokens")), 0.1,
                Long.parseLong(s.get("seed")));
        ClassifierTraining training = new ClassifierTraining(tokenizer, settings);
        BertArchitecture architecture = new BertArchitecture(null);
        EncoderLearner learner = new EncoderLearner(
                () -> (EncoderModel) architecture.load(miniLm.resolve(MiniLm.ONNX)), training, LabelSet.of(labelled));
        long began = System.nanoTime();
        new SelfTraining(Integer.parseInt(s.get("rounds")), Double.parseDouble(s.get("threshold")),
                Boolean.parseBoolean(s.get("balanced"))).run(learner,
                labelled, unlabelled, round -> {
                    ClassifierTraining.Evaluation e = ((EncoderLearner.Trained) round.predictor()).evaluate(test);
                    long right = round.pseudoLabelled().stream()
                            .filter(p -> p.origin().contains("#" + p.label() + "#")).count();
                    Map<String, Long> byLabel = new java.util.TreeMap<>(round.pseudoLabelled().stream().collect(
                            java.util.stream.Collectors.groupingBy(LabelledText::label,
                                    java.util.stream.Collectors.counting())));
                    System.out.printf(Locale.ROOT, "round %d: %3d pseudo-labels (%d right) %s  test accuracy %.3f"
                                    + " (%d/%d)  test loss %.3f  %s  [%.0f s]%n", round.number(),
                            round.pseudoLabelled().size(), right, byLabel, e.accuracy(), e.correct(), e.count(), e.loss(),
                            round.number() == 0 ? "labelled data alone" : "self-training",
                            (System.nanoTime() - began) / 1e9);
                });
    }
}
