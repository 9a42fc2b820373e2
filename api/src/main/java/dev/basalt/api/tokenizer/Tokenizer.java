package dev.basalt.api.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;

/** Turns text into token ids and back. Implementations are immutable and safe to share between threads. */
public interface Tokenizer {

    /** Encodes one text, without adding special tokens around it. */
    int[] encode(String text);

    /** Decodes ids to text; special tokens are dropped when {@code skipSpecialTokens} is true. */
    String decode(int[] ids, boolean skipSpecialTokens);

    /** The number of ids this tokenizer can produce, added tokens included. */
    int vocabSize();

    /** The id of a token string, if the vocabulary has it. */
    OptionalInt tokenId(String token);

    /** Writes the tokenizer as a Hugging Face {@code tokenizer.json}, atomically. */
    void save(Path file) throws IOException;
}
