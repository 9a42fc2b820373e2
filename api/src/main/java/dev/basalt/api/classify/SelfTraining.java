package dev.basalt.api.classify;

import dev.basalt.api.BasaltException;

import java.util.ArrayList;
import java.util.List;

/**
 * Semi-supervised self-training: a classifier trained on the labelled texts labels the unlabelled ones; those whose
 * most probable label reaches the confidence threshold join the training data with that label, and a classifier is
 * trained afresh on labelled + pseudo-labelled texts. Every round relabels all unlabelled texts with the latest
 * classifier, so a pseudo-label may change or drop out. Training afresh (not continuing) keeps an early round's
 * mistakes from compounding through the optimizer state.
 *
 * @param rounds              rounds after the one on labelled data alone
 * @param confidenceThreshold least probability of the chosen label for a pseudo-label to be kept
 * @param balanced            keep per label only as many pseudo-labels (the most confident) as the label with the
 *                            fewest has, so a label the classifier already favours is not favoured further
 */
public record SelfTraining(int rounds, double confidenceThreshold, boolean balanced) {

    public SelfTraining {
        if (rounds < 0 || !(confidenceThreshold > 0 && confidenceThreshold <= 1)) {
            throw new BasaltException("self-training needs rounds >= 0 and 0 < confidence-threshold <= 1; got rounds "
                    + rounds + ", confidence-threshold " + confidenceThreshold);
        }
    }

    /** Trains a classifier on labelled texts. */
    public interface Learner {
        Predictor fit(List<LabelledText> examples);
    }

    /** A trained classifier: label probabilities of texts, in the order of its label set. */
    public interface Predictor {
        LabelSet labels();

        float[][] probabilities(List<String> texts);
    }

    /**
     * One round's classifier and the pseudo-labelled texts it was trained with (none in round 0).
     */
    public record Round(int number, List<LabelledText> pseudoLabelled, Predictor predictor) {
    }

    /** Told when each round starts training and when it is done. */
    public interface Listener {
        /** Round {@code number} is about to train on the labelled texts and {@code pseudoLabelled}. */
        default void starting(int number, List<LabelledText> pseudoLabelled) {
        }

        void finished(Round round);
    }

    /**
     * Runs round 0 (labelled data alone) and then {@link #rounds} self-training rounds, reporting each round to
     * {@code listener}; returns all rounds in order.
     */
    public List<Round> run(Learner learner, List<LabelledText> labelled, List<LabelledText> unlabelled,
                           Listener listener) {
        List<Round> done = new ArrayList<>();
        listener.starting(0, List.of());
        Round current = new Round(0, List.of(), learner.fit(labelled));
        listener.finished(current);
        done.add(current);
        for (int round = 1; round <= rounds; round++) {
            List<LabelledText> pseudo = pseudoLabels(current.predictor(), unlabelled);
            listener.starting(round, pseudo);
            List<LabelledText> training = new ArrayList<>(labelled);
            training.addAll(pseudo);
            current = new Round(round, pseudo, learner.fit(training));
            listener.finished(current);
            done.add(current);
        }
        return done;
    }

    /**
     * The unlabelled texts whose most probable label under {@code predictor} reaches the threshold, so labelled, in
     * their original order; with {@link #balanced}, cut to the same count per label, most confident first.
     */
    public List<LabelledText> pseudoLabels(Predictor predictor, List<LabelledText> unlabelled) {
        float[][] p = predictor.probabilities(unlabelled.stream().map(LabelledText::text).toList());
        int labels = predictor.labels().size();
        List<List<Integer>> confident = new ArrayList<>();
        for (int l = 0; l < labels; l++) {
            confident.add(new ArrayList<>());
        }
        for (int i = 0; i < p.length; i++) {
            int best = Predictions.best(p[i]);
            if (p[i][best] >= confidenceThreshold) {
                confident.get(best).add(i);
            }
        }
        int cap = balanced ? confident.stream().mapToInt(List::size).min().orElse(0) : Integer.MAX_VALUE;
        boolean[] keep = new boolean[p.length];
        for (int l = 0; l < labels; l++) {
            int label = l;
            confident.get(l).stream()
                    .sorted(java.util.Comparator.comparingDouble((Integer i) -> -p[i][label]))
                    .limit(cap)
                    .forEach(i -> keep[i] = true);
        }
        List<LabelledText> kept = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            if (keep[i]) {
                kept.add(unlabelled.get(i).withLabel(predictor.labels().label(Predictions.best(p[i]))));
            }
        }
        return kept;
    }
}
