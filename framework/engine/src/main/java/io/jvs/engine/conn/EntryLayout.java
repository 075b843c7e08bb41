package io.jvs.engine.conn;

/**
 * The layout of one {@link ConnectionTable} entry record: eight longs (64 bytes, one cache line when
 * the array is line-aligned) at {@code entryId << 3} in one {@code long[]}. See the diagram in
 * {@link ConnectionTable}.
 */
final class EntryLayout {

    static final int WORDS = 8;
    static final int SHIFT = 3;

    /** IPv4: client (high 32) | virtual (low 32). IPv6: index of the side record (low 32). */
    static final int ADDRESSES = 0;
    /** IPv4: destination (high 32) | local (low 32). IPv6: 0. */
    static final int REPLY_ADDRESSES = 1;
    /** client port (63..48) | virtual port (47..32) | destination port (31..16) | local port (15..0). */
    static final int PORTS = 2;
    /** destination id (high 32) | flags (low 32, below). */
    static final int META = 3;
    /** Connections: the session key. Templates: the persistence timeout, nanoseconds. */
    static final int SESSION = 4;
    /** deadline tick (high 32) | created tick (low 32). */
    static final int TIME = 5;
    /** next entry in the timing-wheel slot (high 32) | previous entry, or -(slot + 2) at the head (low 32). */
    static final int WHEEL = 6;
    /** controlling template, -1 for none (high 32) | connections: embryonic-queue position, -1 for none; templates: control count (low 32). */
    static final int CONTROL = 7;

    // META flag bits
    static final int PROTOCOL_MASK = 0xff;
    static final int STATE_SHIFT = 8;
    static final int STATE_MASK = 0xf;
    static final int FORWARDING_SHIFT = 12;
    static final int FORWARDING_MASK = 0x3;
    static final int IPV6 = 1 << 14;
    static final int TEMPLATE = 1 << 15;
    static final int LIVE = 1 << 16;
    static final int ZOMBIE = 1 << 17;
    static final int ACTIVE = 1 << 18;
    static final int NO_OUTPUT = 1 << 19;
    static final int SESSION_INDEXED = 1 << 20;
    /** The connection was opened by the SYN proxy: its TCP sequence numbers are translated. */
    static final int SYNPROXY = 1 << 21;
    static final int PROFILE_SHIFT = 24;
    static final int PROFILE_MASK = 0xff;

    /** Ints per IPv6 side record: client, virtual, destination, local, four words each. */
    static final int IPV6_WORDS = 16;
    static final int IPV6_CLIENT = 0;
    static final int IPV6_VIRTUAL = 4;
    static final int IPV6_DESTINATION = 8;
    static final int IPV6_LOCAL = 12;

    static final int NIL = -1;

    private EntryLayout() {
    }

    static int base(int entryId) {
        return entryId << SHIFT;
    }

    static long pack(int high, int low) {
        return ((long) high << 32) | (low & 0xffffffffL);
    }

    static int high(long word) {
        return (int) (word >>> 32);
    }

    static int low(long word) {
        return (int) word;
    }
}
