package dev.basalt.data.stage;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Near-duplicate removal with MinHash and locality-sensitive hashing (Broder 1997; Leskovec et al., Mining of
 * Massive Datasets, ch. 3).
 *
 * <p>A document becomes the set of its shingles: runs of {@code shingle-size} normalised words (or characters).
 * A document shorter than one shingle is one shingle made of all its words, so short documents still get a
 * real signature and match only copies of themselves. Each of {@code permutations} seeded hash functions keeps
 * its minimum over the set; two documents agree on one minimum with probability equal to their Jaccard
 * similarity. The first {@code bands * rows} minima are cut into bands; documents sharing a band bucket are
 * candidates, and a candidate is a duplicate when the share of agreeing minima reaches {@code threshold}.
 *
 * <p>Documents are compared only with earlier <em>survivors</em>, never with removed ones, so every duplicate
 * cluster keeps exactly one document, the first seen, and no two survivors have an estimated similarity at
 * or above the threshold. Memory: {@code 4 * permutations} bytes per survivor plus about 20 bytes per band.
 */
public final class MinHashDedupStage implements DataStage {

    static final String NAME = "dedup-minhash";
    /** The removal reason of a near-copy. */
    public static final String REASON = "near-duplicate";
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** Told about each removal: the removed document, the survivor ordinal it matched, the estimated Jaccard. */
    @FunctionalInterface
    public interface DuplicateListener {
        void duplicate(Document removed, int survivor, double estimatedJaccard);
    }

    private final boolean charShingles;
    private final int shingleSize;
    private final int permutations;
    private final int bands;
    private final int rows;
    private final int needed;
    private final long[] seeds;
    private final LongMultiIndex buckets = new LongMultiIndex();
    private int[] signatures = new int[0];
    private int survivors;
    private DuplicateListener listener = (removed, survivor, estimate) -> { };

    MinHashDedupStage(String shingleUnit, int shingleSize, int permutations, int bands, int rows, double threshold,
                      long seed) {
        if (!shingleUnit.equals("word") && !shingleUnit.equals("char")) {
            throw new BasaltException("data.stages: dedup-minhash.shingle-unit = \"" + shingleUnit + "\"; use word or char.");
        }
        if (bands * rows > permutations) {
            throw new BasaltException("data.stages: dedup-minhash needs bands * rows <= permutations, got " + bands
                    + " * " + rows + " > " + permutations + ".");
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new BasaltException("data.stages: dedup-minhash.threshold = " + threshold + " must be in (0, 1].");
        }
        this.charShingles = shingleUnit.equals("char");
        this.shingleSize = shingleSize;
        this.permutations = permutations;
        this.bands = bands;
        this.rows = rows;
        this.needed = (int) Math.ceil(threshold * permutations - 1e-9);
        this.seeds = new long[permutations];
        for (int i = 0; i < permutations; i++) {
            seeds[i] = Hashing.mix64(seed * 0x9e3779b97f4a7c15L + i + 1);
        }
    }

    public static MinHashDedupStage fromConfig(Config config) {
        return StageConfig.read(NAME, config, c -> new MinHashDedupStage(c.getString("shingle-unit"),
                StageConfig.positive(NAME, c, "shingle-size"), StageConfig.positive(NAME, c, "permutations"),
                StageConfig.positive(NAME, c, "bands"), StageConfig.positive(NAME, c, "rows"),
                c.getDouble("threshold"), c.getLong("seed")));
    }

    /** Installs a listener for removals, for reports and measurements. */
    public void onDuplicate(DuplicateListener listener) {
        this.listener = listener;
    }

    /** Matching minima needed to call two documents duplicates: {@code ceil(threshold * permutations)}. */
    public int neededMatches() {
        return needed;
    }

    @Override
    public StageResult apply(Document document) {
        int[] signature = signature(shingles(document.text()));
        long[] keys = bandKeys(signature);
        int best = -1;
        int bestMatches = -1;
        for (int b = 0; b < bands && bestMatches < needed; b++) {
            int[] found = {-1, -1};
            buckets.forEach(keys[b], candidate -> {
                if (found[1] < needed) {
                    int matches = matches(signature, candidate);
                    if (matches > found[1]) {
                        found[0] = candidate;
                        found[1] = matches;
                    }
                }
            });
            if (found[1] > bestMatches) {
                best = found[0];
                bestMatches = found[1];
            }
        }
        if (bestMatches >= needed) {
            listener.duplicate(document, best, (double) bestMatches / permutations);
            return StageResult.remove(REASON);
        }
        int ordinal = survivors++;
        if ((long) survivors * permutations > signatures.length) {
            signatures = Arrays.copyOf(signatures, Math.max(permutations * 1024, signatures.length * 2));
        }
        System.arraycopy(signature, 0, signatures, ordinal * permutations, permutations);
        for (int b = 0; b < bands; b++) {
            buckets.put(keys[b], ordinal);
        }
        return StageResult.keep(document);
    }

    /** The shingle hashes of a text; never empty. */
    public long[] shingles(String text) {
        long[] units = charShingles ? charHashes(text) : Words.hashes(Words.normalized(text));
        if (units.length < shingleSize) {
            return new long[] {Words.ngramHash(units, 0, units.length)};
        }
        long[] shingles = new long[units.length - shingleSize + 1];
        for (int i = 0; i < shingles.length; i++) {
            shingles[i] = Words.ngramHash(units, i, shingleSize);
        }
        return shingles;
    }

    /** The MinHash signature of a shingle set. */
    public int[] signature(long[] shingles) {
        long[] minima = new long[permutations];
        Arrays.fill(minima, Long.MAX_VALUE);
        for (long shingle : shingles) {
            for (int p = 0; p < permutations; p++) {
                long h = Hashing.mix64(shingle ^ seeds[p]) >>> 1;
                if (h < minima[p]) {
                    minima[p] = h;
                }
            }
        }
        int[] signature = new int[permutations];
        for (int p = 0; p < permutations; p++) {
            signature[p] = (int) (minima[p] >>> 31);
        }
        return signature;
    }

    /** The LSH bucket of each band of a signature: documents that share one are candidates. */
    public long[] bandKeys(int[] signature) {
        long[] keys = new long[bands];
        for (int b = 0; b < bands; b++) {
            keys[b] = bandKey(signature, b);
        }
        return keys;
    }

    /** Whether two signatures agree on at least {@link #neededMatches()} minima: the test {@link #apply} makes. */
    public boolean duplicates(int[] a, int[] b) {
        int count = 0;
        for (int p = 0; p < permutations; p++) {
            if (a[p] == b[p]) {
                count++;
            }
        }
        return count >= needed;
    }

    private long bandKey(int[] signature, int band) {
        long h = band;
        for (int r = band * rows; r < (band + 1) * rows; r++) {
            h = Hashing.combine(h, signature[r]);
        }
        return h;
    }

    private int matches(int[] signature, int survivor) {
        int base = survivor * permutations;
        int count = 0;
        for (int p = 0; p < permutations; p++) {
            if (signatures[base + p] == signature[p]) {
                count++;
            }
        }
        return count;
    }

    private static long[] charHashes(String text) {
        String folded = WHITESPACE.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT))
                .replaceAll(" ").strip();
        return folded.codePoints().mapToLong(cp -> Hashing.mix64(cp + 0x51afd7ed558ccdL)).toArray();
    }

}
