package dev.basalt.api.model;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ConfigOrigins;

import java.util.function.IntFunction;

/** Reading an architecture's {@code model} block: the settings every architecture reads the same way. */
public final class ModelSettings {

    /**
     * The tokenizer size a block is read with before any tokenizer exists, when its architecture is built:
     * {@code vocab-size = auto} then accepts every id, and a set {@code vocab-size} is checked on its own.
     */
    public static final int NO_TOKENIZER = 0;

    private ModelSettings() {
    }

    /**
     * Reads a run's {@code model} block with {@code reader} now, before any data or tokenizer work, so an impossible
     * shape is refused when the architecture is built; an empty block (a probe that asks an architecture which
     * checkpoints it reads) is not read.
     */
    public static void checkNow(Config model, IntFunction<?> reader) {
        if (!model.isEmpty()) {
            reader.apply(NO_TOKENIZER);
        }
    }

    /** The integer at {@code key}, or {@code automatic} where the block says {@code auto}. */
    public static int intOrAuto(Config model, String key, int automatic) {
        return model.getString(key).equals("auto") ? automatic : model.getInt(key);
    }

    /**
     * {@code vocab-size}: the tokenizer's size for {@code auto} (the largest size for {@link #NO_TOKENIZER}); a set
     * size must hold every id the tokenizer makes.
     *
     * @throws BasaltException when the size is smaller than the tokenizer's
     */
    public static int vocabSize(Config model, int tokenizerVocab) {
        int automatic = tokenizerVocab == NO_TOKENIZER ? Integer.MAX_VALUE : tokenizerVocab;
        int vocab = intOrAuto(model, "vocab-size", automatic);
        if (tokenizerVocab != NO_TOKENIZER && vocab < tokenizerVocab) {
            throw new BasaltException(ConfigOrigins.of(model, "vocab-size") + ": model.vocab-size = " + vocab
                    + " is smaller than the tokenizer's " + tokenizerVocab + " ids; raise it or set it to auto");
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
