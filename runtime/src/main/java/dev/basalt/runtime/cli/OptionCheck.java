package dev.basalt.runtime.cli;

import dev.basalt.api.BasaltException;

/** Range checks of option values, made before any work starts so a bad value costs no model loading. */
final class OptionCheck {

    private OptionCheck() {
    }

    /** Passes when the option was not given or {@code ok}; else one message naming it and the valid range. */
    static void require(Object value, boolean ok, String option, String valid) {
        if (value != null && !ok) {
            throw new BasaltException(option + " " + value + " is out of range: " + valid + ".");
        }
    }
}
