package dev.basalt.data.stage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import dev.basalt.api.BasaltException;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Heuristic quality rules after Gopher (Rae et al. 2021, appendix A) and C4 (Raffel et al. 2020). Every
 * threshold is a setting; a document failing a rule is removed with the rule's name as the reason, and the
 * rules are checked in the order listed in {@code reference.conf}, so the reason is the first rule failed.
 *
 * <p>Words are whitespace-separated tokens. Lines split at {@code \n}, paragraphs at blank lines.
 */
public final class QualityFilterStage implements DataStage {

    static final String NAME = "quality-filter";

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n\\s*\\n");
    private static final Set<String> BULLETS = Set.of("•", "-", "*", "‣", "◦", "⁃", "·", "–", "—", "►", "▪", "●", "○");

    /** All thresholds, in the order rules are applied. */
    record Rules(int minWords, int maxWords, double minMeanWordLength, double maxMeanWordLength,
                 double maxSymbolWordRatio, double maxDigitFraction, double minAlphaWordFraction,
                 double maxBulletLineFraction, double maxEllipsisLineFraction, int minStopWords, Set<String> stopWords,
                 double maxDuplicateLineFraction, double maxDuplicateLineCharFraction,
                 double maxDuplicateParagraphFraction, double maxDuplicateParagraphCharFraction,
                 Map<Integer, Double> topNgramMaxCharFraction, Map<Integer, Double> duplicateNgramMaxCharFraction,
                 double minTerminalPunctuationLineFraction, boolean rejectLoremIpsum, boolean rejectCurlyBraces) {
    }

    private final Rules rules;

    QualityFilterStage(Rules rules) {
        this.rules = rules;
    }

    public static QualityFilterStage fromConfig(Config c) {
        return StageConfig.read(NAME, c, config -> new QualityFilterStage(new Rules(
                config.getInt("min-words"), config.getInt("max-words"),
                config.getDouble("min-mean-word-length"), config.getDouble("max-mean-word-length"),
                config.getDouble("max-symbol-word-ratio"), StageConfig.fraction(NAME, config, "max-digit-fraction"),
                StageConfig.fraction(NAME, config, "min-alpha-word-fraction"),
                StageConfig.fraction(NAME, config, "max-bullet-line-fraction"),
                StageConfig.fraction(NAME, config, "max-ellipsis-line-fraction"),
                config.getInt("min-stop-words"), lowerSet(config.getStringList("stop-words")),
                StageConfig.fraction(NAME, config, "max-duplicate-line-fraction"),
                StageConfig.fraction(NAME, config, "max-duplicate-line-char-fraction"),
                StageConfig.fraction(NAME, config, "max-duplicate-paragraph-fraction"),
                StageConfig.fraction(NAME, config, "max-duplicate-paragraph-char-fraction"),
                ngramTable(config.getObject("top-ngram-max-char-fraction"), "top-ngram-max-char-fraction"),
                ngramTable(config.getObject("duplicate-ngram-max-char-fraction"), "duplicate-ngram-max-char-fraction"),
                StageConfig.fraction(NAME, config, "min-terminal-punctuation-line-fraction"),
                config.getBoolean("reject-lorem-ipsum"), config.getBoolean("reject-curly-braces"))));
    }

    private static Set<String> lowerSet(List<String> words) {
        Set<String> set = new HashSet<>();
        words.forEach(w -> set.add(w.toLowerCase(Locale.ROOT)));
        return set;
    }

    private static Map<Integer, Double> ngramTable(ConfigObject object, String key) {
        Map<Integer, Double> table = new TreeMap<>();
        for (String n : object.keySet()) {
            int size;
            try {
                size = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                throw new BasaltException("data.stages: quality-filter." + key + " has key \"" + n
                        + "\"; keys are n-gram sizes such as 2 or 5.");
            }
            double value = object.toConfig().getDouble("\"" + n + "\"");
            if (size < 1 || !(value >= 0 && value <= 1)) {
                throw new BasaltException("data.stages: quality-filter." + key + "." + n + " = " + value
                        + "; the n-gram size must be >= 1 and the fraction between 0 and 1.");
            }
            table.put(size, value);
        }
        return table;
    }

    @Override
    public boolean threadSafe() {
        return true;
    }

    @Override
    public StageResult apply(Document document) {
        String reason = firstFailedRule(document.text());
        return reason == null ? StageResult.keep(document) : StageResult.remove(reason);
    }

    /** The name of the first rule the text fails, or null when it passes all. */
    public String firstFailedRule(String text) {
        String stripped = text.strip();
        String[] words = stripped.isEmpty() ? new String[0] : WHITESPACE.split(stripped);
        int n = words.length;
        if (n < rules.minWords()) {
            return "too-few-words";
        }
        if (n > rules.maxWords()) {
            return "too-many-words";
        }
        long wordChars = 0;
        int alphaWords = 0;
        int stopWords = 0;
        int symbols = 0;
        for (String word : words) {
            wordChars += word.length();
            if (word.chars().anyMatch(Character::isLetter)) {
                alphaWords++;
            }
            if (rules.stopWords().contains(word.toLowerCase(Locale.ROOT))) {
                stopWords++;
            }
            symbols += count(word, "#") + count(word, "...") + count(word, "…");
        }
        double meanLength = (double) wordChars / n;
        if (meanLength < rules.minMeanWordLength() || meanLength > rules.maxMeanWordLength()) {
            return "mean-word-length";
        }
        if ((double) symbols / n > rules.maxSymbolWordRatio()) {
            return "symbol-word-ratio";
        }
        if (digitFraction(stripped) > rules.maxDigitFraction()) {
            return "digit-fraction";
        }
        if ((double) alphaWords / n < rules.minAlphaWordFraction()) {
            return "alpha-words";
        }
        List<String> lines = nonEmpty(stripped.split("\n"));
        if (fraction(lines, QualityFilterStage::isBulletLine) > rules.maxBulletLineFraction()) {
            return "bullet-lines";
        }
        if (fraction(lines, l -> l.endsWith("...") || l.endsWith("…")) > rules.maxEllipsisLineFraction()) {
            return "ellipsis-lines";
        }
        if (stopWords < rules.minStopWords()) {
            return "stop-words";
        }
        Duplicates lineDups = duplicates(lines);
        if (lineDups.fraction() > rules.maxDuplicateLineFraction()) {
            return "duplicate-lines";
        }
        if (lineDups.charFraction() > rules.maxDuplicateLineCharFraction()) {
            return "duplicate-line-chars";
        }
        Duplicates paragraphDups = duplicates(nonEmpty(PARAGRAPH_BREAK.split(stripped)));
        if (paragraphDups.fraction() > rules.maxDuplicateParagraphFraction()) {
            return "duplicate-paragraphs";
        }
        if (paragraphDups.charFraction() > rules.maxDuplicateParagraphCharFraction()) {
            return "duplicate-paragraph-chars";
        }
        String[] lower = new String[n];
        for (int i = 0; i < n; i++) {
            lower[i] = words[i].toLowerCase(Locale.ROOT);
        }
        for (var rule : rules.topNgramMaxCharFraction().entrySet()) {
            if (topNgramCharFraction(lower, rule.getKey(), wordChars) > rule.getValue()) {
                return "top-" + rule.getKey() + "-gram";
            }
        }
        for (var rule : rules.duplicateNgramMaxCharFraction().entrySet()) {
            if (duplicateNgramCharFraction(lower, rule.getKey(), wordChars) > rule.getValue()) {
                return "duplicate-" + rule.getKey() + "-gram";
            }
        }
        if (rules.minTerminalPunctuationLineFraction() > 0 && fraction(lines,
                QualityFilterStage::endsWithTerminalPunctuation) < rules.minTerminalPunctuationLineFraction()) {
            return "terminal-punctuation";
        }
        if (rules.rejectLoremIpsum() && stripped.toLowerCase(Locale.ROOT).contains("lorem ipsum")) {
            return "lorem-ipsum";
        }
        if (rules.rejectCurlyBraces() && stripped.indexOf('{') >= 0) {
            return "curly-brace";
        }
        return null;
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }

    private static double digitFraction(String text) {
        long digits = 0;
        long visible = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                visible++;
                if (Character.isDigit(c)) {
                    digits++;
                }
            }
        }
        return visible == 0 ? 0 : (double) digits / visible;
    }

    private static List<String> nonEmpty(String[] parts) {
        List<String> out = new ArrayList<>(parts.length);
        for (String part : parts) {
            String s = part.strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static double fraction(List<String> lines, java.util.function.Predicate<String> test) {
        if (lines.isEmpty()) {
            return 0;
        }
        return (double) lines.stream().filter(test).count() / lines.size();
    }

    private static boolean isBulletLine(String line) {
        int end = line.offsetByCodePoints(0, 1);
        return BULLETS.contains(line.substring(0, end));
    }

    private static boolean endsWithTerminalPunctuation(String line) {
        char last = line.charAt(line.length() - 1);
        return last == '.' || last == '!' || last == '?' || last == '"' || last == '\'' || last == '”';
    }

    /** Share of items that repeat an earlier item, and share of characters in such repeats. */
    record Duplicates(double fraction, double charFraction) {
    }

    static Duplicates duplicates(List<String> items) {
        if (items.isEmpty()) {
            return new Duplicates(0, 0);
        }
        Set<String> seen = new HashSet<>();
        int repeats = 0;
        long repeatChars = 0;
        long chars = 0;
        for (String item : items) {
            chars += item.length();
            if (!seen.add(item)) {
                repeats++;
                repeatChars += item.length();
            }
        }
        return new Duplicates((double) repeats / items.size(), chars == 0 ? 0 : (double) repeatChars / chars);
    }

    /** Characters in all occurrences of the most frequent n-gram (counted once per occurrence) over all word characters. */
    static double topNgramCharFraction(String[] words, int n, long wordChars) {
        if (words.length < n || wordChars == 0) {
            return 0;
        }
        long[] hashes = wordHashes(words);
        Map<Long, Integer> counts = new HashMap<>();
        int bestStart = -1;
        int bestCount = 0;
        for (int i = 0; i + n <= words.length; i++) {
            int c = counts.merge(Words.ngramHash(hashes, i, n), 1, Integer::sum);
            if (c > bestCount) {
                bestCount = c;
                bestStart = i;
            }
        }
        if (bestCount < 2) {
            return 0;
        }
        long gramChars = 0;
        for (int i = bestStart; i < bestStart + n; i++) {
            gramChars += words[i].length();
        }
        return Math.min(1.0, (double) gramChars * bestCount / wordChars);
    }

    /** Characters of the words covered by any n-gram that occurs more than once, over all word characters. */
    static double duplicateNgramCharFraction(String[] words, int n, long wordChars) {
        if (words.length < n || wordChars == 0) {
            return 0;
        }
        long[] hashes = wordHashes(words);
        Map<Long, Integer> first = new HashMap<>();
        boolean[] covered = new boolean[words.length];
        for (int i = 0; i + n <= words.length; i++) {
            Integer earlier = first.putIfAbsent(Words.ngramHash(hashes, i, n), i);
            if (earlier != null) {
                java.util.Arrays.fill(covered, earlier, earlier + n, true);
                java.util.Arrays.fill(covered, i, i + n, true);
            }
        }
        long coveredChars = 0;
        for (int i = 0; i < words.length; i++) {
            if (covered[i]) {
                coveredChars += words[i].length();
            }
        }
        return (double) coveredChars / wordChars;
    }

    private static long[] wordHashes(String[] words) {
        long[] hashes = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            hashes[i] = Hashing.hash64(words[i], 0x5bd1e995L);
        }
        return hashes;
    }
}
