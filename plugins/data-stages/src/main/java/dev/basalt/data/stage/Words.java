package dev.basalt.data.stage;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into normalised words: NFKC, lower case, and only runs of letters and digits, so that line
 * breaks, spacing and punctuation do not change the result.
 */
public final class Words {

    private Words() {
    }

    /** The normalised words of a text. */
    public static List<String> normalized(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            boolean wordChar = Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK
                    || Character.getType(cp) == Character.COMBINING_SPACING_MARK;
            if (wordChar && start < 0) {
                start = i;
            } else if (!wordChar && start >= 0) {
                words.add(folded.substring(start, i));
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            words.add(folded.substring(start));
        }
        return words;
    }

    /** Hashes of the words, for n-gram work. */
    public static long[] hashes(List<String> words) {
        long[] hashes = new long[words.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = Hashing.hash64(words.get(i), 0x5bd1e995L);
        }
        return hashes;
    }

    /** The hash of the words {@code [from, from + n)}. */
    public static long ngramHash(long[] wordHashes, int from, int n) {
        long h = n;
        for (int i = from; i < from + n; i++) {
            h = Hashing.combine(h, wordHashes[i]);
        }
        return h;
    }
}
