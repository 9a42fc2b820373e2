package dev.basalt.api.model;

import dev.basalt.api.nn.Module;
import dev.basalt.api.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;

/** A model built by an {@link Architecture}: trainable parameters, a forward pass, and a Hugging Face export. */
public interface LanguageModel {

    /** The parameter tree; names are the Hugging Face tensor names where an HF model type exists. */
    Module module();

    /** The number of rows of the output layer. */
    int vocabSize();

    /** Logits {@code [rows, length, vocab]} for the batch's inputs. */
    Tensor logits(TokenBatch batch);

    /** Writes {@code model.safetensors} and {@code config.json} (HF keys) into {@code folder}, atomically each. */
    void save(Path folder) throws IOException;

    /**
     * Seeds the dropout masks of the following training forward passes. The training loop sets one per step, so
     * a resumed run repeats the masks of the uninterrupted run. A model without dropout ignores it.
     */
    default void dropoutSeed(long seed) {
    }

    /** One line: layout, size, parameter count. */
    String describe();
}
