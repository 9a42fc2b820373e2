package dev.basalt.t5;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bucket function against values worked out by hand from HF's formula
 * {@code max_exact + floor(log(d / max_exact) / log(max_distance / max_exact) · (n - max_exact))}, capped at
 * {@code n - 1}, with 32 buckets and max distance 128 (T5's values).
 */
class RelativePositionsTest {

    private static int bidirectional(int relative) {
        return RelativePositions.bucket(relative, true, 32, 128);
    }

    private static int causal(int relative) {
        return RelativePositions.bucket(relative, false, 32, 128);
    }

    @Test
    void bidirectionalBucketsSplitSixteenAndSixteen() {
        // n = 16 per direction, max_exact = 8; keys after the query add 16.
        assertEquals(0, bidirectional(0));
        assertEquals(3, bidirectional(-3));
        assertEquals(19, bidirectional(3));
        assertEquals(7, bidirectional(-7));
        assertEquals(8, bidirectional(-8));        // 8 + floor(log 1 / log 16 · 8) = 8
        assertEquals(9, bidirectional(-12));       // 8 + floor(0.4055 / 2.7726 · 8 = 1.17)
        assertEquals(10, bidirectional(-16));      // 8 + log 2 / log 16 · 8 = 8 + 2
        assertEquals(26, bidirectional(20));       // 16 + 8 + floor(0.9163 / 2.7726 · 8 = 2.64)
        assertEquals(12, bidirectional(-32));      // 8 + 4
        assertEquals(14, bidirectional(-64));      // 8 + 6
        assertEquals(15, bidirectional(-127));     // 8 + floor(7.97)
        assertEquals(15, bidirectional(-128));     // 8 + 8 = 16, capped at 15
        assertEquals(31, bidirectional(128));
        assertEquals(15, bidirectional(-1000));
    }

    @Test
    void causalBucketsUseAllThirtyTwoForThePast() {
        // n = 32, max_exact = 16; keys after the query (masked anyway) fall into bucket 0.
        assertEquals(0, causal(5));
        assertEquals(0, causal(0));
        assertEquals(5, causal(-5));
        assertEquals(15, causal(-15));
        assertEquals(16, causal(-16));
        assertEquals(21, causal(-32));             // 16 + floor(log 2 / log 8 · 16 = 5.33)
        assertEquals(26, causal(-64));             // 16 + floor(10.67)
        assertEquals(30, causal(-100));            // 16 + floor(1.8326 / 2.0794 · 16 = 14.10)
        assertEquals(31, causal(-128));            // 16 + 16 = 32, capped at 31
    }
}
