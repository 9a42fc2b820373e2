package dev.basalt.objectives;

import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.objective.Objective;

import java.util.Set;

/** Next-token prediction over packed token streams, for decoders. */
public final class CausalLm implements Objective {

    @Override
    public Set<ModelFamily> families() {
        return Set.of(ModelFamily.DECODER);
    }
}
