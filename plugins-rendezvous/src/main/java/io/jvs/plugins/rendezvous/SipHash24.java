package io.jvs.plugins.rendezvous;

/**
 * SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012): a keyed 64-bit
 * hash, the function GLB Director uses for its packet hash and its forwarding table. The 128-bit key
 * is two little-endian 64-bit words {@code k0}, {@code k1} ({@link #keyWord}); the message is read
 * in little-endian 8-byte blocks, and the last block carries the message length (mod 256) in its
 * top byte. The result is the 64-bit value whose little-endian bytes are the reference
 * implementation's 8 output bytes.
 *
 * <p>Besides the general {@link #hash(long, long, byte[], int, int)}, the class offers the pieces
 * the table builder needs to hash many messages that share a first block without allocating:
 * {@link #absorb} computes the state after whole blocks, and {@code finish*} complete a hash from
 * such a state.
 *
 * <p><b>Thread safety:</b> stateless.
 */
final class SipHash24 {

    /** The length of a key in bytes. */
    static final int KEY_BYTES = 16;

    private static final long INIT0 = 0x736f6d6570736575L;
    private static final long INIT1 = 0x646f72616e646f6dL;
    private static final long INIT2 = 0x6c7967656e657261L;
    private static final long INIT3 = 0x7465646279746573L;

    private SipHash24() {
    }

    /**
     * Reads one 64-bit word of a 16-byte key, little-endian, as the reference implementation does.
     *
     * @param key 16 bytes
     * @param word 0 for {@code k0}, 1 for {@code k1}
     * @return the word
     */
    static long keyWord(byte[] key, int word) {
        return littleEndianLong(key, word * 8, 8);
    }

    /**
     * Hashes a message.
     *
     * @param k0 the key's first word
     * @param k1 the key's second word
     * @param message the bytes
     * @param offset the first byte to hash
     * @param length the number of bytes to hash
     * @return the hash
     */
    static long hash(long k0, long k1, byte[] message, int offset, int length) {
        long v0 = INIT0 ^ k0;
        long v1 = INIT1 ^ k1;
        long v2 = INIT2 ^ k0;
        long v3 = INIT3 ^ k1;
        int whole = length & ~7;
        for (int i = 0; i < whole; i += 8) {
            long m = littleEndianLong(message, offset + i, 8);
            v3 ^= m;
            for (int round = 0; round < 2; round++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        long last = littleEndianLong(message, offset + whole, length - whole) | ((long) length << 56);
        return finish(v0, v1, v2, v3, last);
    }

    /**
     * Computes the state after absorbing whole 8-byte blocks, for messages that share them.
     *
     * @param k0 the key's first word
     * @param k1 the key's second word
     * @param block the first block, as a little-endian word
     * @param state receives v0, v1, v2, v3 (4 elements)
     */
    static void absorb(long k0, long k1, long block, long[] state) {
        long v0 = INIT0 ^ k0;
        long v1 = INIT1 ^ k1;
        long v2 = INIT2 ^ k0;
        long v3 = INIT3 ^ k1 ^ block;
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        state[0] = v0 ^ block;
        state[1] = v1;
        state[2] = v2;
        state[3] = v3;
    }

    /**
     * Completes a hash from a state: absorbs the last block (which carries the length byte) and
     * finalizes.
     *
     * @param v0 state word 0
     * @param v1 state word 1
     * @param v2 state word 2
     * @param v3 state word 3
     * @param last the last block: the remaining 0..7 bytes little-endian, the total length in the top byte
     * @return the hash
     */
    static long finish(long v0, long v1, long v2, long v3, long last) {
        v3 ^= last;
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        v0 ^= last;
        v2 ^= 0xff;
        for (int round = 0; round < 4; round++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /**
     * Completes a hash from a state: absorbs two more whole blocks, then the last block.
     *
     * @param v0 state word 0
     * @param v1 state word 1
     * @param v2 state word 2
     * @param v3 state word 3
     * @param block1 the next whole block
     * @param block2 the whole block after it
     * @param last the last block, with the total length in the top byte
     * @return the hash
     */
    static long finish(long v0, long v1, long v2, long v3, long block1, long block2, long last) {
        v3 ^= block1;
        for (int round = 0; round < 2; round++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= block1;
        v3 ^= block2;
        for (int round = 0; round < 2; round++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= block2;
        return finish(v0, v1, v2, v3, last);
    }

    /**
     * Hashes a message of at most 7 bytes given as its last block.
     *
     * @param k0 the key's first word
     * @param k1 the key's second word
     * @param last the bytes little-endian with the length in the top byte
     * @return the hash
     */
    static long hashShort(long k0, long k1, long last) {
        return finish(INIT0 ^ k0, INIT1 ^ k1, INIT2 ^ k0, INIT3 ^ k1, last);
    }

    /**
     * Starts a hash: the initial state word {@code v0}.
     *
     * @param k0 the key's first word
     * @return v0
     */
    static long initial0(long k0) {
        return INIT0 ^ k0;
    }

    /**
     * Starts a hash: the initial state word {@code v1}.
     *
     * @param k1 the key's second word
     * @return v1
     */
    static long initial1(long k1) {
        return INIT1 ^ k1;
    }

    /**
     * Starts a hash: the initial state word {@code v2}.
     *
     * @param k0 the key's first word
     * @return v2
     */
    static long initial2(long k0) {
        return INIT2 ^ k0;
    }

    /**
     * Starts a hash: the initial state word {@code v3}.
     *
     * @param k1 the key's second word
     * @return v3
     */
    static long initial3(long k1) {
        return INIT3 ^ k1;
    }

    private static long littleEndianLong(byte[] bytes, int offset, int count) {
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xFFL);
        }
        return value;
    }
}
