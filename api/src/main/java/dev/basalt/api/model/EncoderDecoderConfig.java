package dev.basalt.api.model;

/**
 * What {@link EncoderDecoderModel} reads from an encoder-decoder's hyper-parameters; an architecture's config record
 * implements it with accessors of these names.
 */
public interface EncoderDecoderConfig {

    /** Embedding rows, and so the width of the logits. */
    int vocabSize();

    /** Decoder blocks, one {@link EncoderDecoderCache} layer each. */
    int decoderLayers();

    /** The id the decoder reads first when generating. */
    int decoderStartId();

    /** The id that ends a generated sequence. */
    int eosId();

    /** The id that begins every encoder input in training, or -1 (the default) when there is none. */
    default int bosId() {
        return -1;
    }
}
