package dev.basalt.runtime.plugin;

import dev.basalt.api.BasaltException;

import java.util.regex.Pattern;

/** The naming rule shared by plugins and components: {@code gpt}, {@code byte-bpe}, {@code acme.prefix-lm}. */
final class NameRules {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");

    private NameRules() {
    }

    static void check(String name, String what, String location) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BasaltException("The " + what + " name '" + name + "' from " + location + " is not valid: "
                    + "names are lower-case letters, digits and '-', starting with a letter ([a-z][a-z0-9-]*), "
                    + "and third-party names carry a dotted namespace such as 'acme.prefix-lm'.");
        }
    }
}
