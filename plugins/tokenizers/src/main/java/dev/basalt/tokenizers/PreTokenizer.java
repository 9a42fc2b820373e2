package dev.basalt.tokenizers;

import java.util.List;
import java.util.Map;

/** Splits normalized text into the pieces (words) the model tokenizes one by one. */
interface PreTokenizer {

    /**
     * Splits one piece, appending the resulting pieces to {@code out}.
     *
     * @param first whether this piece starts the text (Metaspace's "first" prepend scheme needs to know)
     */
    void split(NormalizedText piece, boolean first, List<NormalizedText> out);

    /** The {@code pre_tokenizer} object of a tokenizer.json. */
    Map<String, Object> toJson();
}
