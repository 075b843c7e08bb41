package io.jvs.plugins.rendezvous;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SipHash24Test {

    /** Key 00..0f as in the reference code's vectors.h. */
    private static final byte[] KEY = bytes(16);

    /** vectors_sip64[i] of the reference implementation (veorq/SipHash): message 00..i-1, key 00..0f. */
    private static final long[] VECTORS = {
        0x726fdb47dd0e0e31L, 0x74f839c593dc67fdL, 0x0d6c8009d9a94f5aL, 0x85676696d7fb7e2dL,
        0xcf2794e0277187b7L, 0x18765564cd99a68dL, 0xcbc9466e58fee3ceL, 0xab0200f58b01d137L,
        0x93f5f5799a932462L, 0x9e0082df0ba9e4b0L, 0x7a5dbbc594ddb9f3L, 0xf4b32f46226bada7L,
        0x751e8fbc860ee5fbL, 0x14ea5627c0843d90L, 0xf723ca908e7af2eeL, 0xa129ca6149be45e5L,
        0x3f2acc7f57c29bdbL,
    };

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    @Test
    void shouldMatchTheReferenceVectors() {
        long k0 = SipHash24.keyWord(KEY, 0);
        long k1 = SipHash24.keyWord(KEY, 1);
        assertEquals(0x0706050403020100L, k0);
        assertEquals(0x0f0e0d0c0b0a0908L, k1);
        for (int length = 0; length < VECTORS.length; length++) {
            assertEquals(VECTORS[length], SipHash24.hash(k0, k1, bytes(length), 0, length), "length " + length);
            assertEquals(VECTORS[length], ReferenceSipHash.littleEndian(ReferenceSipHash.digest(KEY, bytes(length))),
                    "reference model, length " + length);
        }
    }

    @Test
    void shouldGiveTheSameHashThroughTheBlockShortcuts() {
        Random random = new Random(1);
        for (int trial = 0; trial < 500; trial++) {
            byte[] key = new byte[16];
            random.nextBytes(key);
            long k0 = SipHash24.keyWord(key, 0);
            long k1 = SipHash24.keyWord(key, 1);
            byte[] message = new byte[26];
            random.nextBytes(message);
            long first = SipHash24.keyWord(message, 0);
            long[] state = new long[4];
            SipHash24.absorb(k0, k1, first, state);
            for (int length : new int[] {8, 12, 14}) {
                long last = tail(message, 8, length - 8) | ((long) length << 56);
                assertEquals(ReferenceSipHash.littleEndian(ReferenceSipHash.digest(key, slice(message, length))),
                        SipHash24.finish(state[0], state[1], state[2], state[3], last), "length " + length);
            }
            for (int length : new int[] {24, 26}) {
                long last = tail(message, 24, length - 24) | ((long) length << 56);
                long expected = ReferenceSipHash.littleEndian(ReferenceSipHash.digest(key, slice(message, length)));
                assertEquals(expected, SipHash24.finish(state[0], state[1], state[2], state[3],
                        tail(message, 8, 8), tail(message, 16, 8), last), "length " + length);
                assertEquals(expected, SipHash24.hash(k0, k1, message, 0, length), "length " + length);
            }
            long shortMessage = tail(message, 0, 4) | (4L << 56);
            assertEquals(ReferenceSipHash.littleEndian(ReferenceSipHash.digest(key, slice(message, 4))),
                    SipHash24.hashShort(k0, k1, shortMessage));
        }
    }

    @Test
    void shouldWriteTheDigestBytesLittleEndianAsTheReferenceCode() {
        byte[] digest = ReferenceSipHash.digest(KEY, bytes(15));
        assertArrayEquals(new byte[] {(byte) 0xe5, 0x45, (byte) 0xbe, 0x49, 0x61, (byte) 0xca, 0x29, (byte) 0xa1},
                digest);
    }

    private static byte[] slice(byte[] bytes, int length) {
        byte[] slice = new byte[length];
        System.arraycopy(bytes, 0, slice, 0, length);
        return slice;
    }

    private static long tail(byte[] bytes, int offset, int count) {
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }
}
