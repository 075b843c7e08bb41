package io.jvs.plugins.offsethash;

import io.jvs.spi.PacketView;

/**
 * A plain, byte-at-a-time model of {@link SessionDigest} for tests: the same definition, written from
 * its Javadoc with {@link PacketView#payloadByte(int)} instead of word reads from the segment.
 */
final class ReferenceDigest {

    private ReferenceDigest() {
    }

    /** The session key of bytes {@code [offset, offset + length)} of a packet's payload, as offh defines it. */
    static long sessionKey(PacketView packet, int offset, int length) {
        long h = length * 0x9E3779B185EBCA87L;
        for (int word = 0; word * 8 < length; word++) {
            long w = 0;
            for (int b = 0; b < 8 && word * 8 + b < length; b++) {
                w |= (long) (packet.payloadByte(offset + word * 8 + b) & 0xFF) << (8 * b);
            }
            h = Long.rotateLeft(h + w * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B185EBCA87L;
        }
        long z = h ^ length;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return z == 0 ? 0x9E3779B97F4A7C15L : z;
    }
}
