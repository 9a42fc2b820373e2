package dev.basalt.api.tokenizer;

import dev.basalt.api.BasaltException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/** Entry point for code that needs a tokenizer from a file without knowing which plugin reads it. */
public final class Tokenizers {
    private Tokenizers() {
    }

    /**
     * Loads a tokenizer with the first installed loader that accepts the path. Loaders are found with
     * {@link ServiceLoader} through the thread's context class loader.
     *
     * @throws BasaltException when the path does not exist, no loader accepts it, or the file is bad
     */
    public static Tokenizer load(Path fileOrDirectory) {
        if (!Files.exists(fileOrDirectory)) {
            throw new BasaltException("Tokenizer file or folder " + fileOrDirectory + " does not exist.");
        }
        boolean anyLoader = false;
        for (TokenizerLoader loader : ServiceLoader.load(TokenizerLoader.class)) {
            if (loader.canLoad(fileOrDirectory)) {
                return loader.load(fileOrDirectory);
            }
            anyLoader = true;
        }
        throw new BasaltException(anyLoader
                ? "No tokenizer found in " + fileOrDirectory + ". Valid inputs: tokenizer.json, vocab.json + merges.txt,"
                        + " vocab.txt, a SentencePiece .model, or a folder holding one."
                : "No tokenizer loader is installed, so " + fileOrDirectory + " cannot be read; add the tokenizers"
                        + " plugin (basalt-tokenizers) to the class path or a plugins folder.");
    }
}
