package dev.basalt.data.cluster;

import dev.basalt.data.stage.Hashing;
import dev.basalt.data.stage.Words;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hashed TF-IDF vectors of documents: the feature-hashing trick (Weinberger et al. 2009, without the sign hash)
 * followed by TF-IDF weighting of the hashed columns, as scikit-learn's {@code HashingVectorizer} followed by a
 * {@code TfidfTransformer} does.
 *
 * <p>Terms are the normalised words of {@link Words}; a word of CJK ideographs, which have no spaces between
 * words, is split into its single characters. A term goes to column {@code bucket(term)}; colliding terms add
 * their counts. Column {@code b} of a document with count {@code tf_b > 0} weighs
 * {@code (1 + ln tf_b) * idf_b} (sublinear term frequency), with {@code idf_b = ln((1 + n) / (1 + df_b)) + 1} over
 * the {@code n} fitted documents, {@code df_b} of which have column {@code b}, and {@code idf_b = 0} when
 * {@code df_b < 2}. The vector is then scaled to unit length, so squared Euclidean distance between vectors is
 * {@code 2 - 2 cos}.
 */
public final class HashedTfIdf {

    private static final long TERM_SEED = 0x2545f4914f6cdd1dL;

    private final int features;

    /** @param features the number of hashed columns */
    public HashedTfIdf(int features) {
        if (features < 1) {
            throw new IllegalArgumentException("features must be at least 1");
        }
        this.features = features;
    }

    public int features() {
        return features;
    }

    /** The column of a term. */
    public int bucket(String term) {
        return (int) Long.remainderUnsigned(Hashing.hash64(term, TERM_SEED), features);
    }

    /** The terms of a text, in order. */
    public static List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        for (String word : Words.normalized(text)) {
            if (word.codePoints().anyMatch(Character::isIdeographic)) {
                word.codePoints().forEach(cp -> terms.add(Character.toString(cp)));
            } else {
                terms.add(word);
            }
        }
        return terms;
    }

    /**
     * The inverse document frequency of a column present in {@code df} of {@code n} documents: scikit-learn's
     * smoothed {@code ln((1 + n) / (1 + df)) + 1}, and 0 for a column of fewer than two documents, which cannot
     * bring documents together and would otherwise weigh most.
     */
    public static double idf(int n, int df) {
        return df < 2 ? 0 : Math.log((1.0 + n) / (1.0 + df)) + 1;
    }

    /** Term counts summed per column, columns ascending. */
    public Counts counts(List<String> terms) {
        int[] buckets = new int[terms.size()];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = bucket(terms.get(i));
        }
        Arrays.sort(buckets);
        int distinct = 0;
        int[] columns = new int[buckets.length];
        int[] counts = new int[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            if (distinct > 0 && columns[distinct - 1] == buckets[i]) {
                counts[distinct - 1]++;
            } else {
                columns[distinct] = buckets[i];
                counts[distinct++] = 1;
            }
        }
        return new Counts(Arrays.copyOf(columns, distinct), Arrays.copyOf(counts, distinct));
    }

    /** The unit-length TF-IDF vector of counts; all zeros when every column weighs 0. */
    public static Vector weigh(Counts counts, double[] idf) {
        double[] values = new double[counts.columns().length];
        double squares = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = (1 + Math.log(counts.counts()[i])) * idf[counts.columns()[i]];
            squares += values[i] * values[i];
        }
        if (squares > 0) {
            double scale = 1 / Math.sqrt(squares);
            for (int i = 0; i < values.length; i++) {
                values[i] *= scale;
            }
        }
        return new Vector(counts.columns(), values);
    }

    /**
     * Sparse term counts.
     *
     * @param columns the columns with a count, ascending
     * @param counts  the summed term count of each column
     */
    public record Counts(int[] columns, int[] counts) {
    }

    /**
     * A sparse vector.
     *
     * @param columns the non-stored columns are 0; ascending
     * @param values  the value of each listed column
     */
    public record Vector(int[] columns, double[] values) {

        /** The dense form. */
        public double[] dense(int features) {
            double[] dense = new double[features];
            for (int i = 0; i < columns.length; i++) {
                dense[columns[i]] = values[i];
            }
            return dense;
        }
    }
}
