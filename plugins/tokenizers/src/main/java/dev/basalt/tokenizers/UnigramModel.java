package dev.basalt.tokenizers;

import dev.basalt.api.BasaltException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unigram language model (SentencePiece): the segmentation with the highest total piece log-probability,
 * found by Viterbi. Chars no piece covers become the unknown token (one per run), or their UTF-8 bytes as
 * {@code <0xAB>} pieces with byte fallback.
 */
final class UnigramModel implements Model {
    /** How much less likely than the least likely piece an unknown char is, in log space (as HF). */
    static final double UNK_PENALTY = 10.0;
    private static final int CACHE_LIMIT = 100_000;

    private final Vocab vocab;
    private final double[] scores;
    private final int unkId;
    private final boolean byteFallback;
    private final double unkScore;
    private final int maxPieceChars;
    private final int[] byteIds = new int[256];
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    UnigramModel(List<String> pieces, double[] scores, int unkId, boolean byteFallback, String source) {
        Map<String, Integer> ids = new HashMap<>(pieces.size() * 2);
        for (int i = 0; i < pieces.size(); i++) {
            Integer previous = ids.put(pieces.get(i), i);
            if (previous != null) {
                throw new BasaltException("Tokenizer file " + source + ": the piece '" + pieces.get(i)
                        + "' appears twice in the vocabulary (ids " + previous + " and " + i + ").");
            }
        }
        this.vocab = Vocab.of(ids, source);
        this.scores = scores;
        if (unkId >= pieces.size()) {
            throw new BasaltException("Tokenizer file " + source + ": unk_id " + unkId + " is outside the vocabulary of "
                    + pieces.size() + " pieces.");
        }
        this.unkId = unkId;
        this.byteFallback = byteFallback;
        double min = Double.MAX_VALUE;
        int longest = 1;
        for (int i = 0; i < scores.length; i++) {
            min = Math.min(min, scores[i]);
            longest = Math.max(longest, pieces.get(i).length());
        }
        this.unkScore = (scores.length == 0 ? 0 : min) - UNK_PENALTY;
        this.maxPieceChars = longest;
        for (int b = 0; b < 256; b++) {
            byteIds[b] = vocab.id(String.format("<0x%02X>", b));
        }
    }

    @SuppressWarnings("unchecked")
    static UnigramModel fromJson(Map<String, Object> json, JsonReader r) {
        List<Object> entries = r.list(json, "vocab");
        List<String> pieces = new ArrayList<>(entries.size());
        double[] scores = new double[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof String piece)) {
                throw r.error("Unigram vocab entry " + i + " must be [\"piece\", score]");
            }
            pieces.add(piece);
            scores[i] = r.number(pair.get(1), "the score of Unigram piece '" + piece + "'");
        }
        long unk = r.integer(json, "unk_id", -1);
        return new UnigramModel(pieces, scores, (int) unk, r.bool(json, "byte_fallback", false), r.source());
    }

    @Override
    public Vocab vocab() {
        return vocab;
    }

    double score(int id) {
        return scores[id];
    }

    int unkId() {
        return unkId;
    }

    @Override
    public void tokenize(String piece, Sink sink) {
        if (piece.isEmpty()) {
            return;
        }
        int[] result = cache.get(piece);
        if (result == null) {
            result = viterbi(piece);
            if (cache.size() > CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(piece, result);
        }
        for (int i = 0; i < result.length; i += 3) {
            sink.token(result[i], result[i + 1], result[i + 2]);
        }
    }

    /** The best segmentation as (id, start, end) triples; unknown runs are fused, then byte-expanded. */
    private int[] viterbi(String s) {
        int n = s.length();
        double[] best = new double[n + 1];
        int[] from = new int[n + 1];
        int[] tokenAt = new int[n + 1];
        java.util.Arrays.fill(from, -1);
        from[0] = 0;
        for (int start = 0; start < n; start = next(s, start)) {
            if (from[start] < 0) {
                continue;
            }
            double base = best[start];
            int charEnd = next(s, start);
            boolean single = false;
            int limit = Math.min(n, start + maxPieceChars);
            for (int end = charEnd; end <= limit; end = end < n ? next(s, end) : n + 1) {
                int id = vocab.id(s.substring(start, end));
                if (id >= 0) {
                    double candidate = base + scores[id];
                    if (from[end] < 0 || candidate > best[end]) {
                        best[end] = candidate;
                        from[end] = start;
                        tokenAt[end] = id;
                    }
                    single |= end == charEnd;
                }
                if (end == n) {
                    break;
                }
            }
            if (!single) {
                double candidate = base + unkScore;
                if (from[charEnd] < 0 || candidate > best[charEnd]) {
                    best[charEnd] = candidate;
                    from[charEnd] = start;
                    tokenAt[charEnd] = -1;
                }
            }
        }
        List<int[]> path = new ArrayList<>();
        for (int end = n; end > 0; end = from[end]) {
            path.add(new int[] {tokenAt[end], from[end], end});
        }
        java.util.Collections.reverse(path);
        List<int[]> fused = new ArrayList<>(path.size());
        for (int[] t : path) {
            if (t[0] < 0 && !fused.isEmpty() && fused.getLast()[0] < 0) {
                fused.getLast()[2] = t[2];
            } else {
                fused.add(t);
            }
        }
        List<int[]> out = new ArrayList<>(fused.size());
        for (int[] t : fused) {
            if (t[0] >= 0) {
                out.add(t);
                continue;
            }
            if (byteFallback) {
                byte[] bytes = s.substring(t[1], t[2]).getBytes(StandardCharsets.UTF_8);
                boolean all = true;
                for (byte b : bytes) {
                    all &= byteIds[b & 0xFF] >= 0;
                }
                if (all) {
                    for (byte b : bytes) {
                        out.add(new int[] {byteIds[b & 0xFF], t[1], t[2]});
                    }
                    continue;
                }
            }
            if (unkId < 0) {
                throw new BasaltException("The Unigram model has no unknown token, so it cannot encode '"
                        + s.substring(t[1], t[2]) + "'.");
            }
            out.add(new int[] {unkId, t[1], t[2]});
        }
        int[] flat = new int[out.size() * 3];
        for (int i = 0; i < out.size(); i++) {
            System.arraycopy(out.get(i), 0, flat, 3 * i, 3);
        }
        return flat;
    }

    private static int next(String s, int i) {
        return i + (Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() ? 2 : 1);
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "Unigram");
        m.put("unk_id", unkId < 0 ? null : (long) unkId);
        List<Object> list = new ArrayList<>(scores.length);
        for (int i = 0; i < scores.length; i++) {
            list.add(List.of(vocab.token(i), scores[i]));
        }
        m.put("vocab", list);
        m.put("byte_fallback", byteFallback);
        return m;
    }
}
