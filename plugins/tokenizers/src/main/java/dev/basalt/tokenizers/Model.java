package dev.basalt.tokenizers;

import java.util.Map;

/** The vocabulary-dependent step: splits one pre-tokenized piece into tokens. */
interface Model {

    /** Receives the tokens of a piece, each with its char range inside the piece. */
    @FunctionalInterface
    interface Sink {
        void token(int id, int start, int end);
    }

    void tokenize(String piece, Sink sink);

    Vocab vocab();

    /** The {@code model} object of a tokenizer.json. */
    Map<String, Object> toJson();
}
