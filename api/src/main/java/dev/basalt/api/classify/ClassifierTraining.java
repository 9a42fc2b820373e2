package dev.basalt.api.classify;

import dev.basalt.api.Rng;
import dev.basalt.api.nn.AdamW;
import dev.basalt.api.nn.GradientClipping;
import dev.basalt.api.tensor.CounterRandom;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;
import dev.basalt.api.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/** Fine-tunes a {@link SequenceClassifier} on labelled texts, and measures or applies it. */
public final class ClassifierTraining {

    private final LabelPredictor predictor;
    private final FineTuning settings;

    public ClassifierTraining(Tokenizer tokenizer, FineTuning settings) {
        this.predictor = new LabelPredictor(tokenizer, settings.maxTokens());
        this.settings = settings;
    }

    public FineTuning settings() {
        return settings;
    }

    /** What {@link #fit} reports after each optimizer step (1-based) with the step's mean loss. */
    public interface Progress {
        Progress NONE = (step, loss) -> { };

        void stepDone(int step, double loss);
    }

    /** Trains every parameter of {@code model} on {@code examples}, visiting them in a fresh random order per epoch. */
    public void fit(SequenceClassifier model, List<LabelledText> examples) {
        fit(model, examples, Progress.NONE);
    }

    /** {@link #fit(SequenceClassifier, List)}, reporting each step to {@code progress}. */
    public void fit(SequenceClassifier model, List<LabelledText> examples, Progress progress) {
        int[] targets = examples.stream().mapToInt(model.labels()::index).toArray();
        AdamW optimizer = new AdamW(model.parameters(), (float) settings.learningRate().applyAsDouble(0),
                (float) settings.beta1(), (float) settings.beta2(), (float) settings.eps(), (float) settings.weightDecay());
        Rng rng = new Rng(settings.seed());
        int[] order = shuffled(examples.size(), rng);
        int next = 0;
        model.train(true);
        for (int step = 0; step < settings.steps(); step++) {
            optimizer.learningRate((float) settings.learningRate().applyAsDouble(step));
            model.stepSeed(CounterRandom.bits(settings.seed(), step) & Long.MAX_VALUE);
            int rows = Math.min(settings.batch(), examples.size());
            List<String> texts = new ArrayList<>(rows);
            int[] batchTargets = new int[rows];
            for (int r = 0; r < rows; r++) {
                if (next == order.length) {
                    order = shuffled(examples.size(), rng);
                    next = 0;
                }
                texts.add(examples.get(order[next]).text());
                batchTargets[r] = targets[order[next++]];
            }
            try (TensorScope scope = TensorScope.open()) {
                Tensor loss = model.loss(predictor.logits(model, texts), Tensor.ofInts(batchTargets, rows));
                loss.backward();
                if (settings.clip() > 0) {
                    GradientClipping.clip(model.parameters(), settings.clip());
                }
                optimizer.step();
                optimizer.zeroGrad();
                progress.stepDone(step + 1, loss.item());
            }
        }
        model.train(false);
    }

    /** Label probabilities {@code [texts][labels]}, in evaluation mode (no dropout). */
    public float[][] probabilities(SequenceClassifier model, List<String> texts) {
        return predictor.probabilities(model, texts);
    }

    /**
     * Accuracy and mean cross-entropy on labelled {@code examples}; a label the model was not trained on is one
     * {@link dev.basalt.api.BasaltException} naming the record.
     */
    public Evaluation evaluate(SequenceClassifier model, List<LabelledText> examples) {
        int[] targets = examples.stream().mapToInt(model.labels()::index).toArray();
        float[][] p = probabilities(model, examples.stream().map(LabelledText::text).toList());
        int correct = 0;
        double loss = 0;
        for (int i = 0; i < p.length; i++) {
            correct += Predictions.best(p[i]) == targets[i] ? 1 : 0;
            loss -= Math.log(Math.max(p[i][targets[i]], Float.MIN_NORMAL));
        }
        return new Evaluation(examples.size(), correct, loss / Math.max(1, examples.size()));
    }

    private static int[] shuffled(int n, Rng rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * @param count   examples measured
     * @param correct those whose most probable label is theirs
     * @param loss    mean cross-entropy of the true labels
     */
    public record Evaluation(int count, int correct, double loss) {

        public double accuracy() {
            return count == 0 ? Double.NaN : (double) correct / count;
        }
    }
}
