package dev.basalt.data.stage;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word shingles and their exact Jaccard similarity, computed here from scratch (not through the stage) as the
 * ground truth of the deduplication tests, plus random texts to build labelled sets from.
 */
final class Shingles {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{Nd}\\p{Mn}\\p{Mc}]+");

    private Shingles() {
    }

    /** Lower-cased NFKC runs of letters and digits. */
    static List<String> words(String text) {
        Matcher m = WORD.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT));
        List<String> words = new ArrayList<>();
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    /** The set of runs of {@code size} words; a text with fewer words is one shingle of all of them. */
    static Set<String> of(String text, int size) {
        List<String> words = words(text);
        Set<String> shingles = new HashSet<>();
        if (words.size() < size) {
            shingles.add(String.join(" ", words));
            return shingles;
        }
        for (int i = 0; i + size <= words.size(); i++) {
            shingles.add(String.join(" ", words.subList(i, i + size)));
        }
        return shingles;
    }

    /** |a ∩ b| / |a ∪ b|. */
    static double jaccard(Set<String> a, Set<String> b) {
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        int common = 0;
        for (String s : small) {
            if (large.contains(s)) {
                common++;
            }
        }
        return (double) common / (a.size() + b.size() - common);
    }

    /** A random lower-case word of 3 to 10 letters. */
    static String randomWord(Random random) {
        char[] letters = new char[3 + random.nextInt(8)];
        for (int i = 0; i < letters.length; i++) {
            letters[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(letters);
    }

    static List<String> randomWords(Random random, int count) {
        List<String> words = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            words.add(randomWord(random));
        }
        return words;
    }

    /** The words with {@code edits} random single-word edits: a substitution, an insertion or a deletion each. */
    static List<String> edited(List<String> words, int edits, Random random) {
        List<String> out = new ArrayList<>(words);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(out.size());
            switch (random.nextInt(3)) {
                case 0 -> out.set(at, randomWord(random));
                case 1 -> out.add(at, randomWord(random));
                default -> {
                    if (out.size() > 1) {
                        out.remove(at);
                    }
                }
            }
        }
        return out;
    }
}
