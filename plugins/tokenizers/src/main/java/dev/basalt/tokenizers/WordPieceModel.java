package dev.basalt.tokenizers;

import dev.basalt.api.BasaltException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * WordPiece: greedy longest-match-first from the start of a word, later pieces spelled with the continuing
 * prefix ({@code ##}); a word that cannot be covered, or is too long, becomes one unknown token.
 */
final class WordPieceModel implements Model {
    private final Vocab vocab;
    private final String unkToken;
    private final int unkId;
    private final String prefix;
    private final int maxInputCharsPerWord;
    private final int longestToken;

    WordPieceModel(Vocab vocab, String unkToken, String prefix, int maxInputCharsPerWord, String source) {
        this.vocab = vocab;
        this.unkToken = unkToken;
        this.unkId = vocab.id(unkToken);
        if (unkId < 0) {
            throw new BasaltException("Tokenizer file " + source + ": the unknown token '" + unkToken
                    + "' is not in the vocabulary; WordPiece needs it.");
        }
        this.prefix = prefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
        int longest = 1;
        for (int id = 0; id < vocab.size(); id++) {
            String t = vocab.token(id);
            if (t != null) {
                longest = Math.max(longest, t.length());
            }
        }
        this.longestToken = longest;
    }

    @Override
    public Vocab vocab() {
        return vocab;
    }

    String unkToken() {
        return unkToken;
    }

    String prefix() {
        return prefix;
    }

    @Override
    public void tokenize(String word, Sink sink) {
        int n = word.length();
        if (word.codePointCount(0, n) > maxInputCharsPerWord) {
            sink.token(unkId, 0, n);
            return;
        }
        int[] found = new int[Math.max(4, n * 3)];
        int count = 0;
        int start = 0;
        StringBuilder candidate = new StringBuilder(prefix.length() + Math.min(n, longestToken));
        while (start < n) {
            int end = Math.min(n, start + longestToken);
            if (end < n && Character.isLowSurrogate(word.charAt(end))) {
                end--;
            }
            int id = -1;
            while (end > start) {
                candidate.setLength(0);
                if (start > 0) {
                    candidate.append(prefix);
                }
                candidate.append(word, start, end);
                id = vocab.id(candidate.toString());
                if (id >= 0) {
                    break;
                }
                end--;
                if (end > start && Character.isLowSurrogate(word.charAt(end))) {
                    end--;
                }
            }
            if (id < 0) {
                sink.token(unkId, 0, n);
                return;
            }
            found[count++] = id;
            found[count++] = start;
            found[count++] = end;
            start = end;
        }
        for (int i = 0; i < count; i += 3) {
            sink.token(found[i], found[i + 1], found[i + 2]);
        }
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "WordPiece");
        m.put("unk_token", unkToken);
        m.put("continuing_subword_prefix", prefix);
        m.put("max_input_chars_per_word", (long) maxInputCharsPerWord);
        m.put("vocab", vocab.toJson());
        return m;
    }
}
