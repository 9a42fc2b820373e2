package dev.basalt.tokenizers;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Compiles the Oniguruma-style patterns of tokenizer.json files with Java's regex engine. */
final class Regexes {
    private Regexes() {
    }

    static Pattern compile(String regex, JsonReader r) {
        try {
            // Unicode classes make \s, \w and \d match as Oniguruma's do in tokenizers.
            return Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException e) {
            throw r.error("the regex " + regex + " does not compile: " + e.getDescription());
        }
    }
}
