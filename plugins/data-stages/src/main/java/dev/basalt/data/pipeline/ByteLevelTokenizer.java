package dev.basalt.data.pipeline;

import dev.basalt.api.tokenizer.Tokenizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The simplest lossless tokenizer: ids 0..255 are the UTF-8 bytes of the text and 256 is
 * {@code <|endoftext|>}. Used by the data benchmark and tests, and as a stand-in when no trained tokenizer
 * is at hand; it cannot be saved as a Hugging Face file.
 */
public final class ByteLevelTokenizer implements Tokenizer {

    /** The end-of-text token and its id. */
    public static final String EOS = "<|endoftext|>";
    public static final int EOS_ID = 256;

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xFF;
        }
        return ids;
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length);
        for (int id : ids) {
            if (id < 256) {
                out.write(id);
            } else if (!skipSpecialTokens) {
                out.writeBytes(EOS.getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int vocabSize() {
        return 257;
    }

    @Override
    public OptionalInt tokenId(String token) {
        return EOS.equals(token) ? OptionalInt.of(EOS_ID) : OptionalInt.empty();
    }

    @Override
    public void save(Path file) throws IOException {
        throw new IOException("The byte-level tokenizer has no Hugging Face tokenizer.json form.");
    }
}
