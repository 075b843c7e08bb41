package io.jvs.engine.synproxy;

import io.jvs.engine.service.VirtualService;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The SYN proxy's per-worker pool of binding sessions: one per connection between a validated cookie
 * ACK and the real server's SYN-ACK, with the handshake's numbers and options and a buffer for the
 * client's first payload bytes. Preallocated: {@code capacity} sessions of primitive fields in
 * parallel arrays and one native buffer of {@code capacity × bufferBytes} bytes; a chained hash index
 * finds a session by its client-to-virtual tuple.
 *
 * <pre>
 *  FREE ──valid cookie ACK──► COLLECTING ──enough bytes / bound / timeout──► CONNECTING ──server SYN-ACK──► FREE
 *                               │  (no connection entry)                     (entry inserted, SYN sent)
 *                               └──client RST──► FREE                        └──RST, timeout, stale entry──► FREE
 * </pre>
 *
 * <p><b>Not thread-safe</b>; owned by one worker. Allocation-free after construction.
 */
final class BindingSessions {

    static final byte FREE = 0;
    static final byte COLLECTING = 1;
    static final byte CONNECTING = 2;

    final int capacity;
    final int bufferBytes;
    final byte[] phase;
    final int[] family;
    /** Client address words, four per session. */
    final int[] client;
    /** Virtual address words, four per session. */
    final int[] virtual;
    final int[] clientPort;
    final int[] virtualPort;
    final int[] mark;
    final int[] clientIsn;
    final int[] cookieIsn;
    final int[] mssIndex;
    /** The client's window scale, -1 when it offered none (or sent no timestamps). */
    final int[] windowScale;
    final boolean[] sackPermitted;
    final boolean[] timestamps;
    /** The client's latest TSval. */
    final int[] clientTsval;
    /** The TSval of jvs's SYN-ACK, as the client echoed it. */
    final int[] cookieTsval;
    /** The client's latest window field (scaled by its window scale). */
    final int[] clientWindow;
    final int[] buffered;
    final int[] retries;
    final int[] entry;
    final long[] deadline;
    final VirtualService[] service;
    final MemorySegment buffers;

    private final int[] buckets;
    private final int[] next;
    private final int[] freeIds;
    private int freeCount;
    private int used;

    /**
     * Creates the pool.
     *
     * @param capacity sessions
     * @param bufferBytes buffer bytes per session
     */
    BindingSessions(int capacity, int bufferBytes) {
        this.capacity = capacity;
        this.bufferBytes = bufferBytes;
        phase = new byte[capacity];
        family = new int[capacity];
        client = new int[capacity * 4];
        virtual = new int[capacity * 4];
        clientPort = new int[capacity];
        virtualPort = new int[capacity];
        mark = new int[capacity];
        clientIsn = new int[capacity];
        cookieIsn = new int[capacity];
        mssIndex = new int[capacity];
        windowScale = new int[capacity];
        sackPermitted = new boolean[capacity];
        timestamps = new boolean[capacity];
        clientTsval = new int[capacity];
        cookieTsval = new int[capacity];
        clientWindow = new int[capacity];
        buffered = new int[capacity];
        retries = new int[capacity];
        entry = new int[capacity];
        deadline = new long[capacity];
        service = new VirtualService[capacity];
        buffers = Arena.ofAuto().allocate((long) capacity * bufferBytes, 64);
        buckets = new int[Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1];
        java.util.Arrays.fill(buckets, -1);
        next = new int[capacity];
        freeIds = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            freeIds[i] = capacity - 1 - i;
        }
        freeCount = capacity;
    }

    /** {@return sessions in use} */
    int used() {
        return used;
    }

    /**
     * Returns the offset of a session's buffer in {@link #buffers}.
     *
     * @param slot the session
     * @return bytes
     */
    long bufferOffset(int slot) {
        return (long) slot * bufferBytes;
    }

    private int bucket(int s0, int s1, int s2, int s3, int sport, int d0, int d1, int d2, int d3, int dport) {
        long h = (s0 * 0x9E3779B97F4A7C15L) ^ (s1 * 0xC2B2AE3D27D4EB4FL) ^ (s2 * 0x165667B19E3779F9L)
                ^ (s3 * 0xD6E8FEB86659FD93L) ^ (d0 * 0xFF51AFD7ED558CCDL) ^ (d1 * 0xC4CEB9FE1A85EC53L)
                ^ (d2 * 0x9FB21C651E98DF25L) ^ (d3 * 0x94D049BB133111EBL)
                ^ (((long) sport << 16 | dport) * 0xBF58476D1CE4E5B9L);
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        h ^= h >>> 29;
        return (int) h & (buckets.length - 1);
    }

    /**
     * Finds the session of a tuple.
     *
     * @param f the address family
     * @param s0 client word 0
     * @param s1 client word 1
     * @param s2 client word 2
     * @param s3 client word 3
     * @param sport client port
     * @param d0 virtual word 0
     * @param d1 virtual word 1
     * @param d2 virtual word 2
     * @param d3 virtual word 3
     * @param dport virtual port
     * @return the slot, or -1
     */
    int find(int f, int s0, int s1, int s2, int s3, int sport, int d0, int d1, int d2, int d3, int dport) {
        if (used == 0) {
            return -1;
        }
        for (int s = buckets[bucket(s0, s1, s2, s3, sport, d0, d1, d2, d3, dport)]; s >= 0; s = next[s]) {
            int w = s * 4;
            if (clientPort[s] == sport && virtualPort[s] == dport && family[s] == f && client[w] == s0
                    && client[w + 1] == s1 && client[w + 2] == s2 && client[w + 3] == s3 && virtual[w] == d0
                    && virtual[w + 1] == d1 && virtual[w + 2] == d2 && virtual[w + 3] == d3) {
                return s;
            }
        }
        return -1;
    }

    /**
     * Takes a free session for a tuple and indexes it; the caller fills in the rest.
     *
     * @param f the address family
     * @param s0 client word 0
     * @param s1 client word 1
     * @param s2 client word 2
     * @param s3 client word 3
     * @param sport client port
     * @param d0 virtual word 0
     * @param d1 virtual word 1
     * @param d2 virtual word 2
     * @param d3 virtual word 3
     * @param dport virtual port
     * @return the slot, or -1 when all are taken
     */
    int allocate(int f, int s0, int s1, int s2, int s3, int sport, int d0, int d1, int d2, int d3, int dport) {
        if (freeCount == 0) {
            return -1;
        }
        int s = freeIds[--freeCount];
        int w = s * 4;
        family[s] = f;
        client[w] = s0;
        client[w + 1] = s1;
        client[w + 2] = s2;
        client[w + 3] = s3;
        virtual[w] = d0;
        virtual[w + 1] = d1;
        virtual[w + 2] = d2;
        virtual[w + 3] = d3;
        clientPort[s] = sport;
        virtualPort[s] = dport;
        buffered[s] = 0;
        retries[s] = 0;
        entry[s] = -1;
        int b = bucket(s0, s1, s2, s3, sport, d0, d1, d2, d3, dport);
        next[s] = buckets[b];
        buckets[b] = s;
        used++;
        return s;
    }

    /**
     * Frees a session and unindexes it.
     *
     * @param s the slot
     */
    void free(int s) {
        if (phase[s] == FREE) {
            return;
        }
        int w = s * 4;
        int b = bucket(client[w], client[w + 1], client[w + 2], client[w + 3], clientPort[s], virtual[w],
                virtual[w + 1], virtual[w + 2], virtual[w + 3], virtualPort[s]);
        if (buckets[b] == s) {
            buckets[b] = next[s];
        } else {
            for (int p = buckets[b]; p >= 0; p = next[p]) {
                if (next[p] == s) {
                    next[p] = next[s];
                    break;
                }
            }
        }
        phase[s] = FREE;
        if (service[s] != null) {
            service[s] = null;
        }
        freeIds[freeCount++] = s;
        used--;
    }
}
