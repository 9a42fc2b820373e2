package dev.basalt.tokenizers;

import dev.basalt.api.BasaltException;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Token strings and their ids, both ways; ids are dense from 0. */
final class Vocab {
    private final HashMap<String, Integer> ids;
    private final String[] tokens;

    private Vocab(HashMap<String, Integer> ids, String[] tokens) {
        this.ids = ids;
        this.tokens = tokens;
    }

    /**
     * Builds a vocabulary from token → id pairs.
     *
     * @param source names the file in error messages
     * @throws BasaltException when two tokens share an id or ids have gaps
     */
    static Vocab of(Map<String, Integer> tokenToId, String source) {
        int max = -1;
        for (int id : tokenToId.values()) {
            if (id < 0) {
                throw new BasaltException("Tokenizer file " + source + ": negative id " + id + " in the vocabulary.");
            }
            max = Math.max(max, id);
        }
        String[] tokens = new String[max + 1];
        for (var e : tokenToId.entrySet()) {
            String previous = tokens[e.getValue()];
            if (previous != null) {
                throw new BasaltException("Tokenizer file " + source + ": the vocabulary gives id " + e.getValue()
                        + " to two tokens, '" + previous + "' and '" + e.getKey() + "'; every token needs its own id.");
            }
            tokens[e.getValue()] = e.getKey();
        }
        return new Vocab(new HashMap<>(tokenToId), tokens);
    }

    /** The id of a token, or -1. */
    int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /** The token of an id, or null when the id is not in the vocabulary. */
    String token(int id) {
        return id >= 0 && id < tokens.length ? tokens[id] : null;
    }

    /** One more than the largest id. */
    int size() {
        return tokens.length;
    }

    /** Token → id in id order, for saving. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] != null) {
                m.put(tokens[i], (long) i);
            }
        }
        return m;
    }
}
