package dev.basalt.bert;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ConfigOrigins;
import dev.basalt.api.model.ModelSettings;
import dev.basalt.api.tensor.Tensor;

import java.util.Locale;

import static dev.basalt.api.model.ModelSettings.require;

/**
 * The hyper-parameters of a BERT-family encoder. Every variant is post-LayerNorm with learned positions and a GELU
 * feed-forward network; they differ in names and in a few details:
 * <ul>
 *   <li>{@link Variant#BERT}: token type embeddings, positions {@code 0, 1, ...}; HF names {@code bert.*} and
 *       {@code cls.predictions.*};</li>
 *   <li>{@link Variant#ROBERTA}: positions start after the padding id ({@code pad + 1 + i}, padding itself at
 *       {@code pad}), one token type; HF names {@code roberta.*} and {@code lm_head.*};</li>
 *   <li>{@link Variant#DISTILBERT}: no token types and no pooler; HF names {@code distilbert.*} and
 *       {@code vocab_*};</li>
 *   <li>{@link Variant#ALBERT}: factorized embeddings (width {@code embeddingWidth}, projected to {@code width}) and
 *       one set of layer parameters shared by all layers; HF names {@code albert.*} and {@code predictions.*}.</li>
 * </ul>
 *
 * @param variant        BERT, RoBERTa, DistilBERT or ALBERT
 * @param layers         transformer blocks (ALBERT: applications of its one shared block)
 * @param heads          attention heads
 * @param width          hidden size
 * @param embeddingWidth width of the embeddings; differs from {@code width} only for ALBERT
 * @param ffnWidth      intermediate size of the feed-forward network
 * @param maxPositions  rows of the position table
 * @param vocabSize     rows of the word embedding (and columns of the MLM logits)
 * @param typeVocabSize token types; 0 means no token type embedding
 * @param normEps       LayerNorm epsilon
 * @param activation    the feed-forward (and MLM transform) activation
 * @param dropout       dropout on embeddings and residual branches while training
 * @param padTokenId    the padding id, from which RoBERTa counts positions
 * @param pooler        whether the model has the pooler (dense + tanh on the first token)
 * @param mlmHead       whether the model has the masked-language-model head
 * @param initStd       standard deviation of initial weights
 */
public record BertConfig(Variant variant, int layers, int heads, int width, int embeddingWidth, int ffnWidth, int maxPositions,
                         int vocabSize, int typeVocabSize, double normEps, Activation activation, double dropout,
                         int padTokenId, boolean pooler, boolean mlmHead, double initStd) {

    /** The layouts that share this code. */
    public enum Variant {
        BERT("bert", Names.BERT), ROBERTA("roberta", Names.ROBERTA), DISTILBERT("distilbert", Names.DISTILBERT),
        ALBERT("albert", Names.ALBERT);

        final String configName;
        final Names names;

        Variant(String configName, Names names) {
            this.configName = configName;
            this.names = names;
        }

        /** The HF {@code model_type}, which is also the name in {@code model.variant}. */
        public String modelType() {
            return configName;
        }
    }

    /** Feed-forward activations, with their HF {@code hidden_act} names. */
    public enum Activation {
        GELU("gelu"), GELU_TANH("gelu_new"), RELU("relu");

        final String hfName;

        Activation(String hfName) {
            this.hfName = hfName;
        }

        Tensor apply(Tensor x) {
            return switch (this) {
                case GELU -> x.gelu();
                case GELU_TANH -> x.geluTanh();
                case RELU -> x.relu();
            };
        }

        static Activation fromHf(String name) {
            return switch (name) {
                case "gelu" -> GELU;
                case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> GELU_TANH;
                case "relu" -> RELU;
                default -> throw new IllegalArgumentException("hidden_act \"" + name
                        + "\" is not supported; use gelu, gelu_new (tanh) or relu");
            };
        }
    }

    public BertConfig {
        require(layers > 0 && heads > 0 && width > 0 && embeddingWidth > 0 && ffnWidth > 0 && maxPositions > 0 && vocabSize > 0,
                "layers, heads, width, ffn-width, max-positions and vocab-size must all be positive");
        require(variant == Variant.ALBERT || embeddingWidth == width, "only the albert variant has an embedding width"
                + " (" + embeddingWidth + ") other than its width (" + width + ")");
        require(variant != Variant.DISTILBERT || (!pooler && typeVocabSize == 0), "distilbert has no pooler and no"
                + " token types: set pooler = false and type-vocab-size = 0");
        require(width % heads == 0, "width (" + width + ") must be a multiple of heads (" + heads + ")");
        require(typeVocabSize >= 0, "type-vocab-size must be 0 (none) or more");
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
        require(padTokenId >= 0 && padTokenId < vocabSize, "pad-token-id (" + padTokenId + ") must be an id below "
                + "vocab-size (" + vocabSize + ")");
        require(variant != Variant.ROBERTA || maxPositions > padTokenId + 1, "a roberta position table needs more "
                + "than pad-token-id + 1 rows");
    }

    public int headWidth() {
        return width / heads;
    }

    /** The longest sequence: RoBERTa spends {@code pad + 1} rows of its table before the first position. */
    public int maxLength() {
        return variant == Variant.ROBERTA ? maxPositions - padTokenId - 1 : maxPositions;
    }

    /** The same model with or without its pooler and MLM head. */
    public BertConfig withHeads(boolean withPooler, boolean withMlm) {
        return new BertConfig(variant, layers, heads, width, embeddingWidth, ffnWidth, maxPositions, vocabSize, typeVocabSize, normEps,
                activation, dropout, padTokenId, withPooler, withMlm, initStd);
    }

    /** Reads the {@code model} block; {@code vocab-size = auto} is the tokenizer's size, {@code ffn-width = auto} 4 × width. */
    static BertConfig fromConfig(Config model, int tokenizerVocab) {
        String variantName = model.getString("variant");
        Variant variant = null;
        for (Variant v : Variant.values()) {
            if (v.configName.equals(variantName)) {
                variant = v;
            }
        }
        if (variant == null) {
            throw new BasaltException(ConfigOrigins.of(model, "variant") + ": model.variant = \"" + variantName
                    + "\" is not known; use bert, roberta, distilbert or albert");
        }
        int width = model.getInt("width");
        int embedding = model.getString("embedding-width").equals("auto") ? width : model.getInt("embedding-width");
        int ffn = model.getString("ffn-width").equals("auto") ? 4 * width : model.getInt("ffn-width");
        int vocab = ModelSettings.vocabSize(model, tokenizerVocab);
        try {
            return new BertConfig(variant, model.getInt("layers"), model.getInt("heads"), width, embedding, ffn,
                    model.getInt("max-positions"), vocab, model.getInt("type-vocab-size"), model.getDouble("norm-eps"),
                    Activation.fromHf(model.getString("activation").toLowerCase(Locale.ROOT)), model.getDouble("dropout"),
                    model.getInt("pad-token-id"), model.getBoolean("pooler"), model.getBoolean("mlm-head"),
                    model.getDouble("init-std"));
        } catch (IllegalArgumentException e) {
            throw new BasaltException(ConfigOrigins.ofMostSpecific(model, "heads", "width", "layers", "variant",
                    "embedding-width", "ffn-width", "max-positions", "vocab-size", "type-vocab-size", "pooler",
                    "activation", "dropout", "pad-token-id") + ": model block: " + e.getMessage());
        }
    }
}
