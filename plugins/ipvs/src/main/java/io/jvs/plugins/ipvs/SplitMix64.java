package io.jvs.plugins.ipvs;

/**
 * SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
 * a state advanced by {@link #GOLDEN_GAMMA} and a finaliser that mixes 64 bits well. Used for the
 * random draws of {@code twos} and to fingerprint IPv6 addresses in {@link LocalityTable}.
 */
final class SplitMix64 {

    /** The state increment, the 64-bit golden ratio. */
    static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix64() {
    }

    /**
     * The finaliser: every input bit affects every output bit.
     *
     * @param z any value
     * @return a well-mixed value
     */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
