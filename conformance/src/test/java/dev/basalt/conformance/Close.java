package dev.basalt.conformance;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Element-wise closeness: {@code |actual - expected| <= abs + rel·|expected|}, NaN and infinities matched exactly. */
final class Close {

    private Close() {
    }

    static void assertClose(String what, float[] expected, float[] actual, double abs, double rel) {
        assertEquals(expected.length, actual.length, what + ": element count");
        int worst = -1;
        double worstExcess = 0;
        int bad = 0;
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (Float.isNaN(e) || Float.isInfinite(e) || Float.isNaN(a) || Float.isInfinite(a)) {
                if (Float.compare(e, a) != 0) {
                    bad++;
                    if (worst < 0 || worstExcess < Double.POSITIVE_INFINITY) {
                        worst = i;
                        worstExcess = Double.POSITIVE_INFINITY;
                    }
                }
                continue;
            }
            double excess = Math.abs((double) a - e) - (abs + rel * Math.abs(e));
            if (excess > 0) {
                bad++;
                if (excess > worstExcess || worst < 0) {
                    worst = i;
                    worstExcess = excess;
                }
            }
        }
        if (bad > 0) {
            fail(what + ": " + bad + " of " + expected.length + " elements differ beyond " + abs + " + " + rel
                    + "·|expected|; worst at " + worst + ": expected " + expected[worst] + ", got " + actual[worst]
                    + (expected.length <= 24 ? "\n expected " + Arrays.toString(expected) + "\n actual   "
                    + Arrays.toString(actual) : ""));
        }
    }

    static void assertClose(String what, double expected, double actual, double abs, double rel) {
        if (!(Math.abs(actual - expected) <= abs + rel * Math.abs(expected))) {
            fail(what + ": expected " + expected + ", got " + actual + " (tolerance " + abs + " + " + rel
                    + "·|expected|)");
        }
    }

    /** The same bits, element by element (determinism and kernel/fallback identity checks). */
    static void assertBitEqual(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": element count");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected the same bits as " + expected[i]);
            }
        }
    }

    /** Equal as numbers ({@code ==}, so 0.0 and -0.0 match), element by element; NaN matches NaN. */
    static void assertSameValues(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": element count");
        for (int i = 0; i < expected.length; i++) {
            if (!(expected[i] == actual[i] || Float.isNaN(expected[i]) && Float.isNaN(actual[i]))) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected exactly " + expected[i]);
            }
        }
    }

    static void assertAllFinite(String what, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                fail(what + ": element " + i + " is " + values[i]);
            }
        }
    }
}
