package dev.basalt.api.objective;

import dev.basalt.api.model.ModelFamily;

import java.util.Set;

/**
 * A training objective, chosen by {@code objective.type}. It is one of two kinds, and the kind decides how
 * {@code basalt train} runs: a {@link TokenObjective} pretrains on windows of the prepared token corpus; a
 * {@link ClassificationObjective} fine-tunes an encoder on labelled texts ({@code data.labelled}).
 */
public sealed interface Objective permits TokenObjective, ClassificationObjective {

    /** The model families this objective can train; a run that pairs it with another family is refused. */
    Set<ModelFamily> families();
}
