package dev.basalt.data.stage;

/**
 * What MinHash LSH should do with a pair of true Jaccard similarity {@code s}, for ideal independent hash
 * functions: each of the {@code k} minima agrees independently with probability {@code s}. The stage reports
 * a duplicate when some band of {@code r} rows agrees entirely (probability {@code S(s) = 1 - (1 - s^r)^b},
 * the S-curve) and at least {@code m} of the {@code k} minima agree ({@code T(s) = P(Binomial(k, s) >= m)}).
 * Both events grow with the agreements, so by the Harris inequality {@code S T <= P(duplicate) <= min(S, T)}.
 */
record LshTheory(int permutations, int bands, int rows, int needed) {

    static LshTheory of(MinHashDedupStage stage, int permutations, int bands, int rows) {
        return new LshTheory(permutations, bands, rows, stage.neededMatches());
    }

    /** Probability that a pair shares at least one band bucket. */
    double sCurve(double s) {
        return 1 - Math.pow(1 - Math.pow(s, rows), bands);
    }

    /** P(Binomial(permutations, s) >= needed), summed term by term. */
    double enoughMatches(double s) {
        if (s >= 1) {
            return 1;
        }
        if (s <= 0) {
            return needed <= 0 ? 1 : 0;
        }
        double logTerm = permutations * Math.log1p(-s);
        double ratio = s / (1 - s);
        double tail = 0;
        for (int i = 0; i <= permutations; i++) {
            if (i >= needed) {
                tail += Math.exp(logTerm);
            }
            logTerm += Math.log((double) (permutations - i) / (i + 1)) + Math.log(ratio);
        }
        return Math.min(1, tail);
    }

    double lower(double s) {
        return sCurve(s) * enoughMatches(s);
    }

    double upper(double s) {
        return Math.min(sCurve(s), enoughMatches(s));
    }

    /** The largest p(1 - p) for p in [lower(s), upper(s)]: a bound on the variance of one pair's outcome. */
    double variance(double s) {
        double lo = lower(s);
        double hi = upper(s);
        if (lo <= 0.5 && hi >= 0.5) {
            return 0.25;
        }
        return Math.max(lo * (1 - lo), hi * (1 - hi));
    }
}
