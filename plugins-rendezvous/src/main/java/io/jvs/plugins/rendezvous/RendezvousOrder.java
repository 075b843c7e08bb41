package io.jvs.plugins.rendezvous;

import io.jvs.spi.AddressFamily;
import java.util.Arrays;

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
 * is a bounded insertion, no sort.
 *
 * <p><b>Incremental changes.</b> The object keeps each row's scores, so that {@link #add} costs one
 * score per row ({@code rows} hashes) and {@link #remove} rescores only the rows that held the
 * removed member (about {@code hops / N} of them, {@code hops * rows} hashes in all), instead of
 * {@code rows * N} for a build; the result is identical to a build over the new set (tested).
 *
 * <p><b>Not thread-safe:</b> control plane only; the published table copies what it needs.
 *
 * <p>{@link Scoring#MIX} (a jvs option, not GLB's table) replaces the per-pair SipHash by one
 * SipHash per member and a 64-bit mixer per pair: the same rendezvous properties (each pair's score
 * is a fixed pseudo-random function of row and member, so adding or removing a member never changes
 * the relative order of two others) at a fraction of the build cost.
 */
final class RendezvousOrder {

    /** Marks a hop slot of a row with fewer members than hops. */
    static final int NO_MEMBER = -1;

    private final long k0;
    private final long k1;
    private final int rows;
    private final int hops;
    private final boolean hashPort;
    private final boolean mix;
    private final int[] order;
    private final long[] orderScores;
    private final long[] rowState = new long[4];
    private DestinationAddress[] members;
    private boolean[] long2;
    private long[] block1;
    private long[] block2;
    private long[] last;
    private long[] memberHash;
    private long[] scratch;

    private RendezvousOrder(byte[] seed, int rows, int hops, boolean hashPort, Scoring scoring,
            DestinationAddress[] members) {
        this.k0 = SipHash24.keyWord(seed, 0);
        this.k1 = SipHash24.keyWord(seed, 1);
        this.rows = rows;
        this.hops = hops;
        this.hashPort = hashPort;
        this.mix = scoring == Scoring.MIX;
        this.order = new int[rows * hops];
        this.orderScores = new long[rows * hops];
        setMembers(members.clone());
        for (int row = 0; row < rows; row++) {
            rankRow(row);
        }
    }

    /**
     * Builds the order.
     *
     * @param seed the 16-byte table seed (GLB's {@code seed})
     * @param rows the number of rows, a power of two
     * @param hops the members kept per row, at least 1
     * @param members the members in canonical order (their index is what the order holds)
     * @param hashPort whether the port is hashed after the address
     * @param scoring how a (row, member) pair is scored
     * @return the order
     */
    static RendezvousOrder of(byte[] seed, int rows, int hops, DestinationAddress[] members, boolean hashPort,
            Scoring scoring) {
        return new RendezvousOrder(seed, rows, hops, hashPort, scoring, members);
    }

    /**
     * Builds the order with GLB's scores and returns its rows.
     *
     * @param seed the 16-byte table seed (GLB's {@code seed})
     * @param rows the number of rows, a power of two
     * @param hops the members kept per row, at least 1
     * @param members the members in canonical order
     * @param hashPort whether the port is hashed after the address
     * @return {@code rows * hops} member indexes, row after row, best first; {@link #NO_MEMBER} where
     *     a row has fewer members than hops
     */
    static int[] build(byte[] seed, int rows, int hops, DestinationAddress[] members, boolean hashPort) {
        return build(seed, rows, hops, members, hashPort, Scoring.SIPHASH);
    }

    /**
     * Builds the order and returns its rows.
     *
     * @param seed the 16-byte table seed (GLB's {@code seed})
     * @param rows the number of rows, a power of two
     * @param hops the members kept per row, at least 1
     * @param members the members in canonical order
     * @param hashPort whether the port is hashed after the address
     * @param scoring how a (row, member) pair is scored
     * @return {@code rows * hops} member indexes, as {@link #rows()}
     */
    static int[] build(byte[] seed, int rows, int hops, DestinationAddress[] members, boolean hashPort,
            Scoring scoring) {
        return of(seed, rows, hops, members, hashPort, scoring).rows();
    }

    /** {@return a copy of the rows: {@code rows * hops} indexes into {@link #members()}, best first, -1 for none} */
    int[] rows() {
        return order.clone();
    }

    /**
     * Returns the rows without copying, for a reader that only reads them before the next change.
     *
     * @return {@code rows * hops} indexes, as {@link #rows()}; never write to it
     */
    int[] rowsShared() {
        return order;
    }

    /** {@return the members in canonical order, as the rows index them} */
    DestinationAddress[] members() {
        return members.clone();
    }

    /**
     * Adds a member: scores it in every row and inserts it where it ranks among the first hops.
     *
     * @param member an address not yet a member
     * @throws IllegalArgumentException when it is already a member
     */
    void add(DestinationAddress member) {
        int position = Arrays.binarySearch(members, member);
        if (position >= 0) {
            throw new IllegalArgumentException("already a member: " + member);
        }
        position = -position - 1;
        DestinationAddress[] next = new DestinationAddress[members.length + 1];
        System.arraycopy(members, 0, next, 0, position);
        next[position] = member;
        System.arraycopy(members, position, next, position + 1, members.length - position);
        setMembers(next);
        for (int i = 0; i < order.length; i++) {
            if (order[i] >= position) {
                order[i]++;
            }
        }
        for (int row = 0; row < rows; row++) {
            long score = score(row, position);
            int base = row * hops;
            int filled = 0;
            while (filled < hops && order[base + filled] != NO_MEMBER) {
                filled++;
            }
            if (filled == hops && !ranksBefore(score, position, orderScores[base + hops - 1], order[base + hops - 1])) {
                continue;
            }
            int slot = filled < hops ? filled : hops - 1;
            while (slot > 0 && ranksBefore(score, position, orderScores[base + slot - 1], order[base + slot - 1])) {
                orderScores[base + slot] = orderScores[base + slot - 1];
                order[base + slot] = order[base + slot - 1];
                slot--;
            }
            orderScores[base + slot] = score;
            order[base + slot] = position;
        }
    }

    /**
     * Removes a member: the rows that held it are ranked again over the remaining members.
     *
     * @param member a member
     * @throws IllegalArgumentException when it is not a member
     */
    void remove(DestinationAddress member) {
        int position = Arrays.binarySearch(members, member);
        if (position < 0) {
            throw new IllegalArgumentException("not a member: " + member);
        }
        DestinationAddress[] next = new DestinationAddress[members.length - 1];
        System.arraycopy(members, 0, next, 0, position);
        System.arraycopy(members, position + 1, next, position, members.length - position - 1);
        setMembers(next);
        for (int row = 0; row < rows; row++) {
            int base = row * hops;
            boolean held = false;
            for (int hop = 0; hop < hops; hop++) {
                int index = order[base + hop];
                if (index == position) {
                    held = true;
                } else if (index > position) {
                    order[base + hop] = index - 1;
                }
            }
            if (held) {
                rankRow(row);
            }
        }
    }

    /** Scores every member for one row and keeps the first hops. */
    private void rankRow(int row) {
        int count = members.length;
        int base = row * hops;
        int filled = 0;
        if (mix) {
            // Scored and selected in one pass: most members score worse than the last kept hop.
            long rowSeed = rowSeed(row);
            long[] hashes = memberHash;
            long worst = -1L;
            for (int i = 0; i < count; i++) {
                long score = mix(rowSeed ^ hashes[i]);
                if (filled == hops && Long.compareUnsigned(score, worst) >= 0) {
                    continue;
                }
                filled = keep(base, filled, score, i);
                worst = orderScores[base + hops - 1];
            }
        } else {
            long[] scores = scratch;
            SipHash24.absorb(k0, k1, rowSeed(row), rowState);
            long v0 = rowState[0];
            long v1 = rowState[1];
            long v2 = rowState[2];
            long v3 = rowState[3];
            for (int i = 0; i < count; i++) {
                long hash = long2[i]
                        ? SipHash24.finish(v0, v1, v2, v3, block1[i], block2[i], last[i])
                        : SipHash24.finish(v0, v1, v2, v3, last[i]);
                scores[i] = Long.reverseBytes(hash);
            }
            for (int i = 0; i < count; i++) {
                long score = scores[i];
                if (filled == hops && Long.compareUnsigned(score, orderScores[base + hops - 1]) >= 0) {
                    continue;
                }
                filled = keep(base, filled, score, i);
            }
        }
        for (int hop = filled; hop < hops; hop++) {
            order[base + hop] = NO_MEMBER;
            orderScores[base + hop] = 0;
        }
    }

    /**
     * Inserts a member among a row's kept hops by score (after equal scores), dropping the last when
     * the row is full; returns the new number of kept hops.
     */
    private int keep(int base, int filled, long score, int member) {
        int slot = filled < hops ? filled++ : hops - 1;
        while (slot > 0 && Long.compareUnsigned(score, orderScores[base + slot - 1]) < 0) {
            orderScores[base + slot] = orderScores[base + slot - 1];
            order[base + slot] = order[base + slot - 1];
            slot--;
        }
        orderScores[base + slot] = score;
        order[base + slot] = member;
        return filled;
    }

    /** One member's score in one row. */
    private long score(int row, int member) {
        if (mix) {
            return mix(rowSeed(row) ^ memberHash[member]);
        }
        SipHash24.absorb(k0, k1, rowSeed(row), rowState);
        long hash = long2[member]
                ? SipHash24.finish(rowState[0], rowState[1], rowState[2], rowState[3], block1[member],
                        block2[member], last[member])
                : SipHash24.finish(rowState[0], rowState[1], rowState[2], rowState[3], last[member]);
        return Long.reverseBytes(hash);
    }

    /** Lower score first; equal scores (equal hashed bytes) by canonical index, as a build orders them. */
    private static boolean ranksBefore(long score, int index, long otherScore, int otherIndex) {
        int byScore = Long.compareUnsigned(score, otherScore);
        return byScore < 0 || (byScore == 0 && index < otherIndex);
    }

    private long rowSeed(int row) {
        return SipHash24.hashShort(k0, k1, (Integer.reverseBytes(row) & 0xFFFF_FFFFL) | (4L << 56));
    }

    private void setMembers(DestinationAddress[] next) {
        int count = next.length;
        members = next;
        long2 = new boolean[count];
        block1 = new long[count];
        block2 = new long[count];
        last = new long[count];
        memberHash = new long[count];
        scratch = new long[count];
        for (int i = 0; i < count; i++) {
            prepare(next[i], hashPort, i, long2, block1, block2, last);
            byte[] message = message(next[i], hashPort);
            memberHash[i] = SipHash24.hash(k0, k1, message, 0, message.length);
        }
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

    /**
     * Returns the bytes a member contributes to its hash.
     *
     * @param member the member
     * @param hashPort whether its port follows the address
     * @return the address in network byte order (4 or 16 bytes), then the port (2 bytes, big-endian) with {@code hashPort}
     */
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
