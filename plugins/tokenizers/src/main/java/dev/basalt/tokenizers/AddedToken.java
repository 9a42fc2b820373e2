package dev.basalt.tokenizers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token matched in the text before the model runs (special tokens like {@code [CLS]} or
 * {@code <|endoftext|>}, and user-added words).
 *
 * @param lstrip     also swallow whitespace on the left
 * @param rstrip     also swallow whitespace on the right
 * @param singleWord only match when not inside a word
 * @param normalized match against the normalized text instead of the original
 * @param special    dropped by decode when special tokens are skipped
 */
record AddedToken(int id, String content, boolean singleWord, boolean lstrip, boolean rstrip, boolean normalized,
                  boolean special) {

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", (long) id);
        m.put("content", content);
        m.put("single_word", singleWord);
        m.put("lstrip", lstrip);
        m.put("rstrip", rstrip);
        m.put("normalized", normalized);
        m.put("special", special);
        return m;
    }
}
