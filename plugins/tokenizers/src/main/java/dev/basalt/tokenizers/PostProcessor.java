package dev.basalt.tokenizers;

import dev.basalt.api.tokenizer.Encoding;

import java.util.Map;

/** Adds the special tokens around an encoded text or pair ({@code [CLS] A [SEP] B [SEP]}, BOS/EOS). */
interface PostProcessor {

    /**
     * @param second the second text of a pair, or null
     */
    Encoding process(Encoding first, Encoding second, boolean addSpecialTokens);

    /** How many tokens {@link #process} adds for a single text or a pair. */
    int addedTokens(boolean pair);

    Map<String, Object> toJson();
}
