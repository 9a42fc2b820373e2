package dev.basalt.backend.cpu.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** VectorMath against java.lang.Math (closed-form reference). */
class VectorMathTest {

    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    @Test
    void expWithinFourUlpOfMathExpOverTheSoftmaxRange() {
        float[] x = new float[L];
        float[] y = new float[L];
        for (float start = -87f; start < 88f; start += 0.0137f * L) {
            for (int i = 0; i < L; i++) {
                x[i] = start + 0.0137f * i;
            }
            VectorMath.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(y, 0);
            for (int i = 0; i < L; i++) {
                double expected = Math.exp(x[i]);
                double tolerance = 4 * Math.ulp((float) expected);
                assertTrue(Math.abs(y[i] - expected) <= tolerance, "exp(" + x[i] + ") = " + y[i] + ", Math " + expected);
            }
        }
    }

    @Test
    void expOfMinusInfinityIsZeroAndNaNStaysNaN() {
        float[] x = new float[L];
        x[0] = Float.NEGATIVE_INFINITY;
        x[L - 1] = Float.NaN;
        if (L > 2) {
            x[1] = -100f;
        }
        float[] y = new float[L];
        VectorMath.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(y, 0);
        assertEquals(0f, y[0]);
        assertTrue(Float.isNaN(y[L - 1]));
        if (L > 2) {
            assertEquals(0f, y[1]);
        }
    }

    @Test
    void sumLanesAddsLeftToRight() {
        float[] x = new float[L];
        x[0] = 1e8f;
        x[1] = 1f;
        x[L - 1] = -1e8f;
        float expected = 0f;
        for (float v : x) {
            expected += v;
        }
        assertEquals(expected, VectorMath.sumLanes(x, L));
    }

    @Test
    void tanhWithinFourUlpOrOneMillionthOfMathTanh() {
        float[] x = new float[L];
        float[] y = new float[L];
        for (float start = -12f; start < 12f; start += 0.00731f * L) {
            for (int i = 0; i < L; i++) {
                x[i] = start + 0.00731f * i;
            }
            VectorMath.tanh(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(y, 0);
            for (int i = 0; i < L; i++) {
                double expected = Math.tanh(x[i]);
                // relative accuracy near 0 (the odd polynomial), 4 ulp of the result elsewhere
                double tolerance = Math.max(4 * Math.ulp((float) expected), 1e-6 * Math.abs(expected));
                assertTrue(Math.abs(y[i] - expected) <= tolerance, "tanh(" + x[i] + ") = " + y[i] + ", Math " + expected);
            }
        }
        float[] tiny = new float[L];
        tiny[0] = 1e-20f;
        tiny[L - 1] = Float.NaN;
        VectorMath.tanh(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, tiny, 0)).intoArray(y, 0);
        assertEquals(1e-20f, y[0]);
        assertTrue(Float.isNaN(y[L - 1]));
    }

    @Test
    void erfWithinTwoTenMillionthsOfItsSeries() {
        float[] x = new float[L];
        float[] y = new float[L];
        for (float start = -7f; start < 7f; start += 0.00913f * L) {
            for (int i = 0; i < L; i++) {
                x[i] = start + 0.00913f * i;
            }
            VectorMath.erf(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(y, 0);
            for (int i = 0; i < L; i++) {
                double expected = seriesErf(x[i]);
                assertTrue(Math.abs(y[i] - expected) <= 2e-7, "erf(" + x[i] + ") = " + y[i] + ", series " + expected);
            }
        }
        float[] special = new float[L];
        special[0] = Float.POSITIVE_INFINITY;
        special[1] = Float.NEGATIVE_INFINITY;
        special[L - 1] = Float.NaN;
        VectorMath.erf(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, special, 0)).intoArray(y, 0);
        assertEquals(1f, y[0]);
        assertEquals(-1f, y[1]);
        assertTrue(Float.isNaN(y[L - 1]));
    }

    /**
     * erf from its Maclaurin series 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)) in double, good to 1e-9 up to
     * |x| = 4.5 despite the cancellation; beyond that |erf| differs from 1 by under 1e-10.
     */
    private static double seriesErf(double x) {
        if (Math.abs(x) > 4.5) {
            return Math.signum(x);
        }
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
        }
        return sum * 2 / Math.sqrt(Math.PI);
    }
}
