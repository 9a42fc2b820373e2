package dev.basalt.api.classify;

import dev.basalt.api.model.EncoderModel;
import dev.basalt.api.objective.ClassificationObjective;

import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link SelfTraining.Learner} of an encoder: every fit starts from a fresh copy of the starting encoder (an
 * imported or pretrained checkpoint) with a new head, and fine-tunes both.
 */
public final class EncoderLearner implements SelfTraining.Learner {

    private final Supplier<EncoderModel> startingEncoder;
    private final ClassifierTraining training;
    private final LabelSet labels;
    private final ClassificationObjective objective;
    private final ClassifierTraining.Progress progress;

    /**
     * @param labels   the label set of the labelled data, which pseudo-labels also draw from
     * @param progress told of every optimizer step of every fit
     */
    public EncoderLearner(Supplier<EncoderModel> startingEncoder, ClassifierTraining training, LabelSet labels,
                          ClassificationObjective objective, ClassifierTraining.Progress progress) {
        this.startingEncoder = startingEncoder;
        this.training = training;
        this.labels = labels;
        this.objective = objective;
        this.progress = progress;
    }

    @Override
    public Trained fit(List<LabelledText> examples) {
        SequenceClassifier model = new SequenceClassifier(startingEncoder.get(), labels, objective,
                training.settings().seed());
        training.fit(model, examples, progress);
        return new Trained(model, training);
    }

    /** A fine-tuned classifier with the training that measures it. */
    public record Trained(SequenceClassifier model, ClassifierTraining training) implements SelfTraining.Predictor {

        @Override
        public LabelSet labels() {
            return model.labels();
        }

        @Override
        public float[][] probabilities(List<String> texts) {
            return training.probabilities(model, texts);
        }

        public ClassifierTraining.Evaluation evaluate(List<LabelledText> examples) {
            return training.evaluate(model, examples);
        }
    }
}
