package dev.basalt.runtime.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search with Hugging Face's semantics ({@code BeamSearchScorer}, {@code early_stopping = False}): each step
 * ranks every continuation of every running beam by its summed log-probability, takes the best {@code 2 × beams},
 * keeps the first {@code beams} that do not end the sequence as the next running beams, and files each
 * end-of-sequence among the first {@code beams} as a finished hypothesis scored
 * {@code sum log p / length^lengthPenalty}, where length counts the generated tokens with the end token. The
 * search ends when {@code beams} hypotheses are finished and no running beam can beat the worst of them, or at
 * {@code maxTokens}, where the running beams are scored as hypotheses too.
 */
public final class BeamSearch {

    /**
     * One decoding step over the running beams.
     */
    @FunctionalInterface
    public interface Step {
        /**
         * Logits {@code [rows][vocab]} for the next token of each new row, where new row {@code r} continues old row
         * {@code parents[r]} with token {@code tokens[r]} (the first call has one row, which reads the start token).
         */
        float[][] next(int[] parents, int[] tokens);
    }

    /** A finished sequence: its generated tokens (without start and end tokens) and its score. */
    public record Hypothesis(int[] tokens, double score) {
    }

    private final int beams;
    private final double lengthPenalty;

    public BeamSearch(int beams, double lengthPenalty) {
        if (beams < 1) {
            throw new IllegalArgumentException("beams must be at least 1, got " + beams);
        }
        this.beams = beams;
        this.lengthPenalty = lengthPenalty;
    }

    /** The best hypothesis of at most {@code maxTokens} generated tokens. */
    public Hypothesis search(Step step, int startId, int endId, int maxTokens) {
        if (maxTokens == 0) {
            return new Hypothesis(new int[0], 0);
        }
        List<Hypothesis> finished = new ArrayList<>();
        List<int[]> running = List.of(new int[0]);
        double[] runningScores = {0};
        float[][] logits = step.next(new int[] {0}, new int[] {startId});
        for (int length = 1; length <= maxTokens; length++) {
            List<Candidate> candidates = candidates(logits, runningScores);
            List<int[]> nextBeams = new ArrayList<>();
            int[] parents = new int[beams];
            int[] tokens = new int[beams];
            double[] nextScores = new double[beams];
            for (int rank = 0; rank < candidates.size() && nextBeams.size() < beams; rank++) {
                Candidate c = candidates.get(rank);
                int[] sequence = running.get(c.beam);
                if (c.token == endId) {
                    if (rank < beams) {
                        add(finished, new Hypothesis(sequence, c.score / Math.pow(length, lengthPenalty)));
                    }
                    continue;
                }
                int[] extended = Arrays.copyOf(sequence, length);
                extended[length - 1] = c.token;
                parents[nextBeams.size()] = c.beam;
                tokens[nextBeams.size()] = c.token;
                nextScores[nextBeams.size()] = c.score;
                nextBeams.add(extended);
            }
            int rows = nextBeams.size();
            running = nextBeams;
            runningScores = Arrays.copyOf(nextScores, rows);
            if (rows == 0 || done(finished, candidates.getFirst().score, length)) {
                return best(finished);
            }
            if (length == maxTokens) {
                break;
            }
            logits = step.next(Arrays.copyOf(parents, rows), Arrays.copyOf(tokens, rows));
        }
        for (int b = 0; b < running.size(); b++) {
            add(finished, new Hypothesis(running.get(b), runningScores[b] / Math.pow(maxTokens, lengthPenalty)));
        }
        return best(finished);
    }

    private record Candidate(int beam, int token, double score) {
    }

    /** The best {@code 2 × beams} continuations by summed log-probability, best first. */
    private List<Candidate> candidates(float[][] logits, double[] scores) {
        List<Candidate> all = new ArrayList<>();
        for (int b = 0; b < logits.length; b++) {
            double[] logp = logSoftmax(logits[b]);
            for (int v = 0; v < logp.length; v++) {
                all.add(new Candidate(b, v, scores[b] + logp[v]));
            }
        }
        all.sort(Comparator.comparingDouble(Candidate::score).reversed());
        return all.subList(0, Math.min(2 * beams, all.size()));
    }

    /** Keeps the {@code beams} best hypotheses, as HF's {@code BeamHypotheses.add}. */
    private void add(List<Hypothesis> finished, Hypothesis h) {
        finished.add(h);
        finished.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
        if (finished.size() > beams) {
            finished.removeLast();
        }
    }

    /**
     * HF's {@code is_done} without early stopping: the step's best summed log-probability, scored at the current
     * length, does not beat the worst kept hypothesis.
     */
    private boolean done(List<Hypothesis> finished, double bestSum, int length) {
        return finished.size() >= beams
                && finished.getLast().score() >= bestSum / Math.pow(length, lengthPenalty);
    }

    private static Hypothesis best(List<Hypothesis> finished) {
        return finished.getFirst();
    }

    static double[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i] - log;
        }
        return out;
    }
}
