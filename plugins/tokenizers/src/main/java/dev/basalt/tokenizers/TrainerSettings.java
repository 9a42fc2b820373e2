package dev.basalt.tokenizers;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.basalt.api.BasaltException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What every trainer is configured with (the {@code tokenizer} block).
 *
 * @param vocabSize       the vocabulary size to reach, special tokens included
 * @param minFrequency    pairs (BPE, WordPiece) or pieces (Unigram) seen fewer times are not learned
 * @param specialTokens   tokens that get the first ids and are never split
 * @param initialAlphabet chars always in the vocabulary, even when the corpus lacks them
 * @param limitAlphabet   keep at most this many distinct chars (most frequent first); 0 keeps all
 * @param maxWords        bound on distinct words held in memory while counting; rarer words are dropped
 * @param lowercase       (WordPiece) lowercase and strip accents like BERT uncased
 */
record TrainerSettings(int vocabSize, long minFrequency, List<String> specialTokens, Set<String> initialAlphabet,
                       int limitAlphabet, int maxWords, boolean lowercase) {

    static TrainerSettings fromConfig(Config c, String component) {
        try {
            int vocabSize = c.getInt("vocab-size");
            if (vocabSize < 1) {
                throw new BasaltException("tokenizer.vocab-size must be at least 1, got " + vocabSize + ".");
            }
            long minFrequency = c.getLong("min-frequency");
            int limitAlphabet = c.getInt("limit-alphabet");
            int maxWords = c.getInt("max-words");
            if (minFrequency < 0 || limitAlphabet < 0 || maxWords < 1000) {
                throw new BasaltException("tokenizer: min-frequency and limit-alphabet must be >= 0 and max-words >= 1000 (got "
                        + minFrequency + ", " + limitAlphabet + ", " + maxWords + ").");
            }
            Set<String> alphabet = new LinkedHashSet<>();
            for (String s : c.getStringList("initial-alphabet")) {
                s.codePoints().forEach(cp -> alphabet.add(new String(Character.toChars(cp))));
            }
            boolean lowercase = c.hasPath("lowercase") && c.getBoolean("lowercase");
            return new TrainerSettings(vocabSize, minFrequency, new ArrayList<>(c.getStringList("special-tokens")),
                    alphabet, limitAlphabet, maxWords, lowercase);
        } catch (ConfigException e) {
            throw new BasaltException("tokenizer (" + component + "): " + e.getMessage());
        }
    }
}
