package dev.basalt.api.objective;

import dev.basalt.api.model.ModelFamily;

import java.util.Set;

/**
 * A training objective, chosen by {@code objective.type}: how a packed token stream becomes model inputs,
 * targets and a loss.
 */
public interface Objective {

    /** The model families this objective can train; a run that pairs it with another family is refused. */
    Set<ModelFamily> families();
}
