package dev.basalt.data.stage;

/** Fast non-cryptographic 64-bit hashing for shingles, n-grams and content keys. */
public final class Hashing {

    private Hashing() {
    }

    /** The SplitMix64 finaliser: a bijective mix with full avalanche. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A 64-bit hash of a character sequence, seeded. */
    public static long hash64(CharSequence text, long seed) {
        long h = mix64(seed ^ text.length());
        int i = 0;
        int n = text.length();
        for (; i + 3 < n; i += 4) {
            long block = (long) text.charAt(i) | (long) text.charAt(i + 1) << 16
                    | (long) text.charAt(i + 2) << 32 | (long) text.charAt(i + 3) << 48;
            h = mix64(h ^ block) + 0x9e3779b97f4a7c15L;
        }
        long tail = 0;
        for (int shift = 0; i < n; i++, shift += 16) {
            tail |= (long) text.charAt(i) << shift;
        }
        return mix64(h ^ tail ^ 0x632be59bd9b4e019L);
    }

    /** Combines an ordered sequence of hashes into one. */
    public static long combine(long h, long next) {
        return mix64(h * 0x9e3779b97f4a7c15L ^ next);
    }

    /** A uniform double in [0, 1) from a hash. */
    public static double unit(long hash) {
        return (mix64(hash) >>> 11) * 0x1.0p-53;
    }
}
