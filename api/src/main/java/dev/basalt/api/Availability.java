package dev.basalt.api;

import java.util.Objects;

/**
 * Whether a plugin or component can be used here, and why not.
 *
 * @param available true when it can be used
 * @param reason    a short explanation, also for an available component (for example the detected SIMD width)
 */
public record Availability(boolean available, String reason) {

    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    /** Available, with nothing to add. */
    public static Availability ok() {
        return new Availability(true, "ok");
    }

    /** Available, with a note such as the hardware that was detected. */
    public static Availability ok(String note) {
        return new Availability(true, note);
    }

    /** Not available; the reason should say what would make it available. */
    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
