package dev.basalt.t5;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ConfigOrigins;
import dev.basalt.api.model.EncoderDecoderConfig;
import dev.basalt.api.model.ModelSettings;

import static dev.basalt.api.model.ModelSettings.intOrAuto;
import static dev.basalt.api.model.ModelSettings.require;

/**
 * The hyper-parameters of a T5 encoder-decoder. The two published variants differ only in values held here:
 * v1.0 has a ReLU feed-forward and a head tied to the shared embedding (its input rescaled by
 * {@code width^-0.5}); v1.1 has a gated-GELU feed-forward and an untied head.
 *
 * @param layers         encoder blocks (HF {@code num_layers})
 * @param decoderLayers  decoder blocks (HF {@code num_decoder_layers})
 * @param heads          attention heads
 * @param headWidth      width of one head (HF {@code d_kv}); heads × headWidth need not equal width
 * @param width          model width (HF {@code d_model})
 * @param ffnWidth       hidden width of the feed-forward network (HF {@code d_ff})
 * @param feedForward    ReLU or gated GELU
 * @param tied           whether the head shares the embedding (and rescales its input by width^-0.5)
 * @param buckets        relative position buckets (HF {@code relative_attention_num_buckets})
 * @param maxDistance    distance at which buckets stop growing (HF {@code relative_attention_max_distance})
 * @param vocabSize      embedding rows
 * @param normEps        epsilon of the RMS norms
 * @param dropout        dropout rate while training
 * @param initFactor     scale of every initial standard deviation (HF {@code initializer_factor})
 * @param decoderStartId the first id the decoder reads when generating
 * @param eosId          the id that ends a generated sequence
 * @param padId          the id of padding, fed to finished rows while others still generate
 */
public record T5Config(int layers, int decoderLayers, int heads, int headWidth, int width, int ffnWidth,
                       FeedForward feedForward, boolean tied, int buckets, int maxDistance, int vocabSize,
                       double normEps, double dropout, double initFactor, int decoderStartId, int eosId, int padId)
        implements EncoderDecoderConfig {

    /** The feed-forward variants: T5 v1.0's ReLU and v1.1's gated GELU (tanh approximation, HF's gelu_new). */
    public enum FeedForward {
        RELU("relu"), GATED_GELU("gated-gelu");

        final String hfName;

        FeedForward(String hfName) {
            this.hfName = hfName;
        }
    }

    public T5Config {
        require(layers > 0 && decoderLayers > 0 && heads > 0 && headWidth > 0 && width > 0 && ffnWidth > 0
                && vocabSize > 0, "layers, decoder-layers, heads, head-width, width, ffn-width and vocab-size must all"
                + " be positive");
        require(buckets >= 4 && buckets % 2 == 0, "relative-buckets must be an even number of at least 4, got " + buckets);
        require(maxDistance > buckets / 4, "relative-max-distance (" + maxDistance + ") must exceed a quarter of the"
                + " buckets (" + buckets / 4 + "), where the logarithmic buckets begin");
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
        for (int id : new int[] {decoderStartId, eosId, padId}) {
            require(id >= 0 && id < vocabSize, "decoder-start, eos and pad ids must lie in [0, vocab-size), got " + id);
        }
    }

    /** Width of all heads together, the inner width of attention. */
    public int innerWidth() {
        return heads * headWidth;
    }

    /** The same shape with another vocabulary size. */
    public T5Config withVocabSize(int vocab) {
        return new T5Config(layers, decoderLayers, heads, headWidth, width, ffnWidth, feedForward, tied, buckets,
                maxDistance, vocab, normEps, dropout, initFactor, decoderStartId, eosId, padId);
    }

    /**
     * Reads the {@code model} block. {@code variant} picks the feed-forward and tying that {@code auto} stands for;
     * {@code vocab-size = auto} takes the tokenizer's size and {@code decoder-layers = auto} equals {@code layers}.
     */
    static T5Config fromConfig(Config model, int tokenizerVocab) {
        boolean v10 = switch (model.getString("variant")) {
            case "v1.0" -> true;
            case "v1.1" -> false;
            default -> throw new BasaltException(ConfigOrigins.of(model, "variant") + ": model.variant = \"" + model.getString("variant")
                    + "\" is not known; use v1.0 or v1.1");
        };
        FeedForward ffn = switch (model.getString("feed-forward")) {
            case "auto" -> v10 ? FeedForward.RELU : FeedForward.GATED_GELU;
            case "relu" -> FeedForward.RELU;
            case "gated-gelu" -> FeedForward.GATED_GELU;
            default -> throw new BasaltException(ConfigOrigins.of(model, "feed-forward") + ": model.feed-forward = \"" + model.getString("feed-forward")
                    + "\" is not known; use auto, relu or gated-gelu");
        };
        boolean tied = model.getString("tie-embeddings").equals("auto") ? v10 : model.getBoolean("tie-embeddings");
        int vocab = ModelSettings.vocabSize(model, tokenizerVocab);
        int layers = model.getInt("layers");
        try {
            return new T5Config(layers, intOrAuto(model, "decoder-layers", layers), model.getInt("heads"),
                    model.getInt("head-width"), model.getInt("width"), model.getInt("ffn-width"), ffn, tied,
                    model.getInt("relative-buckets"), model.getInt("relative-max-distance"), vocab,
                    model.getDouble("norm-eps"), model.getDouble("dropout"), model.getDouble("init-factor"),
                    model.getInt("decoder-start-token-id"), model.getInt("eos-token-id"), model.getInt("pad-token-id"));
        } catch (IllegalArgumentException e) {
            throw new BasaltException(ConfigOrigins.ofMostSpecific(model, "heads", "head-width", "width", "layers",
                    "decoder-layers", "ffn-width", "relative-buckets", "relative-max-distance", "vocab-size", "dropout",
                    "decoder-start-token-id", "eos-token-id", "pad-token-id") + ": model block: " + e.getMessage());
        }
    }
}
