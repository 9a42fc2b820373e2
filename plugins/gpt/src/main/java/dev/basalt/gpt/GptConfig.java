package dev.basalt.gpt;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ConfigOrigins;
import dev.basalt.api.model.ModelSettings;

import static dev.basalt.api.model.ModelSettings.intOrAuto;
import static dev.basalt.api.model.ModelSettings.require;

/**
 * The hyper-parameters of a decoder, in one of two layouts that share the same code:
 * <ul>
 *   <li>{@link Layout#GPT2}: learned positions, pre-LayerNorm with biases, GELU (tanh) MLP, biases everywhere,
 *       head tied to the token embedding;</li>
 *   <li>{@link Layout#LLAMA}: rotary positions, RMSNorm, SwiGLU feed-forward, grouped-query attention, no biases,
 *       untied head.</li>
 * </ul>
 *
 * @param layout    GPT-2 or Llama
 * @param layers    transformer blocks
 * @param heads     query heads
 * @param kvHeads   key/value heads (fewer than {@code heads} is grouped-query attention)
 * @param width     model width (d_model)
 * @param ffnWidth  hidden width of the feed-forward network
 * @param context   longest sequence
 * @param vocabSize embedding rows
 * @param normEps   epsilon of the norms
 * @param ropeTheta rotary base (Llama layout)
 * @param dropout   dropout on embeddings, attention output and MLP output while training
 * @param tied      whether the output head shares the token embedding's weights
 * @param initStd   standard deviation of the initial weights
 */
public record GptConfig(Layout layout, int layers, int heads, int kvHeads, int width, int ffnWidth, int context,
                        int vocabSize, double normEps, double ropeTheta, double dropout, boolean tied,
                        double initStd) {

    /** The two block layouts. */
    public enum Layout { GPT2, LLAMA }

    public GptConfig {
        require(layers > 0 && heads > 0 && kvHeads > 0 && width > 0 && ffnWidth > 0 && context > 0 && vocabSize > 0,
                "layers, heads, kv-heads, width, ffn-width, context and vocab-size must all be positive");
        require(width % heads == 0, "width (" + width + ") must be a multiple of heads (" + heads + ")");
        require(heads % kvHeads == 0, "heads (" + heads + ") must be a multiple of kv-heads (" + kvHeads + ")");
        require(layout == Layout.LLAMA || kvHeads == heads, "the gpt2 layout has no grouped-query attention: "
                + "kv-heads must equal heads");
        require(layout == Layout.GPT2 || (width / heads) % 2 == 0, "rotary positions need an even head width");
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
    }

    public int headWidth() {
        return width / heads;
    }

    /** The same shape with another vocabulary size. */
    public GptConfig withVocabSize(int vocab) {
        return new GptConfig(layout, layers, heads, kvHeads, width, ffnWidth, context, vocab, normEps, ropeTheta,
                dropout, tied, initStd);
    }

    /**
     * Reads the {@code model} block. {@code vocab-size = auto} takes the tokenizer's size, {@code kv-heads = auto} the
     * number of heads; {@code ffn-width = auto}
     * is 4 × width (GPT-2) or the Llama rule (2/3 of 4 × width, rounded up to a multiple of 256).
     */
    static GptConfig fromConfig(Config model, int tokenizerVocab) {
        Layout layout = switch (model.getString("layout")) {
            case "gpt2" -> Layout.GPT2;
            case "llama" -> Layout.LLAMA;
            default -> throw new BasaltException(ConfigOrigins.of(model, "layout") + ": model.layout = \"" + model.getString("layout")
                    + "\" is not known; use gpt2 or llama");
        };
        int width = model.getInt("width");
        int ffn = intOrAuto(model, "ffn-width", layout == Layout.GPT2 ? 4 * width : llamaFfn(width));
        int vocab = ModelSettings.vocabSize(model, tokenizerVocab);
        boolean tied = model.getString("tie-embeddings").equals("auto") ? layout == Layout.GPT2
                : model.getBoolean("tie-embeddings");
        try {
            int heads = model.getInt("heads");
            return new GptConfig(layout, model.getInt("layers"), heads, intOrAuto(model, "kv-heads", heads), width,
                    ffn, model.getInt("context"), vocab, model.getDouble("norm-eps"), model.getDouble("rope-theta"),
                    model.getDouble("dropout"), tied, model.getDouble("init-std"));
        } catch (IllegalArgumentException e) {
            throw new BasaltException(ConfigOrigins.ofMostSpecific(model, "heads", "width", "kv-heads", "layers",
                    "ffn-width", "context", "vocab-size", "layout", "dropout") + ": model block: " + e.getMessage());
        }
    }

    private static int llamaFfn(int width) {
        int hidden = 2 * 4 * width / 3;
        return (hidden + 255) / 256 * 256;
    }
}
