package dev.basalt.tokenizers;

import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.api.tokenizer.TokenizerTrainer;

import java.text.Normalizer.Form;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * Trains a Unigram (SentencePiece-style) model: seed with frequent substrings, then alternate EM steps
 * (expected piece counts by forward-backward over each word's lattice, scores from the counts) with pruning
 * of the pieces whose removal costs the corpus likelihood least, until the vocabulary fits.
 */
public final class UnigramTokenizerTrainer implements TokenizerTrainer {
    private static final int MAX_PIECE_CHARS = 16;
    private static final double SHRINKING_FACTOR = 0.75;
    private static final int EM_STEPS_PER_ROUND = 2;
    private static final String UNK = "<unk>";

    private final TrainerSettings settings;

    UnigramTokenizerTrainer(TrainerSettings settings) {
        this.settings = settings;
    }

    @Override
    public Tokenizer train(Iterable<String> texts, LongConsumer progress) {
        Normalizer normalizer = new Normalizers.Sequence(List.of(new Normalizers.Unicode(Form.NFKC, "NFKC"),
                new Normalizers.Replace(new Normalizers.RegexPattern(null, " {2,}", Pattern.compile(" {2,}")), " ")));
        PreTokenizers.Metaspace pre = new PreTokenizers.Metaspace("▁", "always", true);
        Map<String, Long> wordCounts = new WordCounter(settings.maxWords()).count(texts, normalizer, pre, progress);
        List<String> words = new ArrayList<>(wordCounts.keySet());
        words.sort(null);
        long[] counts = words.stream().mapToLong(wordCounts::get).toArray();

        Set<String> required = new HashSet<>(settings.initialAlphabet());
        Map<String, Double> seeds = seeds(words, counts, required);
        List<String> specials = new ArrayList<>(settings.specialTokens());
        if (!specials.contains(UNK)) {
            specials.addFirst(UNK);
        }
        int desired = Math.max(required.size(), settings.vocabSize() - specials.size());

        Map<String, Double> pieces = toLogProbs(seeds);
        while (true) {
            Map<String, Double> expected = null;
            for (int step = 0; step < EM_STEPS_PER_ROUND; step++) {
                expected = expectedCounts(pieces, words, counts);
                pieces = maximize(expected, required);
            }
            if (pieces.size() <= desired) {
                break;
            }
            int keep = Math.max(desired, (int) (pieces.size() * SHRINKING_FACTOR));
            pieces = prune(pieces, expected, required, keep);
            if (pieces.size() <= desired) {
                pieces = maximize(expectedCounts(pieces, words, counts), required);
                break;
            }
        }
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(pieces.entrySet());
        sorted.sort((a, b) -> !a.getValue().equals(b.getValue()) ? Double.compare(b.getValue(), a.getValue())
                : a.getKey().compareTo(b.getKey()));
        List<String> vocab = new ArrayList<>(specials);
        List<Double> scores = new ArrayList<>();
        specials.forEach(s -> scores.add(0.0));
        for (var e : sorted) {
            if (vocab.size() >= settings.vocabSize() && !required.contains(e.getKey())) {
                continue;
            }
            if (!specials.contains(e.getKey())) {
                vocab.add(e.getKey());
                scores.add(e.getValue());
            }
        }
        UnigramModel model = new UnigramModel(vocab, scores.stream().mapToDouble(Double::doubleValue).toArray(),
                vocab.indexOf(UNK), false, "trained unigram");
        List<AddedToken> added = new ArrayList<>();
        for (String s : specials) {
            added.add(new AddedToken(vocab.indexOf(s), s, false, false, false, false, true));
        }
        return new PipelineTokenizer(normalizer, pre, model, null, new Decoders.Metaspace("▁", "always"), added, null, null);
    }

    /** Every char (required) and every substring seen at least min-frequency times, scored by count × length. */
    private Map<String, Double> seeds(List<String> words, long[] counts, Set<String> required) {
        Map<String, Long> freq = new HashMap<>();
        long limit = Math.max(1_000_000L, settings.vocabSize() * 20L);
        for (int w = 0; w < words.size(); w++) {
            String word = words.get(w);
            int[] cps = word.codePoints().toArray();
            for (int cp : cps) {
                String c = new String(Character.toChars(cp));
                required.add(c);
                freq.merge(c, counts[w], Long::sum);
            }
            for (int i = 0; i < cps.length; i++) {
                StringBuilder sb = new StringBuilder().appendCodePoint(cps[i]);
                for (int j = i + 1; j < cps.length && j - i < MAX_PIECE_CHARS; j++) {
                    sb.appendCodePoint(cps[j]);
                    // ▁ only starts a piece, as SentencePiece's split-by-whitespace does.
                    if (cps[j] == '▁') {
                        break;
                    }
                    freq.merge(sb.toString(), counts[w], Long::sum);
                }
            }
            if (freq.size() > limit * 2) {
                freq.entrySet().removeIf(e -> e.getValue() < 2 && !required.contains(e.getKey()));
            }
        }
        long min = Math.max(2, settings.minFrequency());
        Map<String, Double> seeds = new HashMap<>();
        List<Map.Entry<String, Long>> multi = new ArrayList<>();
        for (var e : freq.entrySet()) {
            if (required.contains(e.getKey())) {
                seeds.put(e.getKey(), (double) e.getValue());
            } else if (e.getValue() >= min) {
                multi.add(e);
            }
        }
        multi.sort((a, b) -> {
            long sa = a.getValue() * a.getKey().length();
            long sb = b.getValue() * b.getKey().length();
            return sa != sb ? Long.compare(sb, sa) : a.getKey().compareTo(b.getKey());
        });
        for (int i = 0; i < Math.min(multi.size(), limit); i++) {
            var e = multi.get(i);
            seeds.put(e.getKey(), (double) e.getValue() * e.getKey().codePointCount(0, e.getKey().length()));
        }
        return seeds;
    }

    private static Map<String, Double> toLogProbs(Map<String, Double> weights) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> out = new HashMap<>();
        weights.forEach((k, v) -> out.put(k, Math.log(v) - Math.log(total)));
        return out;
    }

    /** E-step: the expected number of times each piece is used, over all segmentations of all words. */
    private static Map<String, Double> expectedCounts(Map<String, Double> pieces, List<String> words, long[] counts) {
        Map<String, Double> expected = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            String word = words.get(w);
            int[] bounds = boundaries(word);
            int n = bounds.length - 1;
            double[] alpha = new double[n + 1];
            double[] beta = new double[n + 1];
            java.util.Arrays.fill(alpha, Double.NEGATIVE_INFINITY);
            java.util.Arrays.fill(beta, Double.NEGATIVE_INFINITY);
            alpha[0] = 0;
            for (int i = 0; i < n; i++) {
                if (alpha[i] == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                for (int j = i + 1; j <= Math.min(n, i + MAX_PIECE_CHARS); j++) {
                    Double s = pieces.get(word.substring(bounds[i], bounds[j]));
                    if (s != null) {
                        alpha[j] = logAdd(alpha[j], alpha[i] + s);
                    }
                }
            }
            if (alpha[n] == Double.NEGATIVE_INFINITY) {
                continue;
            }
            beta[n] = 0;
            for (int j = n; j > 0; j--) {
                if (beta[j] == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                for (int i = Math.max(0, j - MAX_PIECE_CHARS); i < j; i++) {
                    Double s = pieces.get(word.substring(bounds[i], bounds[j]));
                    if (s != null) {
                        beta[i] = logAdd(beta[i], beta[j] + s);
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j <= Math.min(n, i + MAX_PIECE_CHARS); j++) {
                    String p = word.substring(bounds[i], bounds[j]);
                    Double s = pieces.get(p);
                    if (s != null) {
                        double posterior = Math.exp(alpha[i] + s + beta[j] - alpha[n]);
                        if (posterior > 0) {
                            expected.merge(p, counts[w] * posterior, Double::sum);
                        }
                    }
                }
            }
        }
        return expected;
    }

    /** M-step: scores from expected counts (Bayesian, as SentencePiece), dropping pieces almost never used. */
    private static Map<String, Double> maximize(Map<String, Double> expected, Set<String> required) {
        Map<String, Double> kept = new HashMap<>();
        expected.forEach((p, c) -> {
            if (c >= 0.5 || required.contains(p)) {
                kept.put(p, Math.max(c, 1e-3));
            }
        });
        double total = kept.values().stream().mapToDouble(Double::doubleValue).sum();
        double logTotal = digamma(total);
        Map<String, Double> scores = new HashMap<>();
        kept.forEach((p, c) -> scores.put(p, digamma(c) - logTotal));
        return scores;
    }

    /**
     * Keeps the {@code keep} pieces whose removal would lose the most likelihood: a piece's loss is its
     * expected count times how much less likely its best segmentation without it is.
     */
    private static Map<String, Double> prune(Map<String, Double> pieces, Map<String, Double> expected,
                                             Set<String> required, int keep) {
        List<Map.Entry<String, Double>> losses = new ArrayList<>();
        Map<String, Double> out = new HashMap<>();
        for (var e : pieces.entrySet()) {
            String p = e.getKey();
            if (required.contains(p) || p.codePointCount(0, p.length()) == 1) {
                out.put(p, e.getValue());
                continue;
            }
            double alternative = bestWithout(p, pieces);
            double loss = expected.getOrDefault(p, 0.0) * (e.getValue() - alternative);
            losses.add(Map.entry(p, loss));
        }
        losses.sort((a, b) -> !a.getValue().equals(b.getValue()) ? Double.compare(b.getValue(), a.getValue())
                : a.getKey().compareTo(b.getKey()));
        for (var e : losses) {
            if (out.size() >= keep) {
                break;
            }
            out.put(e.getKey(), pieces.get(e.getKey()));
        }
        return out;
    }

    /** The log-probability of the best segmentation of {@code piece} that does not use it whole. */
    private static double bestWithout(String piece, Map<String, Double> pieces) {
        int[] bounds = boundaries(piece);
        int n = bounds.length - 1;
        double[] best = new double[n + 1];
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        best[0] = 0;
        for (int i = 0; i < n; i++) {
            if (best[i] == Double.NEGATIVE_INFINITY) {
                continue;
            }
            for (int j = i + 1; j <= n; j++) {
                if (i == 0 && j == n) {
                    continue;
                }
                Double s = pieces.get(piece.substring(bounds[i], bounds[j]));
                if (s != null) {
                    best[j] = Math.max(best[j], best[i] + s);
                }
            }
        }
        return best[n];
    }

    private static int[] boundaries(String s) {
        int[] b = new int[s.codePointCount(0, s.length()) + 1];
        int k = 0;
        for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
            b[k++] = i;
        }
        b[k] = s.length();
        return b;
    }

    private static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double max = Math.max(a, b);
        return max + Math.log1p(Math.exp(-Math.abs(a - b)));
    }

    /** The digamma function (asymptotic series after shifting the argument above 6). */
    static double digamma(double x) {
        double result = 0;
        while (x < 6) {
            result -= 1 / x;
            x += 1;
        }
        double f = 1 / (x * x);
        return result + Math.log(x) - 0.5 / x - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
    }
}
