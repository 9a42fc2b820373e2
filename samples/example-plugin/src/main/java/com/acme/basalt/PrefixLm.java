package com.acme.basalt;

import dev.basalt.api.BasaltException;
import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.objective.Objective;

import java.util.Set;

/** Prefix language modelling: the first part of each window is context only, the rest is predicted. */
public final class PrefixLm implements Objective {

    private final double prefixFraction;

    public PrefixLm(double prefixFraction) {
        if (prefixFraction < 0 || prefixFraction >= 1) {
            throw new BasaltException("objective.prefix-fraction = " + prefixFraction + " must be in [0, 1)");
        }
        this.prefixFraction = prefixFraction;
    }

    public double prefixFraction() {
        return prefixFraction;
    }

    @Override
    public Set<ModelFamily> families() {
        return Set.of(ModelFamily.DECODER);
    }
}
