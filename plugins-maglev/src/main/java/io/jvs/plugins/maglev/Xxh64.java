package io.jvs.plugins.maglev;

/**
 * XXH64, the 64-bit xxHash of Yann Collet (reference: {@code xxhash.h}, version 0.8), over a byte
 * array. Used to place destinations in the Maglev table: any implementation of XXH64 in any language
 * gives the same offset and skip for the same destination key and seed, which is what lets several
 * load balancers build identical tables without talking to each other.
 *
 * <p>The primes, the 8- and 4-byte steps and the final mix are also exposed for {@link FlowHash},
 * which applies them to the words of a packet's fields.
 *
 * <p><b>Thread safety:</b> stateless; allocation-free.
 */
public final class Xxh64 {

    /** XXH64 prime 1. */
    public static final long PRIME_1 = 0x9E3779B185EBCA87L;
    /** XXH64 prime 2. */
    public static final long PRIME_2 = 0xC2B2AE3D27D4EB4FL;
    /** XXH64 prime 3. */
    public static final long PRIME_3 = 0x165667B19E3779F9L;
    /** XXH64 prime 4. */
    public static final long PRIME_4 = 0x85EBCA77C2B2AE63L;
    /** XXH64 prime 5. */
    public static final long PRIME_5 = 0x27D4EB2F165667C5L;

    private static final int STRIPE_BYTES = 32;

    private Xxh64() {
    }

    /**
     * Hashes a whole byte array.
     *
     * @param input the bytes
     * @param seed the seed
     * @return XXH64(input, seed), as the reference implementation computes it
     */
    public static long hash(byte[] input, long seed) {
        int length = input.length;
        int position = 0;
        long h;
        if (length >= STRIPE_BYTES) {
            long v1 = seed + PRIME_1 + PRIME_2;
            long v2 = seed + PRIME_2;
            long v3 = seed;
            long v4 = seed - PRIME_1;
            int stripesEnd = length - STRIPE_BYTES;
            while (position <= stripesEnd) {
                v1 = round(v1, readLongLittleEndian(input, position));
                v2 = round(v2, readLongLittleEndian(input, position + 8));
                v3 = round(v3, readLongLittleEndian(input, position + 16));
                v4 = round(v4, readLongLittleEndian(input, position + 24));
                position += STRIPE_BYTES;
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = mergeRound(h, v1);
            h = mergeRound(h, v2);
            h = mergeRound(h, v3);
            h = mergeRound(h, v4);
        } else {
            h = seed + PRIME_5;
        }
        h += length;
        while (position + 8 <= length) {
            h = mixLane(h, readLongLittleEndian(input, position));
            position += 8;
        }
        if (position + 4 <= length) {
            h = mixWord(h, readIntLittleEndian(input, position));
            position += 4;
        }
        while (position < length) {
            h ^= (input[position] & 0xFFL) * PRIME_5;
            h = Long.rotateLeft(h, 11) * PRIME_1;
            position++;
        }
        return avalanche(h);
    }

    /**
     * The XXH64 step that consumes one 8-byte lane of the tail.
     *
     * @param h the running hash
     * @param lane the lane
     * @return the new running hash
     */
    public static long mixLane(long h, long lane) {
        return Long.rotateLeft(h ^ round(0, lane), 27) * PRIME_1 + PRIME_4;
    }

    /**
     * The XXH64 step that consumes one 4-byte word of the tail.
     *
     * @param h the running hash
     * @param word the word, taken as unsigned
     * @return the new running hash
     */
    public static long mixWord(long h, int word) {
        long mixed = h ^ ((word & 0xFFFFFFFFL) * PRIME_1);
        return Long.rotateLeft(mixed, 23) * PRIME_2 + PRIME_3;
    }

    /**
     * The XXH64 final mix, which makes every output bit depend on every input bit.
     *
     * @param h the running hash
     * @return the final hash
     */
    public static long avalanche(long h) {
        long x = h;
        x ^= x >>> 33;
        x *= PRIME_2;
        x ^= x >>> 29;
        x *= PRIME_3;
        x ^= x >>> 32;
        return x;
    }

    private static long round(long accumulator, long lane) {
        long acc = accumulator + lane * PRIME_2;
        return Long.rotateLeft(acc, 31) * PRIME_1;
    }

    private static long mergeRound(long h, long v) {
        return (h ^ round(0, v)) * PRIME_1 + PRIME_4;
    }

    private static long readLongLittleEndian(byte[] bytes, int at) {
        return (readIntLittleEndian(bytes, at) & 0xFFFFFFFFL) | ((long) readIntLittleEndian(bytes, at + 4) << 32);
    }

    private static int readIntLittleEndian(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16 | (bytes[at + 3] & 0xFF) << 24;
    }
}
