package dev.basalt.runtime.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LearningRateScheduleTest {

    private static final double EXACT = 1e-15;

    @Test
    void warmsUpLinearlyFromZero() {
        var s = new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 1e-3, 10, 100, 0.1);
        assertEquals(1e-4, s.rate(0), EXACT);
        assertEquals(5e-4, s.rate(4), EXACT);
        assertEquals(1e-3, s.rate(9), EXACT);
    }

    @Test
    void cosineFallsFromPeakToTheFloorThroughTheMidpoint() {
        var s = new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 1e-3, 10, 111, 0.1);
        assertEquals(1e-3, s.rate(10), EXACT);                   // progress 0
        assertEquals(1e-4 + 0.5 * 9e-4, s.rate(60), EXACT);     // progress 1/2: cos(pi/2) = 0
        assertEquals(1e-4, s.rate(110), EXACT);                 // progress 1: the floor
        assertEquals(1e-4 + 9e-4 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.rate(35), EXACT);
    }

    @Test
    void linearAndConstant() {
        var linear = new LearningRateSchedule(LearningRateSchedule.Kind.LINEAR, 1.0, 0, 11, 0.0);
        assertEquals(1.0, linear.rate(0), EXACT);
        assertEquals(0.5, linear.rate(5), EXACT);
        assertEquals(0.0, linear.rate(10), EXACT);
        var constant = new LearningRateSchedule(LearningRateSchedule.Kind.CONSTANT, 0.3, 2, 50, 0.0);
        assertEquals(0.15, constant.rate(0), EXACT);
        assertEquals(0.3, constant.rate(40), EXACT);
    }
}
