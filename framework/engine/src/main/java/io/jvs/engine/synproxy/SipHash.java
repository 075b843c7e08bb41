package io.jvs.engine.synproxy;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012) over messages made of whole 64-bit little-endian words,
 * the keyed hash Linux uses for SYN cookies ({@code siphash_4u32} in {@code net/ipv4/syncookies.c}).
 *
 * <p>Use: {@link #begin(long, long)}, one {@link #word(long)} per eight message bytes (the word is
 * the bytes read little-endian), then {@link #finish(int)} with the message length in bytes. Two
 * compression rounds per word, four finalisation rounds, as the reference implementation.
 *
 * <p><b>Not thread-safe:</b> the state lives in fields, so that hashing allocates nothing. One
 * instance per worker.
 */
public final class SipHash {

    private long v0;
    private long v1;
    private long v2;
    private long v3;

    /** Creates a hasher; {@link #begin} starts a message. */
    public SipHash() {
    }

    /**
     * Starts a message with a 128-bit key.
     *
     * @param k0 the key's first eight bytes, read little-endian
     * @param k1 the key's last eight bytes, read little-endian
     * @return this hasher
     */
    public SipHash begin(long k0, long k1) {
        v0 = k0 ^ 0x736f6d6570736575L;
        v1 = k1 ^ 0x646f72616e646f6dL;
        v2 = k0 ^ 0x6c7967656e657261L;
        v3 = k1 ^ 0x7465646279746573L;
        return this;
    }

    /**
     * Adds eight message bytes.
     *
     * @param m the bytes, read little-endian
     * @return this hasher
     */
    public SipHash word(long m) {
        v3 ^= m;
        round();
        round();
        v0 ^= m;
        return this;
    }

    /**
     * Ends the message (its length must be a multiple of eight: no tail bytes) and returns the hash.
     *
     * @param lengthBytes the message length in bytes
     * @return the 64-bit hash
     */
    public long finish(int lengthBytes) {
        long b = ((long) lengthBytes) << 56;
        v3 ^= b;
        round();
        round();
        v0 ^= b;
        v2 ^= 0xff;
        round();
        round();
        round();
        round();
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private void round() {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13);
        v1 ^= v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17);
        v1 ^= v2;
        v2 = Long.rotateLeft(v2, 32);
    }
}
