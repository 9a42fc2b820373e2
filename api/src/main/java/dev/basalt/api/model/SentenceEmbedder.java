package dev.basalt.api.model;

import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;
import dev.basalt.api.tokenizer.Encoding;
import dev.basalt.api.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Sentence vectors from an encoder, as sentence-transformers computes them for models such as all-MiniLM-L6-v2: each
 * text is encoded with the tokenizer's special tokens, the last hidden states are averaged over the real tokens
 * (padding excluded by the attention mask), and the mean is scaled to unit length.
 */
public final class SentenceEmbedder {

    private final EncoderModel model;
    private final Tokenizer tokenizer;
    private final int maxLength;
    private final int batchSize;

    /**
     * @param maxLength longest encoding in tokens, special tokens included; longer texts lose their last tokens
     *                  (the closing special tokens stay). It is capped at the model's {@link EncoderModel#maxLength()}.
     * @param batchSize texts run through the model together, padded to the longest of them
     */
    public SentenceEmbedder(EncoderModel model, Tokenizer tokenizer, int maxLength, int batchSize) {
        if (maxLength < 1 || batchSize < 1) {
            throw new IllegalArgumentException("maxLength and batchSize must be positive");
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.maxLength = Math.min(maxLength, model.maxLength());
        this.batchSize = batchSize;
    }

    /** One unit-length vector of {@link EncoderModel#hiddenSize()} floats per text, in order. */
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int start = 0; start < texts.size(); start += batchSize) {
            out.addAll(embedBatch(texts.subList(start, Math.min(texts.size(), start + batchSize))));
        }
        return out;
    }

    private List<float[]> embedBatch(List<String> texts) {
        List<Encoding> encodings = new ArrayList<>(texts.size());
        int longest = 1;
        for (String text : texts) {
            Encoding e = fitted(tokenizer.encode(text, true));
            encodings.add(e);
            longest = Math.max(longest, e.length());
        }
        int rows = texts.size();
        int[] ids = new int[rows * longest];
        int[] types = new int[rows * longest];
        float[] valid = new float[rows * longest];
        for (int r = 0; r < rows; r++) {
            Encoding e = encodings.get(r);
            for (int i = 0; i < e.length(); i++) {
                ids[r * longest + i] = e.ids()[i];
                types[r * longest + i] = e.typeIds()[i];
                valid[r * longest + i] = e.attentionMask()[i];
            }
        }
        float[] hidden;
        try (NoGrad ignored = NoGrad.enter(); TensorScope scope = TensorScope.open()) {
            Tensor h = model.encode(Tensor.ofInts(ids, rows, longest), Tensor.ofInts(types, rows, longest),
                    Tensor.of(valid, rows, longest));
            hidden = h.toFloatArray();
        }
        int width = model.hiddenSize();
        List<float[]> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            out.add(meanOfRealTokens(hidden, valid, r, longest, width));
        }
        return out;
    }

    /**
     * The encoding cut to {@code maxLength} as Hugging Face truncates before its post-processor: the text's tokens
     * are cut at the end, and the special tokens that close the sequence ({@code [SEP]}) are kept.
     */
    private Encoding fitted(Encoding e) {
        if (e.length() <= maxLength) {
            return e;
        }
        int closing = 0;
        while (closing < e.length() && closing < maxLength && e.specialTokensMask()[e.length() - 1 - closing] == 1) {
            closing++;
        }
        return e.truncate(maxLength - closing, Encoding.Side.RIGHT).concat(e.truncate(closing, Encoding.Side.LEFT));
    }

    private static float[] meanOfRealTokens(float[] hidden, float[] valid, int row, int length, int width) {
        double[] sum = new double[width];
        double count = 0;
        for (int i = 0; i < length; i++) {
            float w = valid[row * length + i];
            if (w == 0) {
                continue;
            }
            count += w;
            int base = (row * length + i) * width;
            for (int d = 0; d < width; d++) {
                sum[d] += w * hidden[base + d];
            }
        }
        double norm = 0;
        for (int d = 0; d < width; d++) {
            sum[d] /= Math.max(count, 1e-9);
            norm += sum[d] * sum[d];
        }
        double scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
        float[] vector = new float[width];
        for (int d = 0; d < width; d++) {
            vector[d] = (float) (sum[d] * scale);
        }
        return vector;
    }
}
