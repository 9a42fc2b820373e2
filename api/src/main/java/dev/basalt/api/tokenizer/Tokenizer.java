package dev.basalt.api.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The token string of an id as the vocabulary spells it, with its word-boundary marks: WordPiece's {@code ##}
     * continuation prefix, byte-level BPE's {@code Ġ} (a leading space), SentencePiece's {@code ▁}. Empty when the
     * id is outside the vocabulary, and by default (a tokenizer that keeps no token strings).
     */
    default java.util.Optional<String> token(int id) {
        return java.util.Optional.empty();
    }

    /**
     * The ids of the special tokens ({@code [CLS]}, {@code </s>}, {@code <pad>}, ...): added tokens marked
     * special, which {@code decode(ids, true)} drops. Empty by default.
     */
    default java.util.Set<Integer> specialIds() {
        return java.util.Set.of();
    }

    /** Writes the tokenizer as a Hugging Face {@code tokenizer.json}, atomically. */
    void save(Path file) throws IOException;

    /**
     * Encodes one text with tokens, offsets and masks; {@code addSpecialTokens} applies the post-processor
     * (for example BERT's {@code [CLS] text [SEP]}). The default knows ids only: empty tokens, zero offsets.
     */
    default Encoding encode(String text, boolean addSpecialTokens) {
        return Encoding.ofIds(encode(text));
    }

    /**
     * Encodes a pair of texts as one sequence (BERT's {@code [CLS] A [SEP] B [SEP]}), the second text with
     * type id 1. The default joins the two encodings without special tokens.
     */
    default Encoding encodePair(String first, String second, boolean addSpecialTokens) {
        Encoding b = encode(second, false);
        int[] types = new int[b.length()];
        java.util.Arrays.fill(types, 1);
        return encode(first, false).concat(new Encoding(b.ids(), b.tokens(), types, b.starts(), b.ends(),
                b.attentionMask(), b.specialTokensMask()));
    }

    /**
     * The pad token as {@code (id, token)}, from the tokenizer file's padding settings or vocabulary;
     * empty when the tokenizer has none.
     */
    default java.util.Optional<java.util.Map.Entry<Integer, String>> padToken() {
        return java.util.Optional.empty();
    }

    /**
     * Encodes several texts, truncating and padding as asked. Padding needs {@link #padToken()}.
     *
     * @throws IllegalStateException when padding is asked for and the tokenizer has no pad token
     */
    default List<Encoding> encodeBatch(List<String> texts, BatchOptions options) {
        List<Encoding> out = new ArrayList<>(texts.size());
        int longest = 0;
        for (String text : texts) {
            Encoding e = encode(text, options.addSpecialTokens());
            if (options.maxLength() > 0) {
                e = e.truncate(options.maxLength(), options.truncationSide());
            }
            longest = Math.max(longest, e.length());
            out.add(e);
        }
        if (options.padding() == BatchOptions.Padding.NONE) {
            return out;
        }
        var pad = padToken().orElseThrow(() -> new IllegalStateException(
                "padding was asked for but the tokenizer defines no pad token"));
        int target = options.padding() == BatchOptions.Padding.FIXED ? options.padToLength() : longest;
        out.replaceAll(e -> e.pad(target, pad.getKey(), pad.getValue(), 0, options.paddingSide()));
        return out;
    }
}
