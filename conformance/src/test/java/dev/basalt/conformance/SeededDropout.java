package dev.basalt.conformance;

import dev.basalt.api.model.LanguageModel;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.nn.Module;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Dropout as a training run applies it: masks are a function of the step's seed, and only training drops. */
public final class SeededDropout {

    private SeededDropout() {
    }

    /**
     * The same seed repeats a training forward pass exactly and another seed changes it; evaluation ignores the seed,
     * and a negative seed in training gives the evaluation logits. The model must have a dropout rate above zero.
     */
    public static void assertSeededAndOnlyActiveWhileTraining(LanguageModel model, TokenBatch batch) {
        Module module = model.module();
        module.train(true);
        model.dropoutSeed(11);
        float[] first = model.logits(batch).toFloatArray();
        float[] again = model.logits(batch).toFloatArray();
        model.dropoutSeed(12);
        float[] other = model.logits(batch).toFloatArray();
        assertArrayEquals(first, again, 0f);
        assertFalse(Arrays.equals(first, other), "another seed drops other elements");
        module.eval();
        float[] evalA = model.logits(batch).toFloatArray();
        model.dropoutSeed(13);
        assertArrayEquals(evalA, model.logits(batch).toFloatArray(), 0f);
        module.train(true);
        model.dropoutSeed(-1);
        assertArrayEquals(evalA, model.logits(batch).toFloatArray(), 0f, "a negative seed turns dropout off");
    }
}
