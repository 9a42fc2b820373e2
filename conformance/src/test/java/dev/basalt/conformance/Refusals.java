package dev.basalt.conformance;

import dev.basalt.api.BasaltException;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad user input refused with one {@link BasaltException} whose message says what was wrong. */
public final class Refusals {

    private Refusals() {
    }

    /**
     * {@code action} throws a {@link BasaltException} whose message contains every one of {@code parts}.
     *
     * @return the message, for checks of what it must not say
     */
    public static String assertRefused(Executable action, String... parts) {
        String message = assertThrows(BasaltException.class, action).getMessage();
        for (String part : parts) {
            assertTrue(message.contains(part), "\"" + part + "\" not in: " + message);
        }
        return message;
    }
}
