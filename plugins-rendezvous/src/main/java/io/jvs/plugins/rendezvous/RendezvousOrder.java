package io.jvs.plugins.rendezvous;

import io.jvs.spi.AddressFamily;

/**
 * Builds GLB's rendezvous order: for each row of the table, the first {@code hops} members in
 * highest-random-weight order, exactly as GLB Director's {@code glb-director-cli build-config}
 * ({@code src/glb-director/cli/main.c}) and its test model ({@code tests/rendezvous_table.py}):
 *
 * <pre>
 *   row_seed  = SipHash-2-4(seed, row index as 4 bytes big-endian)              8 bytes
 *   score(d)  = bswap64(SipHash-2-4(seed, row_seed || address(d) [|| port(d)]))
 *   row       = members sorted by score, ascending (unsigned), first `hops` kept
 * </pre>
 *
 * <p>The address is 4 bytes (IPv4) or 16 (IPv6) in network byte order; GLB hashes the address only.
 * With {@code hashPort} the port follows as 2 bytes big-endian (a jvs option for services whose
 * destinations share addresses). Equal scores (only possible for equal hashed bytes) are ordered by
 * the members' canonical order, so the result never depends on the order of addition.
 *
 * <p>Cost: {@code rows * members} SipHash evaluations. The row seed is one 8-byte block shared by
 * all members of a row, so it is absorbed once per row and each member costs only its remaining
 * block(s) and the finalization (6 SipRounds for an IPv4 member). Selecting the first {@code hops}
 * is a bounded insertion, no sort. A pure function of its arguments.
 *
 * <p>{@link Scoring#MIX} (a jvs option, not GLB's table) replaces the per-pair SipHash by one
 * SipHash per member and a 64-bit mixer per pair: the same rendezvous properties (each pair's score
 * is a fixed pseudo-random function of row and member, so adding or removing a member never changes
 * the relative order of two others) at a fraction of the build cost.
 */
final class RendezvousOrder {

    /** Marks a hop slot of a row with fewer members than hops. */
    static final int NO_MEMBER = -1;

    private RendezvousOrder() {
    }

    /**
     * Builds the order with GLB's scores.
     *
     * @param seed the 16-byte table seed (GLB's {@code seed})
     * @param rows the number of rows, a power of two
     * @param hops the members kept per row, at least 1
     * @param members the members in canonical order (their index is what the result holds)
     * @param hashPort whether the port is hashed after the address
     * @return {@code rows * hops} member indexes, row after row, best first; {@link #NO_MEMBER} where
     *     a row has fewer members than hops
     */
    static int[] build(byte[] seed, int rows, int hops, DestinationAddress[] members, boolean hashPort) {
        return build(seed, rows, hops, members, hashPort, Scoring.SIPHASH);
    }

    /**
     * Builds the order.
     *
     * @param seed the 16-byte table seed (GLB's {@code seed})
     * @param rows the number of rows, a power of two
     * @param hops the members kept per row, at least 1
     * @param members the members in canonical order (their index is what the result holds)
     * @param hashPort whether the port is hashed after the address
     * @param scoring how a (row, member) pair is scored
     * @return {@code rows * hops} member indexes, row after row, best first; {@link #NO_MEMBER} where
     *     a row has fewer members than hops
     */
    static int[] build(byte[] seed, int rows, int hops, DestinationAddress[] members, boolean hashPort,
            Scoring scoring) {
        long k0 = SipHash24.keyWord(seed, 0);
        long k1 = SipHash24.keyWord(seed, 1);
        int count = members.length;
        boolean[] long2 = new boolean[count];
        long[] block1 = new long[count];
        long[] block2 = new long[count];
        long[] last = new long[count];
        long[] memberHash = new long[count];
        for (int i = 0; i < count; i++) {
            prepare(members[i], hashPort, i, long2, block1, block2, last);
            byte[] message = message(members[i], hashPort);
            memberHash[i] = SipHash24.hash(k0, k1, message, 0, message.length);
        }
        boolean mix = scoring == Scoring.MIX;
        int[] order = new int[rows * hops];
        long[] state = new long[4];
        long[] scores = new long[count];
        long[] bestScore = new long[hops];
        int[] bestIndex = new int[hops];
        for (int row = 0; row < rows; row++) {
            long rowSeed = SipHash24.hashShort(k0, k1, (Integer.reverseBytes(row) & 0xFFFF_FFFFL) | (4L << 56));
            if (mix) {
                for (int i = 0; i < count; i++) {
                    scores[i] = mix(rowSeed ^ memberHash[i]);
                }
            } else {
                SipHash24.absorb(k0, k1, rowSeed, state);
                long v0 = state[0];
                long v1 = state[1];
                long v2 = state[2];
                long v3 = state[3];
                for (int i = 0; i < count; i++) {
                    long hash = long2[i]
                            ? SipHash24.finish(v0, v1, v2, v3, block1[i], block2[i], last[i])
                            : SipHash24.finish(v0, v1, v2, v3, last[i]);
                    scores[i] = Long.reverseBytes(hash);
                }
            }
            int filled = 0;
            for (int i = 0; i < count; i++) {
                long score = scores[i];
                if (filled == hops && Long.compareUnsigned(score, bestScore[hops - 1]) >= 0) {
                    continue;
                }
                int position = filled < hops ? filled++ : hops - 1;
                while (position > 0 && Long.compareUnsigned(score, bestScore[position - 1]) < 0) {
                    bestScore[position] = bestScore[position - 1];
                    bestIndex[position] = bestIndex[position - 1];
                    position--;
                }
                bestScore[position] = score;
                bestIndex[position] = i;
            }
            int base = row * hops;
            for (int hop = 0; hop < hops; hop++) {
                order[base + hop] = hop < filled ? bestIndex[hop] : NO_MEMBER;
            }
        }
        return order;
    }

    /**
     * The {@link Scoring#MIX} score: SplitMix64's finalizer (Steele, Lea and Flood, OOPSLA'14), a
     * bijection with full avalanche, of the row seed XOR the member's hash.
     *
     * @param x the row seed XOR the member hash
     * @return the score
     */
    static long mix(long x) {
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }

    /** The bytes a member contributes: its address, then its port (2 bytes) with {@code hashPort}. */
    static byte[] message(DestinationAddress member, boolean hashPort) {
        int[] words = member.words();
        byte[] bytes = new byte[words.length * 4 + (hashPort ? 2 : 0)];
        for (int i = 0; i < words.length * 4; i++) {
            bytes[i] = (byte) (words[i >> 2] >>> (24 - 8 * (i & 3)));
        }
        if (hashPort) {
            bytes[bytes.length - 2] = (byte) (member.port() >>> 8);
            bytes[bytes.length - 1] = (byte) member.port();
        }
        return bytes;
    }

    /** How a (row, member) pair is scored. */
    enum Scoring {
        /** GLB's: {@code bswap64(SipHash-2-4(seed, row_seed || member))}; the table of GLB, bit for bit. */
        SIPHASH,
        /**
         * A jvs option: {@code mix(row_seed XOR SipHash-2-4(seed, member))}, one SipHash per member
         * and a few multiplications per pair; the same rendezvous properties, about ten times cheaper
         * to build, but not GLB's table.
         */
        MIX
    }

    /**
     * Splits the part of a member's message after the row seed into SipHash blocks: IPv4 (4 or 6
     * bytes) fits in the last block; IPv6 (16 or 18 bytes) is two whole blocks and a last one.
     */
    private static void prepare(DestinationAddress member, boolean hashPort, int i, boolean[] long2, long[] block1,
            long[] block2, long[] last) {
        int port = member.port();
        long portBytes = ((port >>> 8) & 0xFFL) | ((port & 0xFFL) << 8);
        if (member.family() == AddressFamily.IPV4) {
            long address = Integer.reverseBytes(member.words()[0]) & 0xFFFF_FFFFL;
            last[i] = hashPort ? address | (portBytes << 32) | (14L << 56) : address | (12L << 56);
        } else {
            int[] w = member.words();
            long2[i] = true;
            block1[i] = Long.reverseBytes(((long) w[0] << 32) | (w[1] & 0xFFFF_FFFFL));
            block2[i] = Long.reverseBytes(((long) w[2] << 32) | (w[3] & 0xFFFF_FFFFL));
            last[i] = hashPort ? portBytes | (26L << 56) : 24L << 56;
        }
    }
}
