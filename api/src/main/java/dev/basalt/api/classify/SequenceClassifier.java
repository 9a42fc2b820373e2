package dev.basalt.api.classify;

import dev.basalt.api.model.EncoderModel;
import dev.basalt.api.objective.ClassificationObjective;
import dev.basalt.api.nn.Dropout;
import dev.basalt.api.nn.Linear;
import dev.basalt.api.nn.Parameter;
import dev.basalt.api.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An encoder with a classification head: the objective's feature of each text (the first token's last hidden state,
 * or the mean over real tokens), dropout, then a linear layer to one logit per label. The head's parameters carry
 * Hugging Face's names, {@code classifier.weight [labels, hidden]} and {@code classifier.bias}.
 */
public final class SequenceClassifier {

    /** The site number of the head's dropout mask, apart from the encoder's sites. */
    private static final int HEAD_DROPOUT_SITE = 1 << 20;

    private final EncoderModel encoder;
    private final Linear classifier;
    private final LabelSet labels;
    private final ClassificationObjective objective;
    private long stepSeed = -1;
    private boolean training;

    /**
     * @param objective the features the head reads, their dropout in training, and the loss
     * @param seed      seeds the head's initial weights (normal, std 0.02 as HF's {@code initializer_range})
     */
    public SequenceClassifier(EncoderModel encoder, LabelSet labels, ClassificationObjective objective, long seed) {
        this.encoder = encoder;
        this.labels = labels;
        this.objective = objective;
        this.classifier = new Linear(encoder.hiddenSize(), labels.size(), true, 0.02f, seed);
    }

    public LabelSet labels() {
        return labels;
    }

    public EncoderModel encoder() {
        return encoder;
    }

    /** Logits {@code [rows, labels]} of {@code ids [rows, T]} with {@code keyValid [rows, T]} (1 real, 0 pad). */
    public Tensor logits(Tensor ids, Tensor keyValid) {
        Tensor features = objective.features(encoder.encode(ids, null, keyValid), keyValid);
        return classifier.forward(Dropout.atSite(features, objective.dropout(), training ? stepSeed : -1,
                HEAD_DROPOUT_SITE));
    }

    /** The objective's mean loss of {@code logits [rows, labels]} against label indices {@code [rows]}. */
    public Tensor loss(Tensor logits, Tensor labels) {
        return objective.loss(logits, labels);
    }

    /** Training mode (dropout on, seeded per step by {@link #stepSeed}) or evaluation mode. */
    public void train(boolean on) {
        training = on;
        encoder.module().train(on);
    }

    /** Seeds the dropout masks of the next training forward passes. */
    public void stepSeed(long seed) {
        stepSeed = seed;
        encoder.dropoutSeed(seed);
    }

    /** The encoder's parameters, then the head's. */
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>(encoder.module().parameters());
        classifier.parameters().forEach(p -> out.add(new Parameter("classifier." + p.name(), p.tensor())));
        return out;
    }

    /**
     * Loads the head's weights, {@code classifier.weight} and {@code classifier.bias}, from {@code tensors}; a missing
     * or misshapen one is a {@link dev.basalt.api.BasaltException} naming {@code source}.
     */
    public void loadHead(Map<String, Tensor> tensors, String source) {
        Map<String, Tensor> head = new LinkedHashMap<>();
        tensors.forEach((name, t) -> head.put(name.startsWith("classifier.") ? name.substring(11) : name, t));
        classifier.loadState(head, source);
    }

    /** Every parameter by its Hugging Face name. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        parameters().forEach(p -> out.put(p.name(), p.tensor()));
        return out;
    }
}
