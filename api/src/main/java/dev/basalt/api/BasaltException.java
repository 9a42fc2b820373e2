package dev.basalt.api;

/**
 * A problem the user can fix: a bad config key, a missing file, an unknown component name.
 *
 * <p>The command line prints only the message of this exception, never a stack trace, so the message must
 * name the file, line or key at fault and say what would be valid.
 */
public class BasaltException extends RuntimeException {

    public BasaltException(String message) {
        super(message);
    }

    public BasaltException(String message, Throwable cause) {
        super(message, cause);
    }
}
