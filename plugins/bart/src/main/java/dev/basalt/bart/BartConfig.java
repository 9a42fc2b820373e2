package dev.basalt.bart;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ConfigOrigins;
import dev.basalt.api.model.EncoderDecoderConfig;
import dev.basalt.api.model.ModelSettings;

import java.util.Arrays;

import static dev.basalt.api.model.ModelSettings.intOrAuto;
import static dev.basalt.api.model.ModelSettings.require;

/**
 * The hyper-parameters of a BART encoder-decoder.
 *
 * @param layers         encoder blocks (HF {@code encoder_layers})
 * @param decoderLayers  decoder blocks (HF {@code decoder_layers})
 * @param heads          encoder attention heads (HF {@code encoder_attention_heads})
 * @param decoderHeads   decoder attention heads (HF {@code decoder_attention_heads})
 * @param width          model width (HF {@code d_model}); each stack's heads divide it
 * @param ffnWidth       encoder feed-forward width (HF {@code encoder_ffn_dim})
 * @param decoderFfnWidth decoder feed-forward width (HF {@code decoder_ffn_dim})
 * @param positions      longest sequence (HF {@code max_position_embeddings}); the tables hold two rows more
 * @param activation     the feed-forward activation
 * @param scaleEmbedding whether token embeddings are multiplied by √width (HF {@code scale_embedding})
 * @param tied           whether the head is the shared embedding (HF {@code tie_word_embeddings})
 * @param vocabSize      embedding rows
 * @param dropout        dropout on embeddings and residual branches while training
 * @param initStd        standard deviation of initial weights (HF {@code init_std})
 * @param bosId          the id that begins a sequence
 * @param padId          the id of padding, fed to rows that have finished while others still generate
 * @param eosId          the id that ends a sequence
 * @param decoderStartId the first id the decoder reads (BART: {@code </s>})
 */
public record BartConfig(int layers, int decoderLayers, int heads, int decoderHeads, int width, int ffnWidth,
                         int decoderFfnWidth, int positions, Activation activation, boolean scaleEmbedding,
                         boolean tied, int vocabSize, double dropout, double initStd, int bosId, int padId, int eosId,
                         int decoderStartId) implements EncoderDecoderConfig {

    /** BART's learned position tables skip their first two rows (fairseq reserved them for padding). */
    public static final int POSITION_OFFSET = 2;
    /** HF's BART uses {@code nn.LayerNorm}'s default epsilon everywhere. */
    public static final float NORM_EPS = 1e-5f;

    /** Feed-forward activations under their HF {@code activation_function} names. */
    public enum Activation {
        GELU("gelu"), GELU_NEW("gelu_new"), RELU("relu");

        final String hfName;

        Activation(String hfName) {
            this.hfName = hfName;
        }

        static Activation named(String name, String where, String key) {
            return Arrays.stream(values()).filter(a -> a.hfName.equals(name)).findFirst()
                    .orElseThrow(() -> new BasaltException(where + ": " + key + " = \"" + name + "\" is not supported;"
                            + " bart reads gelu, gelu_new and relu"));
        }
    }

    public BartConfig {
        require(layers > 0 && decoderLayers > 0 && heads > 0 && decoderHeads > 0 && width > 0 && ffnWidth > 0
                && decoderFfnWidth > 0 && positions > 0 && vocabSize > 0, "layers, decoder-layers, heads,"
                + " decoder-heads, width, ffn-width, decoder-ffn-width, positions and vocab-size must all be positive");
        require(width % heads == 0 && width % decoderHeads == 0, "width (" + width + ") must be a multiple of heads ("
                + heads + ") and of decoder-heads (" + decoderHeads + ")");
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
        for (int id : new int[] {bosId, padId, eosId, decoderStartId}) {
            require(id >= 0 && id < vocabSize, "bos, pad, eos and decoder-start ids must lie in [0, vocab-size), got "
                    + id);
        }
    }

    /** The same shape with another vocabulary size. */
    public BartConfig withVocabSize(int vocab) {
        return new BartConfig(layers, decoderLayers, heads, decoderHeads, width, ffnWidth, decoderFfnWidth, positions,
                activation, scaleEmbedding, tied, vocab, dropout, initStd, bosId, padId, eosId, decoderStartId);
    }

    /**
     * Reads the {@code model} block: {@code vocab-size = auto} takes the tokenizer's size, and the decoder's
     * {@code auto} settings equal the encoder's.
     */
    static BartConfig fromConfig(Config model, int tokenizerVocab) {
        int vocab = ModelSettings.vocabSize(model, tokenizerVocab);
        Activation activation = Activation.named(model.getString("activation"), ConfigOrigins.of(model, "activation"),
                "model.activation");
        int layers = model.getInt("layers");
        int heads = model.getInt("heads");
        int ffn = model.getInt("ffn-width");
        try {
            return new BartConfig(layers, intOrAuto(model, "decoder-layers", layers), heads,
                    intOrAuto(model, "decoder-heads", heads), model.getInt("width"), ffn,
                    intOrAuto(model, "decoder-ffn-width", ffn), model.getInt("positions"), activation,
                    model.getBoolean("scale-embedding"), model.getBoolean("tie-embeddings"), vocab,
                    model.getDouble("dropout"), model.getDouble("init-std"), model.getInt("bos-token-id"),
                    model.getInt("pad-token-id"), model.getInt("eos-token-id"),
                    model.getInt("decoder-start-token-id"));
        } catch (IllegalArgumentException e) {
            throw new BasaltException(ConfigOrigins.ofMostSpecific(model, "heads", "decoder-heads", "width", "layers",
                    "decoder-layers", "ffn-width", "decoder-ffn-width", "positions", "vocab-size", "dropout",
                    "bos-token-id", "pad-token-id", "eos-token-id", "decoder-start-token-id") + ": model block: "
                    + e.getMessage());
        }
    }
}
