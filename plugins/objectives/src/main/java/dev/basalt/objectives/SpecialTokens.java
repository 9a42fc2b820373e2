package dev.basalt.objectives;

import dev.basalt.api.BasaltException;
import dev.basalt.api.objective.RunTokenizer;
import dev.basalt.api.tokenizer.Tokenizer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Finds the special ids an objective needs in the run's tokenizer. Each role has a setting naming its token; an
 * empty setting takes the first of the usual spellings that the tokenizer has. A token it lacks is one message
 * naming the token, the setting and the tokenizer file.
 */
final class SpecialTokens {

    private final RunTokenizer run;
    private final Settings settings;

    SpecialTokens(RunTokenizer run, Settings settings) {
        this.run = run;
        this.settings = settings;
    }

    Tokenizer tokenizer() {
        return run.tokenizer();
    }

    /** The id of the token the setting {@code key} names or, when it is empty, of the first candidate present. */
    int id(String key, String role, List<String> candidates) {
        String configured = settings.text(key);
        if (!configured.isEmpty()) {
            OptionalInt id = run.tokenizer().tokenId(configured);
            if (id.isEmpty()) {
                throw new BasaltException(settings.where(key) + ": objective." + key + " = \"" + configured
                        + "\", but the tokenizer " + run.file() + " has no token '" + configured
                        + "'; set it to the tokenizer's " + role + " token.");
            }
            return id.getAsInt();
        }
        for (String candidate : candidates) {
            OptionalInt id = run.tokenizer().tokenId(candidate);
            if (id.isPresent()) {
                return id.getAsInt();
            }
        }
        throw new BasaltException("The tokenizer " + run.file() + " has no " + role + " token (looked for "
                + String.join(", ", candidates) + "); set objective." + key + " to its " + role + " token.");
    }

    /** The pad id: the setting, else the tokenizer's own pad token, else {@code <pad>} or {@code [PAD]}. */
    int pad(String key) {
        if (settings.text(key).isEmpty()) {
            Optional<Map.Entry<Integer, String>> pad = run.tokenizer().padToken();
            if (pad.isPresent()) {
                return pad.get().getKey();
            }
        }
        return id(key, "pad", List.of("<pad>", "[PAD]"));
    }

    /** The id of the setting's token, or the stream's end-of-text id when the setting is empty. */
    int endOfText(String key) {
        return settings.text(key).isEmpty() ? run.endOfTextId() : id(key, "end-of-sequence", List.of());
    }

    /** The id of a token that must exist under exactly this spelling. */
    int required(String token, String role) {
        OptionalInt id = run.tokenizer().tokenId(token);
        if (id.isEmpty()) {
            throw new BasaltException("The tokenizer " + run.file() + " has no " + role + " token '" + token + "'.");
        }
        return id.getAsInt();
    }

    /** A table over the vocabulary: true for the tokenizer's special ids, the end-of-text id and {@code extra}. */
    boolean[] specialTable(int... extra) {
        boolean[] special = new boolean[vocabSize(extra)];
        for (int id : run.tokenizer().specialIds()) {
            if (id >= 0 && id < special.length) {
                special[id] = true;
            }
        }
        special[run.endOfTextId()] = true;
        for (int id : extra) {
            special[id] = true;
        }
        return special;
    }

    private int vocabSize(int... extra) {
        int size = Math.max(run.tokenizer().vocabSize(), run.endOfTextId() + 1);
        for (int id : extra) {
            size = Math.max(size, id + 1);
        }
        return size;
    }

    String file() {
        return run.file();
    }
}
