package dev.basalt.api.model;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;

/** Reading an architecture's {@code model} block: the settings every architecture reads the same way. */
public final class ModelSettings {

    private ModelSettings() {
    }

    /** The integer at {@code key}, or {@code automatic} where the block says {@code auto}. */
    public static int intOrAuto(Config model, String key, int automatic) {
        return model.getString(key).equals("auto") ? automatic : model.getInt(key);
    }

    /**
     * {@code vocab-size}: the tokenizer's size for {@code auto}; a set size must hold every id the tokenizer makes.
     *
     * @param where the block's origin, which the message names
     * @throws BasaltException when the size is smaller than the tokenizer's
     */
    public static int vocabSize(Config model, int tokenizerVocab, String where) {
        int vocab = intOrAuto(model, "vocab-size", tokenizerVocab);
        if (vocab < tokenizerVocab) {
            throw new BasaltException(where + ": model.vocab-size = " + vocab + " is smaller than the tokenizer's "
                    + tokenizerVocab + " ids; raise it or set it to auto");
        }
        return vocab;
    }

    /**
     * A config record's check of its values: throws {@link IllegalArgumentException} with {@code message} unless
     * {@code condition} holds; the architecture's reader turns it into a message naming the block.
     */
    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
