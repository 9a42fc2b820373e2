package dev.basalt.objectives;

import dev.basalt.api.Rng;

/** Poisson-distributed counts by Knuth's multiplication method: exact, and quick for the small means used here. */
final class Poisson {

    /** Means above this underflow {@code exp(-lambda)} towards the precision of the uniform draws. */
    static final double MAX_LAMBDA = 30;

    private Poisson() {
    }

    static int sample(Rng rng, double lambda) {
        double limit = Math.exp(-lambda);
        int k = 0;
        double product = rng.nextDouble();
        while (product > limit) {
            k++;
            product *= rng.nextDouble();
        }
        return k;
    }
}
