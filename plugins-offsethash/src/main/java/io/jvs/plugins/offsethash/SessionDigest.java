package io.jvs.plugins.offsethash;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.PacketView;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A 64-bit digest of a few bytes: the session key of {@code offh}, the position of a session in the
 * {@link DestinationTable}, and the permutation seeds of the table's destinations.
 *
 * <pre>
 *   h = seed + length * P1
 *   for each 8-byte word w of the bytes (little-endian; the last, shorter word zero-extended):
 *       h = rotl(h + w * P2, 31) * P1          (the xxHash64 round)
 *   digest = mix(h ^ length)                   (the SplitMix64 finaliser: every input bit reaches every output bit)
 * </pre>
 *
 * <p>P1 and P2 are xxHash64's {@code PRIME64_1} and {@code PRIME64_2}. It is not cryptographic: a
 * client that controls its session id can choose its destination, as with any hash scheduler.
 * Allocation-free; reads the session id in whole words.
 */
final class SessionDigest {

    /** xxHash64's {@code PRIME64_1}. */
    static final long P1 = 0x9E3779B185EBCA87L;

    /** xxHash64's {@code PRIME64_2}. */
    static final long P2 = 0xC2B2AE3D27D4EB4FL;

    /** The seed of session keys. */
    static final long SESSION_SEED = 0L;

    /** The seed of the client-address digest used when a payload is too short. */
    static final long SOURCE_SEED = 0x5EED_50CE_0000_0001L;

    /** What a digest of 0 becomes, since 0 means "no session key" to the engine. */
    static final long ZERO_REPLACEMENT = 0x9E3779B97F4A7C15L;

    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private SessionDigest() {
    }

    /**
     * Digests {@code length} bytes of a segment.
     *
     * @param segment the memory
     * @param start the first byte's offset in {@code segment}
     * @param length the number of bytes, at least 0
     * @param seed the seed ({@link #SESSION_SEED} for session keys)
     * @return the digest, possibly 0
     */
    static long of(MemorySegment segment, long start, int length, long seed) {
        long h = seed + length * P1;
        long position = start;
        long end = start + length;
        for (; position + Long.BYTES <= end; position += Long.BYTES) {
            h = round(h, segment.get(WORD, position));
        }
        if (position < end) {
            long tail = 0;
            for (int shift = 0; position < end; position++, shift += 8) {
                tail |= (segment.get(ValueLayout.JAVA_BYTE, position) & 0xFFL) << shift;
            }
            h = round(h, tail);
        }
        return mix(h ^ length);
    }

    /**
     * Digests a packet's client address (one word for IPv4, four for IPv6), for the
     * {@code short-payload: source-hash} policy.
     *
     * @param packet the packet
     * @return the digest, possibly 0
     */
    static long ofSource(PacketView packet) {
        int words = packet.family() == AddressFamily.IPV6 ? 4 : 1;
        long h = SOURCE_SEED + words * P1;
        for (int i = 0; i < words; i++) {
            h = round(h, packet.sourceAddressWord(i) & 0xFFFF_FFFFL);
        }
        return mix(h ^ words);
    }

    /**
     * Maps a digest to a session key: 0 is reserved for "no session key", so it becomes
     * {@link #ZERO_REPLACEMENT}.
     *
     * @param digest a digest
     * @return a key other than 0
     */
    static long nonZero(long digest) {
        return digest == 0 ? ZERO_REPLACEMENT : digest;
    }

    /** The xxHash64 round. */
    static long round(long h, long word) {
        return Long.rotateLeft(h + word * P2, 31) * P1;
    }

    /** The SplitMix64 finaliser (Steele, Lea and Flood, OOPSLA 2014). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
