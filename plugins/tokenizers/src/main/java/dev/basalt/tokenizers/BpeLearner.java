package dev.basalt.tokenizers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * Learns BPE merges from word counts. Pair counts are kept up to date incrementally: a merge only touches
 * the words that contain the merged pair (found through an index), never recounting everything. The most
 * frequent pair wins; ties go to the smallest pair of ids, so runs are deterministic.
 */
final class BpeLearner {

    /** What was learned: the vocabulary (special tokens first, then the alphabet, then merges) and merges. */
    record Result(Map<String, Integer> vocab, List<String[]> merges) {
    }

    private final int vocabSize;
    private final long minFrequency;
    private final List<String> specialTokens;
    private final Set<String> initialAlphabet;
    private final int limitAlphabet;
    private final String prefix;

    BpeLearner(int vocabSize, long minFrequency, List<String> specialTokens, Set<String> initialAlphabet,
               int limitAlphabet, String continuingSubwordPrefix) {
        this.vocabSize = vocabSize;
        this.minFrequency = Math.max(1, minFrequency);
        this.specialTokens = specialTokens;
        this.initialAlphabet = initialAlphabet;
        this.limitAlphabet = limitAlphabet;
        this.prefix = continuingSubwordPrefix == null ? "" : continuingSubwordPrefix;
    }

    /** One word as symbol ids, and how often it occurs. */
    private static final class Word {
        int[] symbols;
        int length;
        final long count;

        Word(int[] symbols, long count) {
            this.symbols = symbols;
            this.length = symbols.length;
            this.count = count;
        }
    }

    private record Candidate(long count, long pair) {
    }

    private static long pair(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    /**
     * @param wordCounts each distinct pre-tokenized word and its count
     * @param mergeProgress told the number of merges done so far
     */
    Result learn(Map<String, Long> wordCounts, IntConsumer mergeProgress) {
        Map<String, Integer> vocab = new HashMap<>();
        List<String> tokens = new ArrayList<>();
        for (String s : specialTokens) {
            if (!vocab.containsKey(s)) {
                vocab.put(s, tokens.size());
                tokens.add(s);
            }
        }
        for (String c : alphabet(wordCounts)) {
            if (!vocab.containsKey(c)) {
                vocab.put(c, tokens.size());
                tokens.add(c);
            }
        }
        List<Word> words = new ArrayList<>(wordCounts.size());
        List<String> sortedWords = new ArrayList<>(wordCounts.keySet());
        sortedWords.sort(null);
        for (String w : sortedWords) {
            int[] symbols = new int[w.codePointCount(0, w.length())];
            int n = 0;
            for (int i = 0; i < w.length(); ) {
                int cp = w.codePointAt(i);
                String s = new String(Character.toChars(cp));
                if (i > 0 && !prefix.isEmpty()) {
                    s = prefix + s;
                }
                Integer id = vocab.get(s);
                if (id == null) {
                    if (!prefix.isEmpty() && i > 0 && vocab.containsKey(new String(Character.toChars(cp)))) {
                        id = tokens.size();
                        vocab.put(s, id);
                        tokens.add(s);
                    } else {
                        id = -1;
                    }
                }
                symbols[n++] = id;
                i += Character.charCount(cp);
            }
            // Chars cut from the alphabet split the word: each side is learned separately.
            int start = 0;
            for (int k = 0; k <= n; k++) {
                if (k == n || symbols[k] < 0) {
                    if (k > start) {
                        words.add(new Word(java.util.Arrays.copyOfRange(symbols, start, k), wordCounts.get(w)));
                    }
                    start = k + 1;
                }
            }
        }
        Map<Long, Long> pairCounts = new HashMap<>();
        Map<Long, Set<Integer>> where = new HashMap<>();
        for (int wi = 0; wi < words.size(); wi++) {
            Word w = words.get(wi);
            for (int i = 0; i + 1 < w.length; i++) {
                long p = pair(w.symbols[i], w.symbols[i + 1]);
                pairCounts.merge(p, w.count, Long::sum);
                where.computeIfAbsent(p, k -> new HashSet<>()).add(wi);
            }
        }
        PriorityQueue<Candidate> queue = new PriorityQueue<>((x, y) -> x.count != y.count
                ? Long.compare(y.count, x.count) : Long.compare(x.pair, y.pair));
        pairCounts.forEach((p, c) -> queue.add(new Candidate(c, p)));
        List<String[]> merges = new ArrayList<>();
        while (tokens.size() < vocabSize && !queue.isEmpty()) {
            Candidate top = queue.poll();
            long current = pairCounts.getOrDefault(top.pair, 0L);
            if (current != top.count) {
                if (current > 0) {
                    queue.add(new Candidate(current, top.pair));
                }
                continue;
            }
            if (current < minFrequency) {
                break;
            }
            int a = (int) (top.pair >>> 32);
            int b = (int) top.pair;
            String left = tokens.get(a);
            String right = tokens.get(b);
            String joined = left + (!prefix.isEmpty() && right.startsWith(prefix) ? right.substring(prefix.length()) : right);
            Integer newId = vocab.get(joined);
            if (newId == null) {
                newId = tokens.size();
                vocab.put(joined, newId);
                tokens.add(joined);
            }
            merges.add(new String[] {left, right});
            Set<Integer> affected = where.remove(top.pair);
            pairCounts.remove(top.pair);
            Map<Long, Long> touched = new HashMap<>();
            for (int wi : new TreeSet<>(affected)) {
                mergeInWord(words.get(wi), wi, a, b, newId, pairCounts, where, touched);
            }
            touched.forEach((p, ignored) -> {
                Long c = pairCounts.get(p);
                if (c != null && c > 0) {
                    queue.add(new Candidate(c, p));
                }
            });
            mergeProgress.accept(merges.size());
        }
        return new Result(vocab, merges);
    }

    /** Merges every (a, b) in one word, left to right, and updates the pair counts and index. */
    private static void mergeInWord(Word w, int wi, int a, int b, int merged, Map<Long, Long> pairCounts,
                                    Map<Long, Set<Integer>> where, Map<Long, Long> touched) {
        int[] s = w.symbols;
        int n = w.length;
        int out = 0;
        boolean lastWasMerge = false;
        for (int i = 0; i < n; ) {
            if (i + 1 < n && s[i] == a && s[i + 1] == b) {
                if (out > 0) {
                    if (!lastWasMerge) {
                        // (b, a) of a previous merge in this word was already taken away and never re-added.
                        change(pair(s[out - 1], a), -w.count, pairCounts, touched);
                    }
                    change(pair(s[out - 1], merged), w.count, pairCounts, touched);
                    where.computeIfAbsent(pair(s[out - 1], merged), k -> new HashSet<>()).add(wi);
                }
                if (i + 2 < n) {
                    change(pair(b, s[i + 2]), -w.count, pairCounts, touched);
                    // The next symbol may start another (a, b): its pair with the merged token is counted then.
                    if (!(i + 3 < n && s[i + 2] == a && s[i + 3] == b)) {
                        change(pair(merged, s[i + 2]), w.count, pairCounts, touched);
                        where.computeIfAbsent(pair(merged, s[i + 2]), k -> new HashSet<>()).add(wi);
                    }
                }
                s[out++] = merged;
                i += 2;
                lastWasMerge = true;
            } else {
                s[out++] = s[i++];
                lastWasMerge = false;
            }
        }
        w.length = out;
    }

    private static void change(long p, long delta, Map<Long, Long> pairCounts, Map<Long, Long> touched) {
        long c = pairCounts.getOrDefault(p, 0L) + delta;
        if (c <= 0) {
            pairCounts.remove(p);
        } else {
            pairCounts.put(p, c);
        }
        touched.put(p, c);
    }

    /** The initial alphabet: configured chars plus the most frequent chars of the words, in code point order. */
    private List<String> alphabet(Map<String, Long> wordCounts) {
        Map<Integer, Long> charCounts = new HashMap<>();
        wordCounts.forEach((w, c) -> w.codePoints().forEach(cp -> charCounts.merge(cp, c, Long::sum)));
        List<Map.Entry<Integer, Long>> chars = new ArrayList<>(charCounts.entrySet());
        chars.sort((x, y) -> !x.getValue().equals(y.getValue()) ? Long.compare(y.getValue(), x.getValue())
                : Integer.compare(x.getKey(), y.getKey()));
        TreeSet<Integer> kept = new TreeSet<>();
        initialAlphabet.forEach(s -> s.codePoints().forEach(kept::add));
        for (var e : chars) {
            if (limitAlphabet > 0 && kept.size() >= limitAlphabet && !kept.contains(e.getKey())) {
                continue;
            }
            kept.add(e.getKey());
        }
        List<String> out = new ArrayList<>(kept.size());
        kept.forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out;
    }
}
