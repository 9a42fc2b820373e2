package dev.basalt.objectives;

import dev.basalt.api.Rng;
import dev.basalt.api.data.TokenSequence;
import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.objective.TokenObjective;

import java.util.Set;

/**
 * Next-token prediction over packed token streams, for decoders: each row is a random window of the stream, and
 * the target at each position is the token after it. Documents are already separated by end-of-text ids in the
 * stream, so the model learns where a document ends.
 */
public final class CausalLm implements TokenObjective {

    @Override
    public Set<ModelFamily> families() {
        return Set.of(ModelFamily.DECODER);
    }

    @Override
    public TokenBatch sample(TokenSequence tokens, int rows, int length, Rng rng) {
        int[] window = new int[length + 1];
        int[] inputs = new int[rows * length];
        int[] targets = new int[rows * length];
        for (int r = 0; r < rows; r++) {
            Windows.read(tokens, length + 1, rng, window, 0, "training.context plus one");
            System.arraycopy(window, 0, inputs, r * length, length);
            System.arraycopy(window, 1, targets, r * length, length);
        }
        return new TokenBatch(rows, length, inputs, targets);
    }
}
