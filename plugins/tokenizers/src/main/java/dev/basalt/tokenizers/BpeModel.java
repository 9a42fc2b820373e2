package dev.basalt.tokenizers;

import dev.basalt.api.BasaltException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-pair encoding: a word starts as characters and the lowest-ranked adjacent pair is merged until no
 * pair has a merge rule (leftmost first on equal ranks, as Hugging Face tokenizers do).
 */
final class BpeModel implements Model {
    private static final int CACHE_LIMIT = 200_000;

    private final Vocab vocab;
    /** Left and right token strings of each merge, in rank order. */
    private final String[][] merges;
    private final PairMap ranks;
    private final int[] mergeResult;
    private final String unkToken;
    private final int unkId;
    private final String continuingSubwordPrefix;
    private final String endOfWordSuffix;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final int[] byteFallbackIds;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    BpeModel(Vocab vocab, List<String[]> merges, String unkToken, String continuingSubwordPrefix,
             String endOfWordSuffix, boolean fuseUnk, boolean byteFallback, boolean ignoreMerges, String source) {
        this.vocab = vocab;
        this.merges = merges.toArray(new String[0][]);
        this.unkToken = unkToken;
        this.unkId = unkToken == null ? -1 : vocab.id(unkToken);
        if (unkToken != null && unkId < 0) {
            throw new BasaltException("Tokenizer file " + source + ": the unknown token '" + unkToken + "' is not in the vocabulary.");
        }
        this.continuingSubwordPrefix = continuingSubwordPrefix == null ? "" : continuingSubwordPrefix;
        this.endOfWordSuffix = endOfWordSuffix == null ? "" : endOfWordSuffix;
        this.fuseUnk = fuseUnk;
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
        this.ranks = new PairMap(merges.size() * 2);
        this.mergeResult = new int[merges.size()];
        int prefixLength = this.continuingSubwordPrefix.length();
        for (int rank = 0; rank < merges.size(); rank++) {
            String[] m = merges.get(rank);
            int a = vocab.id(m[0]);
            int b = vocab.id(m[1]);
            if (a < 0 || b < 0) {
                throw new BasaltException("Tokenizer file " + source + ": merge " + (rank + 1) + " ('" + m[0] + " " + m[1]
                        + "') names the token '" + (a < 0 ? m[0] : m[1]) + "', which is not in the vocabulary.");
            }
            String joined = m[0] + (prefixLength > 0 && m[1].startsWith(this.continuingSubwordPrefix)
                    ? m[1].substring(prefixLength) : m[1]);
            int c = vocab.id(joined);
            if (c < 0) {
                throw new BasaltException("Tokenizer file " + source + ": merge " + (rank + 1) + " ('" + m[0] + " " + m[1]
                        + "') makes '" + joined + "', which is not in the vocabulary.");
            }
            if (ranks.get(a, b) < 0) {
                ranks.put(a, b, rank);
            }
            mergeResult[rank] = c;
        }
        byteFallbackIds = new int[256];
        for (int i = 0; i < 256; i++) {
            byteFallbackIds[i] = vocab.id(String.format("<0x%02X>", i));
        }
    }

    @Override
    public Vocab vocab() {
        return vocab;
    }

    List<String[]> merges() {
        return List.of(merges);
    }

    @Override
    public void tokenize(String piece, Sink sink) {
        if (piece.isEmpty()) {
            return;
        }
        if (ignoreMerges) {
            int id = vocab.id(piece);
            if (id >= 0) {
                sink.token(id, 0, piece.length());
                return;
            }
        }
        int[] result = cache.get(piece);
        if (result == null) {
            result = merge(piece);
            if (cache.size() > CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(piece, result);
        }
        for (int i = 0; i < result.length; i += 3) {
            sink.token(result[i], result[i + 1], result[i + 2]);
        }
    }

    /** The merged word as (id, start, end) triples. */
    private int[] merge(String word) {
        int n = word.length();
        int[] ids = new int[n + 4];
        int[] starts = new int[n + 4];
        int[] ends = new int[n + 4];
        int count = 0;
        boolean lastWasUnk = false;
        for (int i = 0; i < n; ) {
            int cp = word.codePointAt(i);
            int len = Character.charCount(cp);
            String s = word.substring(i, i + len);
            if (i > 0 && !continuingSubwordPrefix.isEmpty()) {
                s = continuingSubwordPrefix + s;
            }
            if (i + len == n && !endOfWordSuffix.isEmpty()) {
                s = s + endOfWordSuffix;
            }
            int id = vocab.id(s);
            if (id >= 0) {
                if (count + 1 > ids.length) {
                    ids = java.util.Arrays.copyOf(ids, ids.length * 2);
                    starts = java.util.Arrays.copyOf(starts, ids.length);
                    ends = java.util.Arrays.copyOf(ends, ids.length);
                }
                ids[count] = id;
                starts[count] = i;
                ends[count] = i + len;
                count++;
                lastWasUnk = false;
            } else {
                byte[] bytes = word.substring(i, i + len).getBytes(StandardCharsets.UTF_8);
                boolean allBytes = byteFallback;
                for (byte b : bytes) {
                    allBytes &= byteFallbackIds[b & 0xFF] >= 0;
                }
                if (allBytes) {
                    if (count + bytes.length > ids.length) {
                        int cap = (count + bytes.length) * 2;
                        ids = java.util.Arrays.copyOf(ids, cap);
                        starts = java.util.Arrays.copyOf(starts, cap);
                        ends = java.util.Arrays.copyOf(ends, cap);
                    }
                    for (byte b : bytes) {
                        ids[count] = byteFallbackIds[b & 0xFF];
                        starts[count] = i;
                        ends[count] = i + len;
                        count++;
                    }
                    lastWasUnk = false;
                } else if (unkId >= 0) {
                    if (fuseUnk && lastWasUnk) {
                        ends[count - 1] = i + len;
                    } else {
                        ids[count] = unkId;
                        starts[count] = i;
                        ends[count] = i + len;
                        count++;
                    }
                    lastWasUnk = true;
                }
            }
            i += len;
        }
        count = applyMerges(ids, starts, ends, count);
        int[] out = new int[count * 3];
        for (int i = 0; i < count; i++) {
            out[3 * i] = ids[i];
            out[3 * i + 1] = starts[i];
            out[3 * i + 2] = ends[i];
        }
        return out;
    }

    /** Merges in place; returns the new symbol count. */
    private int applyMerges(int[] ids, int[] starts, int[] ends, int count) {
        if (count < 2) {
            return count;
        }
        int[] pairRank = new int[count];
        for (int i = 0; i + 1 < count; i++) {
            pairRank[i] = rankOf(ids[i], ids[i + 1]);
        }
        pairRank[count - 1] = Integer.MAX_VALUE;
        while (count > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < count; i++) {
                if (pairRank[i] < bestRank) {
                    bestRank = pairRank[i];
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            ids[best] = mergeResult[bestRank];
            ends[best] = ends[best + 1];
            int tail = count - best - 2;
            System.arraycopy(ids, best + 2, ids, best + 1, tail);
            System.arraycopy(starts, best + 2, starts, best + 1, tail);
            System.arraycopy(ends, best + 2, ends, best + 1, tail);
            System.arraycopy(pairRank, best + 2, pairRank, best + 1, tail);
            count--;
            pairRank[best] = best + 1 < count ? rankOf(ids[best], ids[best + 1]) : Integer.MAX_VALUE;
            if (best > 0) {
                pairRank[best - 1] = rankOf(ids[best - 1], ids[best]);
            }
        }
        return count;
    }

    private int rankOf(int a, int b) {
        int r = ranks.get(a, b);
        return r < 0 ? Integer.MAX_VALUE : r;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "BPE");
        m.put("dropout", null);
        m.put("unk_token", unkToken);
        m.put("continuing_subword_prefix", continuingSubwordPrefix.isEmpty() ? null : continuingSubwordPrefix);
        m.put("end_of_word_suffix", endOfWordSuffix.isEmpty() ? null : endOfWordSuffix);
        m.put("fuse_unk", fuseUnk);
        m.put("byte_fallback", byteFallback);
        m.put("ignore_merges", ignoreMerges);
        m.put("vocab", vocab.toJson());
        List<Object> list = new ArrayList<>(merges.length);
        for (String[] pair : merges) {
            list.add(List.of(pair[0], pair[1]));
        }
        m.put("merges", list);
        return m;
    }

    /** Open-addressing map from an id pair to a merge rank. */
    static final class PairMap {
        private final long[] keys;
        private final int[] values;
        private final int mask;

        PairMap(int expected) {
            int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
            keys = new long[cap];
            values = new int[cap];
            java.util.Arrays.fill(keys, -1L);
            mask = cap - 1;
        }

        private static long key(int a, int b) {
            return ((long) a << 32) | (b & 0xFFFFFFFFL);
        }

        private static int slot(long key, int mask) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 40) & mask;
        }

        int get(int a, int b) {
            long k = key(a, b);
            for (int s = slot(k, mask); ; s = (s + 1) & mask) {
                long at = keys[s];
                if (at == k) {
                    return values[s];
                }
                if (at == -1L) {
                    return -1;
                }
            }
        }

        void put(int a, int b, int value) {
            long k = key(a, b);
            for (int s = slot(k, mask); ; s = (s + 1) & mask) {
                if (keys[s] == -1L || keys[s] == k) {
                    keys[s] = k;
                    values[s] = value;
                    return;
                }
            }
        }
    }
}
