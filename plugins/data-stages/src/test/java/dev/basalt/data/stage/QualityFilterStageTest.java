package dev.basalt.data.stage;

import dev.basalt.api.BasaltException;
import dev.basalt.api.data.DataStage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.basalt.data.stage.StageHarness.removalReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each rule gets a constructed document that fails that rule and no other: the stage removes it with the
 * rule's name, and the same stage with only that rule switched off keeps it. Documents are built from distinct
 * made-up words of a fixed length (so no n-gram repeats unless planted) plus the stop words "the" and "of";
 * the statistics are worked out by hand in the comments.
 */
class QualityFilterStageTest {

    private static final Set<String> STOP_WORDS = Set.of("the", "be", "to", "of", "and", "that", "have", "with");

    private int counter;

    /** A word of lower-case letters never returned before, never a stop word. */
    private String fresh(int length) {
        while (true) {
            char[] letters = new char[length];
            int value = counter++;
            for (int i = length - 1; i >= 0; i--) {
                letters[i] = (char) ('a' + value % 26);
                value /= 26;
            }
            String word = new String(letters);
            if (!STOP_WORDS.contains(word)) {
                return word;
            }
        }
    }

    private List<String> fresh(int count, int length) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            words.add(fresh(length));
        }
        return words;
    }

    /** "the of" and {@code count} fresh five-letter words: 2 stop words, word characters 5 + 5 * count. */
    private List<String> base(int count) {
        List<String> words = new ArrayList<>(List.of("the", "of"));
        words.addAll(fresh(count, 5));
        return words;
    }

    private static String join(List<String> words) {
        return String.join(" ", words);
    }

    /** Words cut into lines of {@code perLine}. */
    private static List<String> lines(List<String> words, int perLine) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < words.size(); i += perLine) {
            lines.add(join(words.subList(i, Math.min(words.size(), i + perLine))));
        }
        return lines;
    }

    private static Object[] settings(Map<String, Object> settings) {
        List<Object> list = new ArrayList<>();
        settings.forEach((k, v) -> {
            list.add(k);
            list.add(v);
        });
        return list.toArray();
    }

    private static DataStage filter(Map<String, Object> settings) {
        return StageHarness.stage("quality-filter", settings(settings));
    }

    private static DataStage filter(Object... keysAndValues) {
        return StageHarness.stage("quality-filter", keysAndValues);
    }

    /** Removed as {@code reason} under {@code settings}; kept when {@code off} is added to them. */
    private static void assertOnlyRule(String reason, String text, Map<String, Object> settings, Object... off) {
        assertEquals(reason, removalReason(filter(settings), text), text);
        Map<String, Object> without = new LinkedHashMap<>(settings);
        for (int i = 0; i < off.length; i += 2) {
            without.put((String) off[i], off[i + 1]);
        }
        assertNull(removalReason(filter(without), text), "kept with " + reason + " switched off: " + text);
    }

    private static void assertOnlyRule(String reason, String text, Object... off) {
        assertOnlyRule(reason, text, Map.of(), off);
    }

    @Test
    void cleanProseIsKept() {
        String prose = """
                Basalt is a fine-grained volcanic rock that forms when lava rich in iron and magnesium cools quickly \
                at the surface of a planet. It makes up most of the ocean floor and large parts of the continents.
                When basalt weathers, it breaks down into soils that hold water well and feed crops for a long time, \
                which is why farmers have settled on old lava plains since the first villages were built.""";
        assertNull(removalReason(filter(), prose));
        assertNull(removalReason(filter(), join(base(48))), "the base document of 50 words");
    }

    @Test
    void wordCount() {
        // 49 words < min-words 50; 50 are enough.
        assertOnlyRule("too-few-words", join(base(47)), "min-words", 0);
        // 100001 words > max-words 100000.
        assertOnlyRule("too-many-words", join(base(99_999)), "max-words", 200_000);
        assertNull(removalReason(filter(), join(base(99_998))));
    }

    @Test
    void meanWordLength() {
        // Two-letter words: (3 + 2 + 58 * 2) / 60 = 2.02 < 3.
        List<String> shortWords = new ArrayList<>(List.of("the", "of"));
        shortWords.addAll(fresh(58, 2));
        assertOnlyRule("mean-word-length", join(shortWords), "min-mean-word-length", 0);
        // Eleven-letter words: (5 + 58 * 11) / 60 = 10.72 > 10.
        List<String> longWords = new ArrayList<>(List.of("the", "of"));
        longWords.addAll(fresh(58, 11));
        assertOnlyRule("mean-word-length", join(longWords), "max-mean-word-length", 100);
    }

    @Test
    void symbolWordRatio() {
        // 7 hash tags in 60 words: 0.117 > 0.1; 6 give exactly 0.1, which passes.
        List<String> words = base(58);
        for (int i = 0; i < 7; i++) {
            words.set(3 + 8 * i, "#" + words.get(3 + 8 * i));
        }
        assertOnlyRule("symbol-word-ratio", join(words), "max-symbol-word-ratio", 1);
        words.set(3, words.get(3).substring(1));
        assertNull(removalReason(filter(), join(words)));
    }

    @Test
    void digitFraction() {
        // 20 words "a" + six digits: 120 digits among 5 + 38 * 5 + 20 * 7 = 335 visible characters = 0.358 > 0.3.
        List<String> words = base(38);
        for (int i = 0; i < 20; i++) {
            words.add(2 + 2 * i, String.format("a%06d", i));
        }
        assertOnlyRule("digit-fraction", join(words), "max-digit-fraction", 1);
    }

    @Test
    void alphaWordFraction() {
        // 13 of 60 words are "&": 47 / 60 = 0.783 < 0.8; with 12 the fraction is exactly 0.8, which passes.
        List<String> words = base(58);
        for (int i = 0; i < 13; i++) {
            words.set(2 + 4 * i, "&");
        }
        assertOnlyRule("alpha-words", join(words), "min-alpha-word-fraction", 0);
        words.set(2, fresh(5));
        assertNull(removalReason(filter(), join(words)));
    }

    @Test
    void bulletLines() {
        // 10 lines of 6 words, each starting with a bullet: 10 / 10 > 0.9 (alpha words 60 / 70 = 0.86).
        List<String> lines = lines(base(58), 6);
        List<String> bulleted = new ArrayList<>(lines.stream().map(line -> "• " + line).toList());
        assertOnlyRule("bullet-lines", String.join("\n", bulleted), "max-bullet-line-fraction", 1);
        // 9 of 10 is 0.9, which passes.
        bulleted.set(4, lines.get(4));
        assertNull(removalReason(filter(), String.join("\n", bulleted)));
    }

    @Test
    void ellipsisLines() {
        // 4 of 10 lines end with an ellipsis: 0.4 > 0.3 (and 4 symbols in 60 words, 0.067 <= 0.1).
        List<String> lines = lines(base(58), 6);
        for (int i = 0; i < 4; i++) {
            lines.set(2 * i, lines.get(2 * i) + (i % 2 == 0 ? "..." : "…"));
        }
        assertOnlyRule("ellipsis-lines", String.join("\n", lines), "max-ellipsis-line-fraction", 1);
        lines.set(0, lines.get(0).substring(0, lines.get(0).length() - 3));
        assertNull(removalReason(filter(), String.join("\n", lines)), "3 of 10 lines = 0.3 passes");
    }

    @Test
    void stopWords() {
        // One stop word ("the") < min-stop-words 2.
        List<String> words = base(58);
        words.set(1, fresh(5));
        assertOnlyRule("stop-words", join(words), "min-stop-words", 0);
    }

    @Test
    void duplicateLines() {
        // 10 lines of 6 words and the line "see here" 6 times between them: 5 repeats in 16 lines = 0.3125 > 0.3,
        // while the repeated characters, 5 * 8 = 40 of about 400, stay under 0.2 and "see here" covers
        // 6 * 7 = 42 of about 340 word characters, under the top 2-gram limit of 0.2.
        List<String> unique = lines(base(58), 6);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < unique.size(); i++) {
            lines.add(unique.get(i));
            if (i < 6) {
                lines.add("see here");
            }
        }
        assertOnlyRule("duplicate-lines", String.join("\n", lines), "max-duplicate-line-fraction", 1);
    }

    @Test
    void duplicateLineCharacters() {
        // A 39-character one-word line 5 times between 10 lines of 6 words: 4 repeats in 15 lines = 0.27 <= 0.3,
        // but 4 * 39 = 156 of 30 + 9 * 35 + 5 * 39 = 540 line characters = 0.29 > 0.2.
        List<String> unique = lines(base(58), 6);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < unique.size(); i++) {
            lines.add(unique.get(i));
            if (i % 2 == 1) {
                lines.add("https://example.com/subscribe-now-today");
            }
        }
        assertOnlyRule("duplicate-line-chars", String.join("\n", lines), "max-duplicate-line-char-fraction", 1);
    }

    /** {@code count} paragraphs of 3 lines of 5 fresh words; the first holds the stop words. */
    private List<String> paragraphs(int count) {
        List<String> words = base(count * 15 - 2);
        List<String> lines = lines(words, 5);
        List<String> paragraphs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            paragraphs.add(String.join("\n", lines.subList(3 * i, 3 * i + 3)));
        }
        return paragraphs;
    }

    @Test
    void duplicateParagraphs() {
        // 6 paragraphs of 3 lines and the paragraph "Advertisement" 5 times between them: 4 repeats in 11
        // paragraphs = 0.36 > 0.3; as lines that is 4 repeats in 23 = 0.17, and 52 repeated characters of
        // about 600 are under 0.2 both as lines and as paragraphs.
        List<String> unique = paragraphs(6);
        List<String> paragraphs = new ArrayList<>();
        for (int i = 0; i < unique.size(); i++) {
            paragraphs.add(unique.get(i));
            if (i < 5) {
                paragraphs.add("Advertisement");
            }
        }
        assertOnlyRule("duplicate-paragraphs", String.join("\n\n", paragraphs), "max-duplicate-paragraph-fraction", 1);
    }

    @Test
    void duplicateParagraphCharacters() {
        // A repeated paragraph is also repeated lines, and the paragraphs' characters include the line breaks
        // inside them, so the paragraph character share never exceeds the line one: the line rule is switched
        // off to see the paragraph rule alone. A 60-character paragraph 4 times between 6 paragraphs of
        // 3 * 29 + 2 = 89 characters: 3 repeats in 10 = 0.3 <= 0.3, and 180 of 534 + 240 = 774 characters = 0.23.
        String link = "https://example.com/newsletter/subscribe-today-and-save-more";
        assertEquals(60, link.length());
        List<String> unique = paragraphs(6);
        List<String> paragraphs = new ArrayList<>();
        for (int i = 0; i < unique.size(); i++) {
            paragraphs.add(unique.get(i));
            if (i < 4) {
                paragraphs.add(link);
            }
        }
        assertOnlyRule("duplicate-paragraph-chars", String.join("\n\n", paragraphs),
                Map.of("max-duplicate-line-char-fraction", 1), "max-duplicate-paragraph-char-fraction", 1);
    }

    /** The base words with {@code gram} planted {@code times} times, evenly spread. */
    private List<String> planted(int freshCount, List<String> gram, int times) {
        List<String> words = base(freshCount);
        int step = words.size() / times;
        for (int k = times - 1; k >= 0; k--) {
            words.addAll(1 + k * step, gram);
        }
        return words;
    }

    private static long wordChars(List<String> words) {
        return words.stream().mapToLong(String::length).sum();
    }

    @Test
    void topTwoGram() {
        // "basalt flows" 8 times: 8 * 11 = 88 of 5 + 58 * 5 + 88 = 383 word characters = 0.23 > 0.2.
        List<String> words = planted(58, List.of("basalt", "flows"), 8);
        assertEquals(383, wordChars(words));
        assertOnlyRule("top-2-gram", join(words), "top-ngram-max-char-fraction", Map.of("2", 1.0));
    }

    @Test
    void topThreeGram() {
        // A trigram of 5-letter words 4 times: 60 of 5 + 43 * 5 + 60 = 280 = 0.214 > 0.18, its bigrams
        // 40 / 280 = 0.143 <= 0.2.
        List<String> words = planted(43, fresh(3, 5), 4);
        assertEquals(280, wordChars(words));
        assertOnlyRule("top-3-gram", join(words), "top-ngram-max-char-fraction", Map.of("3", 1.0));
    }

    @Test
    void topFourGram() {
        // A 4-gram of 5-letter words 4 times: 80 of 5 + 63 * 5 + 80 = 400 = 0.2 > 0.16, its trigrams
        // 60 / 400 = 0.15 <= 0.18.
        List<String> words = planted(63, fresh(4, 5), 4);
        assertEquals(400, wordChars(words));
        assertOnlyRule("top-4-gram", join(words), "top-ngram-max-char-fraction", Map.of("4", 1.0));
    }

    @Test
    void duplicateNGrams() {
        // An n-gram of 5-letter words twice in N words (all 5 letters but "the of"): it covers 10n of 5N - 5
        // word characters, 2n / (N - 1), and so do its shorter sub-grams. N is chosen so that 2n / (N - 1) is
        // above the limit for n but not above the limit for n - 1 (0.15, 0.14, ..., 0.10 for n = 5 ... 10), and
        // the 4-grams (8 / (N - 1)) stay under 0.16.
        Map<Integer, Integer> totalWords = Map.of(5, 61, 6, 83, 7, 104, 8, 129, 9, 158, 10, 191);
        Map<Integer, Double> limits = Map.of(5, 0.15, 6, 0.14, 7, 0.13, 8, 0.12, 9, 0.11, 10, 0.10);
        for (int n = 5; n <= 10; n++) {
            int total = totalWords.get(n);
            List<String> words = planted(total - 2 - 2 * n, fresh(n, 5), 2);
            assertEquals(total, words.size());
            double covered = 10.0 * n / wordChars(words);
            assertTrue(covered > limits.get(n) && (n == 5 || covered <= limits.get(n - 1)), "n=" + n + ": " + covered);
            assertOnlyRule("duplicate-" + n + "-gram", join(words),
                    "duplicate-ngram-max-char-fraction", Map.of(Integer.toString(n), 1.0));
        }
    }

    @Test
    void terminalPunctuation() {
        // C4's rule, off by default: 4 of 10 lines end in terminal punctuation, 0.4 < 0.5.
        List<String> lines = lines(base(58), 6);
        for (int i = 0; i < 4; i++) {
            lines.set(i, lines.get(i) + (i == 3 ? "?" : "."));
        }
        String text = String.join("\n", lines);
        assertNull(removalReason(filter(), text));
        assertOnlyRule("terminal-punctuation", text, Map.of("min-terminal-punctuation-line-fraction", 0.5),
                "min-terminal-punctuation-line-fraction", 0);
        lines.set(4, lines.get(4) + "!");
        assertNull(removalReason(filter("min-terminal-punctuation-line-fraction", 0.5), String.join("\n", lines)),
                "5 of 10 = 0.5 passes");
    }

    @Test
    void loremIpsum() {
        List<String> words = base(58);
        words.addAll(10, List.of("Lorem", "ipsum"));
        assertOnlyRule("lorem-ipsum", join(words), "reject-lorem-ipsum", false);
    }

    @Test
    void curlyBraces() {
        // Off by default; on, a brace removes the document.
        List<String> words = base(58);
        words.add(10, "{x}");
        String text = join(words);
        assertNull(removalReason(filter(), text));
        assertOnlyRule("curly-brace", text, Map.of("reject-curly-braces", true), "reject-curly-braces", false);
    }

    @Test
    void theFirstFailedRuleIsTheReason() {
        // Too few words and lorem ipsum: the word count is checked first.
        List<String> words = base(20);
        words.addAll(List.of("lorem", "ipsum"));
        assertEquals("too-few-words", removalReason(filter(), join(words)));
        assertEquals("lorem-ipsum", removalReason(filter("min-words", 10), join(words)));
    }

    @Test
    void badSettingsAreClearErrors() {
        BasaltException key = assertThrows(BasaltException.class,
                () -> filter("top-ngram-max-char-fraction", Map.of("two", 0.2)));
        assertTrue(key.getMessage().contains("\"two\""), key.getMessage());
        BasaltException fraction = assertThrows(BasaltException.class, () -> filter("max-digit-fraction", 3));
        assertTrue(fraction.getMessage().contains("max-digit-fraction"), fraction.getMessage());
        BasaltException unknown = assertThrows(BasaltException.class, () -> filter("min-wrods", 3));
        assertTrue(unknown.getMessage().contains("min-wrods"), unknown.getMessage());
    }
}
