package io.jvs.engine.conn;

import static io.jvs.engine.conn.EntryLayout.ADDRESSES;
import static io.jvs.engine.conn.EntryLayout.IPV6;
import static io.jvs.engine.conn.EntryLayout.IPV6_CLIENT;
import static io.jvs.engine.conn.EntryLayout.IPV6_DESTINATION;
import static io.jvs.engine.conn.EntryLayout.IPV6_LOCAL;
import static io.jvs.engine.conn.EntryLayout.IPV6_VIRTUAL;
import static io.jvs.engine.conn.EntryLayout.IPV6_WORDS;
import static io.jvs.engine.conn.EntryLayout.META;
import static io.jvs.engine.conn.EntryLayout.PORTS;
import static io.jvs.engine.conn.EntryLayout.PROTOCOL_MASK;
import static io.jvs.engine.conn.EntryLayout.REPLY_ADDRESSES;
import static io.jvs.engine.conn.EntryLayout.base;

import io.jvs.spi.AddressFamily;

/**
 * The tuple index of a {@link ConnectionTable}: open addressing with linear probing over a
 * power-of-two {@code long[]}, deletion by backward shift (no tombstones, so probe chains never
 * degrade with churn).
 *
 * <pre>
 *   slot (64 bits):  | hash tag (32) | kind (2) | entry id + 1 (30) |      0 = empty
 * </pre>
 *
 * The tag is the low 32 bits of the key's {@link FlowHash}; the home slot is {@code tag & mask}, so a
 * slot's home can be recomputed from the slot alone during backward shift. A probe compares the tag
 * first and reads the entry record only on a tag match. Kinds: IN (client to virtual), OUT
 * (destination to local, the reply), TEMPLATE (persistence template; hashed with a salt).
 */
final class FlowIndex {

    static final int KIND_IN = 0;
    static final int KIND_OUT = 1;
    static final int KIND_TEMPLATE = 2;
    static final int MASK_IN = 1 << KIND_IN;
    static final int MASK_OUT = 1 << KIND_OUT;
    static final int MASK_CONNECTION = MASK_IN | MASK_OUT;
    static final int MASK_TEMPLATE = 1 << KIND_TEMPLATE;
    static final int TEMPLATE_SALT = 0x5a;

    private static final int ID_MASK = 0x3fffffff;
    /** Slots {@link #touch} looks at: one cache line of slots. */
    private static final int TOUCH_PROBES = 8;

    private final long[] slots;
    private final int mask;
    private final long[] words;
    private final int[] ipv6Words;
    private final long seed;
    private int size;

    FlowIndex(int slotCount, long[] words, int[] ipv6Words, long seed) {
        this.slots = new long[slotCount];
        this.mask = slotCount - 1;
        this.words = words;
        this.ipv6Words = ipv6Words;
        this.seed = seed;
    }

    static int saltOf(int kind) {
        return kind == KIND_TEMPLATE ? TEMPLATE_SALT : 0;
    }

    long hash(FlowKey key, int kind) {
        return FlowHash.of(seed, key, saltOf(kind));
    }

    /** The IN-kind hash of an IPv4 tuple; equal to {@link #hash} of the same tuple as a key. */
    long hashIpv4(int protocol, int source, int sourcePort, int destination, int destinationPort) {
        int portPair = ((sourcePort & 0xffff) << 16) | (destinationPort & 0xffff);
        return FlowHash.ipv4(seed, source, destination,
                FlowHash.tail(AddressFamily.IPV4, protocol, portPair, saltOf(KIND_IN)));
    }

    /**
     * Finds a key. The comparison with an entry's record is written out here rather than called: the
     * compiler inlines a call by its profile, and a probe loop profiled while the table was filling
     * (misses, which compare nothing) would leave it a call on every later hit. IPv6 addresses are
     * compared out of line.
     *
     * @return {@code entryId << 2 | kind}, or -1
     */
    int find(FlowKey key, long hash, int kindMask) {
        final long[] s = slots;
        final long[] w = words;
        final int m = mask;
        final int tag = (int) hash;
        final int protocol = key.protocol;
        final int ipv6 = key.isIpv6() ? IPV6 : 0;
        final int portPair = (key.sourcePort << 16) | key.destinationPort;
        // An IPv4 record keeps its address pair as one word, source in the high half.
        final long ipv4Pair = ((long) key.source[0] << 32) | (key.destination[0] & 0xffffffffL);
        int i = tag & m;
        while (true) {
            long slot = s[i];
            if (slot == 0) {
                return -1;
            }
            int kind = (int) (slot >>> 30) & 3;
            if ((int) (slot >>> 32) == tag && ((1 << kind) & kindMask) != 0) {
                int entryId = ((int) slot & ID_MASK) - 1;
                int b = base(entryId);
                int meta = (int) w[b + META];
                long ports = w[b + PORTS];
                long pair = w[b + (kind == KIND_OUT ? REPLY_ADDRESSES : ADDRESSES)];
                if ((meta & PROTOCOL_MASK) == protocol && (meta & IPV6) == ipv6
                        && (kind == KIND_OUT ? (int) ports : (int) (ports >>> 32)) == portPair
                        && (ipv6 == 0 ? pair == ipv4Pair : matchesIpv6(b, kind, key))) {
                    return (entryId << 2) | kind;
                }
            }
            i = (i + 1) & m;
        }
    }

    /** Reads a hash's home slot; the first step of a two-step prefetch. */
    long touchSlot(long hash) {
        return slots[(int) hash & mask];
    }

    /**
     * Reads the META word of the entry that {@link #find} will most likely compare first for a hash:
     * the first slot from the hash's home slot whose tag is the hash's (a key displaced by linear
     * probing is not in its home slot), looking at most {@value #TOUCH_PROBES} slots. Used to prefetch;
     * returns 0 when no such slot was found.
     */
    long touch(long hash) {
        final long[] s = slots;
        final int m = mask;
        final int tag = (int) hash;
        int i = tag & m;
        for (int probe = 0; probe < TOUCH_PROBES; probe++) {
            long slot = s[i];
            if (slot == 0) {
                return 0;
            }
            if ((int) (slot >>> 32) == tag) {
                return words[base(((int) slot & ID_MASK) - 1) + META];
            }
            i = (i + 1) & m;
        }
        return 0;
    }

    void add(long hash, int entryId, int kind) {
        final long[] s = slots;
        final int m = mask;
        final int tag = (int) hash;
        int i = tag & m;
        while (s[i] != 0) {
            i = (i + 1) & m;
        }
        s[i] = ((long) tag << 32) | ((long) kind << 30) | (entryId + 1);
        size++;
    }

    void remove(long hash, int entryId, int kind) {
        final long[] s = slots;
        final int m = mask;
        final long wanted = ((long) (int) hash << 32) | ((long) kind << 30) | (entryId + 1);
        int i = (int) hash & m;
        while (s[i] != wanted) {
            if (s[i] == 0) {
                throw new IllegalStateException("index lost entry " + entryId + " kind " + kind);
            }
            i = (i + 1) & m;
        }
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & m;
            long slot = s[j];
            if (slot == 0) {
                break;
            }
            int home = (int) (slot >>> 32) & m;
            if (((j - home) & m) >= ((j - hole) & m)) {
                s[hole] = slot;
                hole = j;
            }
        }
        s[hole] = 0;
        size--;
    }

    /** Returns the hash of an entry's key of one kind, recomputed from its record. */
    long hashOfEntry(int entryId, int kind) {
        int b = base(entryId);
        long meta = words[b + META];
        int protocol = (int) meta & PROTOCOL_MASK;
        long ports = words[b + PORTS];
        int portPair = kind == KIND_OUT ? (int) ports : (int) (ports >>> 32);
        int salt = saltOf(kind);
        if (((int) meta & IPV6) == 0) {
            long pair = words[b + (kind == KIND_OUT ? REPLY_ADDRESSES : ADDRESSES)];
            return FlowHash.ipv4(seed, (int) (pair >>> 32), (int) pair,
                    FlowHash.tail(AddressFamily.IPV4, protocol, portPair, salt));
        }
        int v = (int) words[b + ADDRESSES] * IPV6_WORDS;
        int src = v + (kind == KIND_OUT ? IPV6_DESTINATION : IPV6_CLIENT);
        int dst = v + (kind == KIND_OUT ? IPV6_LOCAL : IPV6_VIRTUAL);
        int[] w = ipv6Words;
        return FlowHash.ipv6(seed, w[src], w[src + 1], w[src + 2], w[src + 3], w[dst], w[dst + 1], w[dst + 2],
                w[dst + 3], FlowHash.tail(AddressFamily.IPV6, protocol, portPair, salt));
    }

    private boolean matchesIpv6(int b, int kind, FlowKey key) {
        int v = (int) words[b + ADDRESSES] * IPV6_WORDS;
        int src = v + (kind == KIND_OUT ? IPV6_DESTINATION : IPV6_CLIENT);
        int dst = v + (kind == KIND_OUT ? IPV6_LOCAL : IPV6_VIRTUAL);
        int[] w = ipv6Words;
        int[] ks = key.source;
        int[] kd = key.destination;
        return w[src] == ks[0] && w[src + 1] == ks[1] && w[src + 2] == ks[2] && w[src + 3] == ks[3]
                && w[dst] == kd[0] && w[dst + 1] == kd[1] && w[dst + 2] == kd[2] && w[dst + 3] == kd[3];
    }

    int size() {
        return size;
    }

    int slotCount() {
        return slots.length;
    }
}
