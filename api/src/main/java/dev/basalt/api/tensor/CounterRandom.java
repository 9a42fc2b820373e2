package dev.basalt.api.tensor;

/**
 * A counter-based random generator: the value at position {@code i} of stream {@code seed} is a pure function
 * of both, so results do not depend on thread count, backend or the order of generation. Used for
 * initialisation ({@link Tensor#randn}) and dropout masks.
 */
public final class CounterRandom {

    private CounterRandom() {
    }

    /** The SplitMix64 finaliser: a bijective mix of 64 bits. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A 64-bit random value for position {@code index} of stream {@code seed}. */
    public static long bits(long seed, long index) {
        return mix(mix(seed * 0x9e3779b97f4a7c15L + 0x632be59bd9b4e019L) + index * 0x9e3779b97f4a7c15L);
    }

    /** A float uniform in [0, 1) with 24 random bits. */
    public static float uniform(long seed, long index) {
        return (bits(seed, index) >>> 40) * 0x1.0p-24f;
    }

    /** A standard normal value (Box–Muller over two counter positions). */
    public static float normal(long seed, long index) {
        long r = bits(seed, index);
        double u1 = ((r >>> 11) + 1) * 0x1.0p-53;           // (0, 1]
        double u2 = (bits(seed ^ 0x5deece66dL, index) >>> 11) * 0x1.0p-53;
        return (float) (Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2));
    }
}
