package com.acme.basalt;

import dev.basalt.api.BasaltException;
import dev.basalt.api.Rng;
import dev.basalt.api.data.TokenSequence;
import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.objective.TokenObjective;

import java.util.Set;

/**
 * Prefix language modelling: the first part of each window is context only (no loss is taken there), the rest is
 * predicted token by token.
 */
public final class PrefixLm implements TokenObjective {

    private final double prefixFraction;

    public PrefixLm(double prefixFraction) {
        if (prefixFraction < 0 || prefixFraction >= 1) {
            throw new BasaltException("objective.prefix-fraction = " + prefixFraction + " must be in [0, 1)");
        }
        this.prefixFraction = prefixFraction;
    }

    @Override
    public Set<ModelFamily> families() {
        return Set.of(ModelFamily.DECODER);
    }

    @Override
    public TokenBatch sample(TokenSequence tokens, int rows, int length, Rng rng) {
        long starts = tokens.length() - length;
        if (starts < 1) {
            throw new BasaltException("Too little text for windows of " + length + " tokens.");
        }
        int prefix = (int) Math.floor(length * prefixFraction);
        int[] window = new int[length + 1];
        int[] inputs = new int[rows * length];
        int[] targets = new int[rows * length];
        for (int r = 0; r < rows; r++) {
            tokens.read(rng.nextInt((int) Math.min(starts, Integer.MAX_VALUE)), window, 0, length + 1);
            for (int t = 0; t < length; t++) {
                inputs[r * length + t] = window[t];
                targets[r * length + t] = t < prefix ? TokenBatch.IGNORE : window[t + 1];
            }
        }
        return new TokenBatch(rows, length, inputs, targets);
    }
}
