package dev.basalt.api.tokenizer;

import dev.basalt.api.BasaltException;

import java.nio.file.Path;

/**
 * Reads tokenizer files from disk. Plugins register implementations in
 * {@code META-INF/services/dev.basalt.api.tokenizer.TokenizerLoader}; runtime code calls {@link Tokenizers#load(Path)}
 * and never depends on the plugin that reads the format.
 */
public interface TokenizerLoader {

    /**
     * Whether this loader reads the given file or directory (judged by names only, no parsing). A directory
     * is a checkpoint or model folder holding for example {@code tokenizer.json} or {@code vocab.txt}.
     */
    boolean canLoad(Path fileOrDirectory);

    /**
     * Reads the tokenizer.
     *
     * @throws BasaltException naming the file and the problem when it is missing, truncated or inconsistent
     */
    Tokenizer load(Path fileOrDirectory);
}
