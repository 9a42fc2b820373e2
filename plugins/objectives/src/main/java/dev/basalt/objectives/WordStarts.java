package dev.basalt.objectives;

import dev.basalt.api.BasaltException;
import dev.basalt.api.tokenizer.Tokenizer;

import java.util.List;
import java.util.Optional;

/**
 * Which tokens begin a word, from the token strings of the vocabulary. Three conventions are known: WordPiece
 * marks a continuation with a {@code ##} prefix; byte-level BPE marks a word start with the leading space
 * {@code Ġ} (or another whitespace byte: {@code Ċ ĉ č}); SentencePiece with {@code ▁}. So in the last two a
 * whitespace-only token ({@code Ċ}, {@code ▁}) begins the word that follows it, as a word's leading space does. A
 * special token is a word of its own, except the unknown token ({@code [UNK]}, {@code <unk>}): it stands for text
 * the vocabulary could not spell, often inside a word, so it belongs to the word around it.
 */
final class WordStarts {

    /** The naming conventions of word boundaries, selected by {@code word-boundaries}. */
    enum Style {
        WORDPIECE("wordpiece"), BYTE_LEVEL("byte-level"), SENTENCEPIECE("sentencepiece");

        final String key;

        Style(String key) {
            this.key = key;
        }

        static Style of(String key) {
            for (Style style : values()) {
                if (style.key.equals(key)) {
                    return style;
                }
            }
            throw new IllegalArgumentException(key);
        }
    }

    private static final String BYTE_LEVEL_WHITESPACE = "ĠĊĉč";
    private static final String METASPACE = "▁";

    private static final List<String> UNKNOWN = List.of("[UNK]", "<unk>");

    private final boolean[] beginsWord;
    private final boolean[] wordOfItsOwn;

    private WordStarts(boolean[] beginsWord, boolean[] wordOfItsOwn) {
        this.beginsWord = beginsWord;
        this.wordOfItsOwn = wordOfItsOwn;
    }

    /**
     * Reads the token string of every id.
     *
     * @param style   null to detect the convention: the one whose mark most token strings carry
     * @param special the special ids, each a word of its own but the unknown token
     */
    static WordStarts of(Tokenizer tokenizer, String file, Style style, boolean[] special) {
        int size = special.length;
        String[] tokens = new String[size];
        int known = 0;
        int[] marks = new int[Style.values().length];
        for (int id = 0; id < size; id++) {
            Optional<String> token = tokenizer.token(id);
            if (token.isEmpty() || token.get().isEmpty()) {
                continue;
            }
            String t = token.get();
            tokens[id] = t;
            known++;
            if (t.startsWith("##")) {
                marks[Style.WORDPIECE.ordinal()]++;
            }
            if (BYTE_LEVEL_WHITESPACE.indexOf(t.charAt(0)) >= 0) {
                marks[Style.BYTE_LEVEL.ordinal()]++;
            }
            if (t.startsWith(METASPACE)) {
                marks[Style.SENTENCEPIECE.ordinal()]++;
            }
        }
        if (known == 0) {
            throw new BasaltException("Whole-word masking needs the token strings of the tokenizer " + file
                    + ", which it does not give; set objective.whole-word = false.");
        }
        if (style == null) {
            int best = 0;
            for (int s = 1; s < marks.length; s++) {
                if (marks[s] > marks[best]) {
                    best = s;
                }
            }
            if (marks[best] == 0) {
                throw new BasaltException("The token strings of the tokenizer " + file + " carry no word-boundary mark"
                        + " (## continuation, Ġ or ▁ word start); set objective.word-boundaries to wordpiece, byte-level"
                        + " or sentencepiece, or objective.whole-word = false.");
            }
            style = Style.values()[best];
        }
        boolean[] begins = new boolean[size];
        for (int id = 0; id < size; id++) {
            String t = tokens[id];
            begins[id] = t == null || switch (style) {
                case WORDPIECE -> !t.startsWith("##");
                case BYTE_LEVEL -> BYTE_LEVEL_WHITESPACE.indexOf(t.charAt(0)) >= 0;
                case SENTENCEPIECE -> t.startsWith(METASPACE);
            };
        }
        boolean[] alone = special.clone();
        for (String unknown : UNKNOWN) {
            tokenizer.tokenId(unknown).ifPresent(id -> {
                if (id < alone.length) {
                    alone[id] = false;
                }
            });
        }
        return new WordStarts(begins, alone);
    }

    /**
     * Marks {@code starts[i]} true where {@code ids[i]} begins a word. The first position always does: a window
     * may cut a word, and its first piece then stands for the whole.
     */
    void mark(int[] ids, int from, int count, boolean[] starts) {
        for (int i = 0; i < count; i++) {
            int id = ids[from + i];
            starts[i] = i == 0 || aWordOfItsOwn(id) || beginsWord(id) || aWordOfItsOwn(ids[from + i - 1]);
        }
    }

    private boolean aWordOfItsOwn(int id) {
        return id >= 0 && id < wordOfItsOwn.length && wordOfItsOwn[id];
    }

    private boolean beginsWord(int id) {
        return id < 0 || id >= beginsWord.length || beginsWord[id];
    }
}
