package dev.basalt.objectives;

import dev.basalt.api.BasaltException;
import dev.basalt.api.Rng;
import dev.basalt.api.data.TokenSequence;

/** Random windows of a packed token stream. */
final class Windows {

    private Windows() {
    }

    /**
     * Copies a window of {@code size} tokens at a uniformly random start into {@code target[offset ...]}.
     *
     * @param what names the setting that fixed the size, for the message when the stream is too short
     */
    static void read(TokenSequence tokens, int size, Rng rng, int[] target, int offset, String what) {
        long starts = tokens.length() - size + 1;
        if (starts < 1) {
            throw new BasaltException("The training text has " + tokens.length() + " tokens, too few for windows of "
                    + size + " (" + what + "); use more text or a shorter context.");
        }
        long start = starts <= Integer.MAX_VALUE ? rng.nextInt((int) starts) : Math.floorMod(rng.nextLong(), starts);
        tokens.read(start, target, offset, size);
    }
}
