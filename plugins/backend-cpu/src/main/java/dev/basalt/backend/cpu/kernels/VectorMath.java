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
        float sum = 0f;
        for (int i = 0; i < count; i++) {
            sum += lanes[i];
        }
        return sum;
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
