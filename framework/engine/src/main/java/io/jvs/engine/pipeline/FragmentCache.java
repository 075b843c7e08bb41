package io.jvs.engine.pipeline;

/**
 * Remembers where the first fragment of a fragmented datagram went, so that its later fragments
 * (which carry no ports) follow it: consistent forwarding, without reassembly.
 *
 * <p>Keyed by (family, source, destination, protocol, identification) — the fields RFC 791 and RFC
 * 8200 make unique per datagram in flight. Direct-mapped: a new datagram overwrites whatever shared
 * its slot, and an entry lives {@value #LIFETIME_NANOS} ns. A later fragment that finds no entry
 * (it overtook its first fragment, or its entry was overwritten) is dropped and counted: jvs does
 * not buffer fragments. Worker thread only; allocation-free.
 */
public final class FragmentCache {

    /** How long a fragment entry lives, ns (RFC 791 suggests reassembly timeouts of seconds). */
    public static final long LIFETIME_NANOS = 2_000_000_000L;

    private static final int STRIDE = 12;

    private final int mask;
    private final int[] keys;
    private final int[] entries;
    private final long[] deadlines;

    /**
     * Creates a cache.
     *
     * @param slots a power of two
     */
    public FragmentCache(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two");
        }
        this.mask = slots - 1;
        this.keys = new int[slots * STRIDE];
        this.entries = new int[slots];
        this.deadlines = new long[slots];
    }

    /**
     * Records the connection hit (entry and direction, as one int) of a first fragment.
     *
     * @param family the family
     * @param protocol the protocol
     * @param s source address words (4)
     * @param d destination address words (4)
     * @param identification the datagram's identification
     * @param hit what to return for the later fragments
     * @param nowNanos the current time
     */
    public void put(int family, int protocol, int s0, int s1, int s2, int s3, int d0, int d1, int d2, int d3,
            int identification, int hit, long nowNanos) {
        int slot = slot(family, protocol, s0, s1, s2, s3, d0, d1, d2, d3, identification);
        int b = slot * STRIDE;
        keys[b] = family;
        keys[b + 1] = protocol;
        keys[b + 2] = s0;
        keys[b + 3] = s1;
        keys[b + 4] = s2;
        keys[b + 5] = s3;
        keys[b + 6] = d0;
        keys[b + 7] = d1;
        keys[b + 8] = d2;
        keys[b + 9] = d3;
        keys[b + 10] = identification;
        entries[slot] = hit;
        deadlines[slot] = nowNanos + LIFETIME_NANOS;
    }

    /**
     * Finds the hit recorded for a datagram's first fragment.
     *
     * @return the hit, or -1 when none is recorded or it expired
     */
    public int get(int family, int protocol, int s0, int s1, int s2, int s3, int d0, int d1, int d2, int d3,
            int identification, long nowNanos) {
        int slot = slot(family, protocol, s0, s1, s2, s3, d0, d1, d2, d3, identification);
        int b = slot * STRIDE;
        if (deadlines[slot] - nowNanos < 0 || deadlines[slot] == 0) {
            return -1;
        }
        boolean same = keys[b + 10] == identification && keys[b + 2] == s0 && keys[b + 6] == d0
                && keys[b] == family && keys[b + 1] == protocol && keys[b + 3] == s1 && keys[b + 4] == s2
                && keys[b + 5] == s3 && keys[b + 7] == d1 && keys[b + 8] == d2 && keys[b + 9] == d3;
        return same ? entries[slot] : -1;
    }

    private int slot(int family, int protocol, int s0, int s1, int s2, int s3, int d0, int d1, int d2, int d3,
            int identification) {
        int h = (s0 ^ s1 ^ s2 ^ s3) * 0x9E3779B1;
        h = (h ^ d0 ^ d1 ^ d2 ^ d3) * 0x85EBCA77;
        h = (h ^ identification ^ protocol << 24 ^ family << 20) * 0xC2B2AE3D;
        return (h ^ (h >>> 16)) & mask;
    }
}
