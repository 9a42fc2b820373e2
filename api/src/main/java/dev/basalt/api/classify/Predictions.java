package dev.basalt.api.classify;

/** Reading a probability row: its most probable label. */
final class Predictions {

    private Predictions() {
    }

    /** The index of the largest probability (the first one on ties). */
    static int best(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }
}
