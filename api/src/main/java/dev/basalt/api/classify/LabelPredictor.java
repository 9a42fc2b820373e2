package dev.basalt.api.classify;

import dev.basalt.api.BasaltException;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;
import dev.basalt.api.tokenizer.BatchOptions;
import dev.basalt.api.tokenizer.Encoding;
import dev.basalt.api.tokenizer.Tokenizer;

import java.util.Arrays;
import java.util.List;

/** Runs a {@link SequenceClassifier} on raw texts: tokenized, cut to a length, padded per batch. */
public final class LabelPredictor {

    /** Texts per forward pass when only predicting. */
    private static final int PREDICT_BATCH = 32;

    private final Tokenizer tokenizer;
    private final int maxTokens;

    /** @param maxTokens texts are cut to this many tokens, special tokens included */
    public LabelPredictor(Tokenizer tokenizer, int maxTokens) {
        if (tokenizer.padToken().isEmpty()) {
            throw new BasaltException("the tokenizer has no pad token, which batches of texts of different lengths"
                    + " need; use a tokenizer.json whose padding or vocabulary names one ([PAD] or <pad>)");
        }
        this.tokenizer = tokenizer;
        this.maxTokens = maxTokens;
    }

    /** Label probabilities {@code [texts][labels]}, in evaluation mode (no dropout). */
    public float[][] probabilities(SequenceClassifier model, List<String> texts) {
        float[][] out = new float[texts.size()][];
        model.train(false);
        int labels = model.labels().size();
        try (NoGrad ignored = NoGrad.enter()) {
            for (int from = 0; from < texts.size(); from += PREDICT_BATCH) {
                List<String> part = texts.subList(from, Math.min(texts.size(), from + PREDICT_BATCH));
                try (TensorScope scope = TensorScope.open()) {
                    float[] p = logits(model, part).softmax(1).toFloatArray();
                    for (int r = 0; r < part.size(); r++) {
                        out[from + r] = Arrays.copyOfRange(p, r * labels, (r + 1) * labels);
                    }
                }
            }
        }
        return out;
    }

    /** The logits {@code [texts, labels]} of one batch, in the model's current mode. */
    Tensor logits(SequenceClassifier model, List<String> texts) {
        List<Encoding> encodings = tokenizer.encodeBatch(texts, new BatchOptions(true, maxTokens,
                Encoding.Side.RIGHT, BatchOptions.Padding.LONGEST, 0, Encoding.Side.RIGHT));
        int rows = encodings.size();
        int length = encodings.getFirst().length();
        int[] ids = new int[rows * length];
        float[] valid = new float[rows * length];
        for (int r = 0; r < rows; r++) {
            Encoding e = encodings.get(r);
            System.arraycopy(e.ids(), 0, ids, r * length, length);
            for (int t = 0; t < length; t++) {
                valid[r * length + t] = e.attentionMask()[t];
            }
        }
        return model.logits(Tensor.ofInts(ids, rows, length), Tensor.of(valid, rows, length));
    }
}
