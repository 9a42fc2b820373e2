package dev.basalt.tokenizers;

import java.util.Map;

/** A text-to-text step before pre-tokenization (lowercasing, accent removal, Unicode normalization, ...). */
interface Normalizer {

    NormalizedText normalize(NormalizedText in);

    /** The {@code normalizer} object of a tokenizer.json. */
    Map<String, Object> toJson();
}
