package dev.basalt.backend.cpu.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector helpers whose results are the same bits whether the JIT has compiled the code or not. The Vector API's own
 * {@code reduceLanes(ADD)} and {@code EXP} may round differently in the interpreter and in compiled code, which would
 * break run-to-run reproducibility; these use only exactly rounded lane-wise operations.
 */
public final class VectorMath {

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    private static final float ROUNDING = 12582912f; // 1.5 * 2^23: adding it rounds to an integer
    private static final int ROUNDING_BITS = Float.floatToRawIntBits(ROUNDING);
    /** Below this exp underflows to zero (kept above the denormal range so 2^n stays a normal float). */
    private static final float MIN_ARGUMENT = -87.3f;
    private static final float MAX_ARGUMENT = 88.3f;

    private VectorMath() {
    }

    /**
     * Sum of {@code lanes[0..count)} added left to right. Callers store a vector there with {@code intoArray} first:
     * passing the vector itself into a method that C2 may not inline would box it on every call.
     */
    public static float sumLanes(float[] lanes, int count) {
        return sumLanes(lanes, 0, count);
    }

    /** Sum of {@code lanes[from..from+count)} added left to right. */
    public static float sumLanes(float[] lanes, int from, int count) {
        float sum = 0f;
        for (int i = from; i < from + count; i++) {
            sum += lanes[i];
        }
        return sum;
    }

    /** Sum of the lanes of {@code v} added left to right, through {@code scratch} (at least one lane per element). */
    public static float sumLanes(FloatVector v, float[] scratch) {
        v.intoArray(scratch, 0);
        return sumLanes(scratch, v.length());
    }

    /**
     * tanh per lane with a few ulp error: Cephes' odd polynomial below |x| = 0.625, where 1 - 2/(e^2|x| + 1) would
     * lose relative precision, and that identity through {@link #exp} above it. NaN stays NaN.
     */
    public static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector large = FloatVector.broadcast(x.species(), 1f)
                .sub(FloatVector.broadcast(x.species(), 2f).div(exp(a.mul(2f)).add(1f)));
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        FloatVector z = x.mul(x);
        FloatVector p = z.mul(-5.70498872745e-3f).add(2.06390887954e-2f);
        p = p.mul(z).add(-5.37397155531e-2f);
        p = p.mul(z).add(1.33314422036e-1f);
        p = p.mul(z).add(-3.33332819422e-1f);
        FloatVector small = p.mul(z).mul(x).add(x);
        return large.blend(small, a.compare(VectorOperators.LT, 0.625f));
    }

    /**
     * erf per lane to about 1e-7 absolute: its Maclaurin series below |x| = 0.5, above it 1 - erfc with the Numerical
     * Recipes Chebyshev fit of erfc (the same formulas as the scalar kernel, here in float). NaN stays NaN.
     */
    public static FloatVector erf(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector t = FloatVector.broadcast(x.species(), 1f).div(a.mul(0.5f).add(1f));
        FloatVector p = t.mul(0.17087277f).add(-0.82215223f);
        p = p.mul(t).add(1.48851587f);
        p = p.mul(t).add(-1.13520398f);
        p = p.mul(t).add(0.27886807f);
        p = p.mul(t).add(-0.18628806f);
        p = p.mul(t).add(0.09678418f);
        p = p.mul(t).add(0.37409196f);
        p = p.mul(t).add(1.00002368f);
        p = p.mul(t).add(-1.26551223f);
        FloatVector erfc = t.mul(exp(p.sub(a.mul(a))));
        FloatVector large = FloatVector.broadcast(x.species(), 1f).sub(erfc);
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        FloatVector z = x.mul(x);
        FloatVector s = z.mul(1.2055332981789664e-4f).add(-8.548327023450852e-4f);
        s = s.mul(z).add(5.223977625442188e-3f);
        s = s.mul(z).add(-2.6866170645131252e-2f);
        s = s.mul(z).add(1.1283791670955126e-1f);
        s = s.mul(z).add(-3.7612638903183754e-1f);
        s = s.mul(z).add(1.1283791670955126f);
        return large.blend(s.mul(x), a.compare(VectorOperators.LT, 0.5f));
    }

    /**
     * e^x per lane with about 2 ulp error (Cephes-style polynomial after reduction by ln 2); -Infinity and anything
     * below -87.3 give 0, NaN stays NaN.
     */
    public static FloatVector exp(FloatVector x) {
        VectorMask<Float> underflow = x.compare(VectorOperators.LT, MIN_ARGUMENT);
        FloatVector clamped = x.max(MIN_ARGUMENT).min(MAX_ARGUMENT);
        // Adding 1.5 * 2^23 rounds to an integer n and leaves n in the low mantissa bits of 'shifted'.
        FloatVector shifted = clamped.mul(LOG2E).add(ROUNDING);
        FloatVector n = shifted.sub(ROUNDING);
        // n * LN2_HIGH is exact (LN2_HIGH has 9 significant bits), so r = x - n ln 2 keeps full precision.
        FloatVector r = clamped.sub(n.mul(LN2_HIGH)).sub(n.mul(LN2_LOW));
        FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f);
        p = p.mul(r).add(8.3334519073e-3f);
        p = p.mul(r).add(4.1665795894e-2f);
        p = p.mul(r).add(1.6666665459e-1f);
        p = p.mul(r).add(5.0000001201e-1f);
        p = p.mul(r.mul(r)).add(r).add(1f);
        IntVector bits = shifted.reinterpretAsInts();
        FloatVector scale = bits.sub(ROUNDING_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector result = p.mul(scale);
        return result.blend(0f, underflow.and(x.compare(VectorOperators.EQ, x)));
    }
}
