package dev.basalt.api.tokenizer;

import java.util.function.LongConsumer;

/**
 * A tokenizer family, chosen by {@code tokenizer.type}: learns a {@link Tokenizer} from text. Its
 * configuration block carries the family's settings (vocabulary size, special tokens, ...).
 */
public interface TokenizerTrainer {

    /**
     * Learns a tokenizer from the given texts.
     *
     * @param texts    the training texts, read once or several times
     * @param progress told the number of bytes read so far, for progress display
     */
    Tokenizer train(Iterable<String> texts, LongConsumer progress);
}
