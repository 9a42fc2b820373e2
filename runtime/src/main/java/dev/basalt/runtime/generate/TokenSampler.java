package dev.basalt.runtime.generate;

import dev.basalt.api.Rng;

import java.util.Arrays;

/**
 * Picks the next token from a row of logits: repetition penalty, then temperature, top-k, top-p and min-p, in the
 * order Hugging Face's {@code generate} applies them, then a draw (or the arg-max at temperature 0).
 */
public final class TokenSampler {

    private final SamplingOptions options;

    public TokenSampler(SamplingOptions options) {
        this.options = options;
    }

    /**
     * @param logits one row of logits; modified in place
     * @param seen   ids in the prompt and generated so far, for the repetition penalty
     */
    public int next(float[] logits, int[] seen, int seenCount, Rng rng) {
        applyRepetitionPenalty(logits, seen, seenCount, options.repetitionPenalty());
        if (options.temperature() == 0) {
            return argmax(logits);
        }
        int v = logits.length;
        double[] probs = new double[v];
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l / options.temperature());
        }
        double sum = 0;
        for (int i = 0; i < v; i++) {
            probs[i] = Math.exp(logits[i] / options.temperature() - max);
            sum += probs[i];
        }
        for (int i = 0; i < v; i++) {
            probs[i] /= sum;
        }
        Integer[] order = sortedByProbability(probs);
        int keep = v;
        if (options.topK() > 0) {
            keep = Math.min(keep, options.topK());
        }
        if (options.topP() < 1) {
            double cumulative = 0;
            int nucleus = 0;
            while (nucleus < keep && cumulative < options.topP()) {
                cumulative += probs[order[nucleus++]];
            }
            keep = Math.max(1, nucleus);
        }
        if (options.minP() > 0) {
            double floor = options.minP() * probs[order[0]];
            int above = 0;
            while (above < keep && probs[order[above]] >= floor) {
                above++;
            }
            keep = Math.max(1, above);
        }
        double mass = 0;
        for (int i = 0; i < keep; i++) {
            mass += probs[order[i]];
        }
        double draw = rng.nextDouble() * mass;
        for (int i = 0; i < keep; i++) {
            draw -= probs[order[i]];
            if (draw < 0) {
                return order[i];
            }
        }
        return order[keep - 1];
    }

    /** HF semantics: a seen token's positive logit is divided by the penalty, a negative one multiplied. */
    static void applyRepetitionPenalty(float[] logits, int[] seen, int seenCount, double penalty) {
        if (penalty == 1) {
            return;
        }
        boolean[] done = new boolean[logits.length];
        for (int i = 0; i < seenCount; i++) {
            int id = seen[i];
            if (id >= 0 && id < logits.length && !done[id]) {
                done[id] = true;
                logits[id] = (float) (logits[id] > 0 ? logits[id] / penalty : logits[id] * penalty);
            }
        }
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Indices by falling probability; ties keep the lower id first, so draws are reproducible. */
    private static Integer[] sortedByProbability(double[] probs) {
        Integer[] order = new Integer[probs.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> probs[a] != probs[b] ? Double.compare(probs[b], probs[a]) : Integer.compare(a, b));
        return order;
    }
}
