package io.jvs.plugins.rendezvous;

/**
 * SipHash-2-4 written as the paper describes it, byte by byte, for tests: an independent check of
 * {@link SipHash24}'s block-level shortcuts. Returns the 8 output bytes, as the reference C code.
 */
final class ReferenceSipHash {

    private ReferenceSipHash() {
    }

    static byte[] digest(byte[] key, byte[] message) {
        long k0 = 0;
        long k1 = 0;
        for (int i = 7; i >= 0; i--) {
            k0 = (k0 << 8) | (key[i] & 0xFF);
            k1 = (k1 << 8) | (key[i + 8] & 0xFF);
        }
        long[] v = {0x736f6d6570736575L ^ k0, 0x646f72616e646f6dL ^ k1, 0x6c7967656e657261L ^ k0,
            0x7465646279746573L ^ k1};
        int blocks = message.length / 8 + 1;
        for (int block = 0; block < blocks; block++) {
            long m = 0;
            for (int i = 7; i >= 0; i--) {
                int index = block * 8 + i;
                int value;
                if (index < message.length) {
                    value = message[index] & 0xFF;
                } else if (i == 7 && block == blocks - 1) {
                    value = message.length & 0xFF;
                } else {
                    value = 0;
                }
                m = (m << 8) | value;
            }
            v[3] ^= m;
            round(v);
            round(v);
            v[0] ^= m;
        }
        v[2] ^= 0xFF;
        for (int i = 0; i < 4; i++) {
            round(v);
        }
        long result = v[0] ^ v[1] ^ v[2] ^ v[3];
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (result >>> (8 * i));
        }
        return out;
    }

    /** The digest read as a little-endian number, as GLB's {@code struct.unpack('<Q', ...)}. */
    static long littleEndian(byte[] digest) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (digest[i] & 0xFF);
        }
        return value;
    }

    /** The digest read as a big-endian number, as GLB's {@code int(hexdigest(), 16)}. */
    static long bigEndian(byte[] digest) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (digest[i] & 0xFF);
        }
        return value;
    }

    private static void round(long[] v) {
        v[0] += v[1];
        v[1] = Long.rotateLeft(v[1], 13);
        v[1] ^= v[0];
        v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3];
        v[3] = Long.rotateLeft(v[3], 16);
        v[3] ^= v[2];
        v[0] += v[3];
        v[3] = Long.rotateLeft(v[3], 21);
        v[3] ^= v[0];
        v[2] += v[1];
        v[1] = Long.rotateLeft(v[1], 17);
        v[1] ^= v[2];
        v[2] = Long.rotateLeft(v[2], 32);
    }
}
