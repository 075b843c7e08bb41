package io.jvs.engine.worker;

import io.jvs.engine.packet.ParseResult;

/**
 * The counters one worker keeps: plain {@code long} fields in one array, written only by the worker
 * (no atomics on the packet path) and summed over workers by readers, who may see slightly stale
 * values. Parse failures are counted per {@link ParseResult} code after the named counters.
 */
public final class WorkerCounters {

    /** Packets received. */
    public static final int RX_PACKETS = 0;
    /** Received packets transmitted (forwarded or answered in place). */
    public static final int TX_PACKETS = 1;
    /** Packets handed to the kernel. */
    public static final int TO_KERNEL = 2;
    /** Packets dropped for any reason. */
    public static final int DROPPED = 3;
    /** Connections created. */
    public static final int NEW_CONNECTIONS = 4;
    /** Packets that matched no connection and no service. */
    public static final int NO_SERVICE = 5;
    /** New flows for which the scheduler found no eligible destination. */
    public static final int NO_DESTINATION = 6;
    /** New flows refused because the connection table was full of non-embryonic entries. */
    public static final int TABLE_FULL = 7;
    /** TCP packets without SYN that matched no connection (not scheduled, as IPVS without sloppy_tcp). */
    public static final int TCP_NOT_SYN = 8;
    /** Packets of connections whose destination was removed (dropped, as IPVS). */
    public static final int DESTINATION_GONE = 9;
    /** Scheduler calls that threw or returned a destination of another service. */
    public static final int SCHEDULER_ERRORS = 10;
    /** Non-first fragments with no recorded first fragment (dropped). */
    public static final int ORPHAN_FRAGMENTS = 11;
    /** Packets whose TTL or hop limit ran out. */
    public static final int TTL_EXCEEDED = 12;
    /** Packets too big for the tunnel, answered with ICMP. */
    public static final int TOO_BIG = 13;
    /** ICMP errors translated for a connection. */
    public static final int ICMP_TRANSLATED = 14;
    /** Packets of protocols jvs does not balance (dropped or handed to the kernel). */
    public static final int UNSUPPORTED_PROTOCOL = 15;
    /** Persistence templates that chose the destination. */
    public static final int PERSISTENCE_HITS = 16;
    /** Connections rescheduled because their tuple was reused (conn_reuse_mode, session-key change). */
    public static final int RESCHEDULED = 17;
    /** Commands drained from the control plane. */
    public static final int COMMANDS = 18;
    /** Entries expired by the timing wheel. */
    public static final int EXPIRED = 19;
    /** Packets that could not be forwarded (no headroom, unsupported encapsulation). */
    public static final int FORWARD_ERRORS = 20;
    /** SYNs answered with a SYN cookie (no state kept). */
    public static final int SYNPROXY_COOKIES_SENT = 21;
    /** ACKs whose SYN cookie validated (a binding session was opened). */
    public static final int SYNPROXY_COOKIES_VALID = 22;
    /** ACKs for a SYN-proxied service with neither session nor valid cookie (dropped or reset, no state). */
    public static final int SYNPROXY_COOKIES_INVALID = 23;
    /** Validated clients reset because every binding session was taken. */
    public static final int SYNPROXY_SESSIONS_FULL = 24;
    /** Client segments whose bytes did not all fit a binding session's buffer (the rest flows after binding). */
    public static final int SYNPROXY_BUFFER_FULL = 25;
    /** Client segments during binding that left a hole before them (dropped; the client sends them again). */
    public static final int SYNPROXY_OUT_OF_ORDER = 26;
    /** Delayed bindings scheduled with fewer bytes than wanted because the collection timed out. */
    public static final int SYNPROXY_COLLECT_TIMEOUTS = 27;
    /** Connections whose real server answered: translated from then on. */
    public static final int SYNPROXY_BOUND = 28;
    /** Bindings that could not open a connection (no destination, table full): client reset. */
    public static final int SYNPROXY_BIND_FAILED = 29;
    /** SYNs sent again to a real server that had not answered. */
    public static final int SYNPROXY_SERVER_SYN_RETRIES = 30;
    /** Connections given up because the real server never answered: client reset. */
    public static final int SYNPROXY_SERVER_TIMEOUTS = 31;
    /** Connections the real server refused with a RST: client reset. */
    public static final int SYNPROXY_SERVER_REFUSED = 32;
    /** RSTs the SYN proxy sent to clients, for any reason. */
    public static final int SYNPROXY_CLIENT_RESETS = 33;
    /** Segments the worker built itself (SYN proxy) that could not be sent (outbox full, data plane cannot). */
    public static final int ORIGINATED_DROPPED = 34;
    /**
     * Received packets the SYN proxy took without forwarding or dropping them: buffered client data,
     * handshake ACKs, real servers' SYN-ACKs (answered from the outbox). With {@link #TX_PACKETS},
     * {@link #DROPPED} and {@link #TO_KERNEL}, every received packet is counted exactly once.
     */
    public static final int SYNPROXY_CONSUMED = 35;
    /** Segments the worker built itself (SYN proxy) and sent; not in {@link #TX_PACKETS}. */
    public static final int ORIGINATED_SENT = 36;
    /** Number of named counters; parse results follow. */
    public static final int NAMED = 37;
    /** Total number of counters. */
    public static final int COUNT = NAMED + ParseResult.COUNT;

    private static final String[] NAMES = {
        "rx-packets", "tx-packets", "to-kernel", "dropped", "new-connections", "no-service", "no-destination",
        "table-full", "tcp-not-syn", "destination-gone", "scheduler-errors", "orphan-fragments", "ttl-exceeded",
        "too-big", "icmp-translated", "unsupported-protocol", "persistence-hits", "rescheduled", "commands",
        "expired", "forward-errors", "synproxy-cookies-sent", "synproxy-cookies-valid", "synproxy-cookies-invalid",
        "synproxy-sessions-full", "synproxy-buffer-full", "synproxy-out-of-order", "synproxy-collect-timeouts",
        "synproxy-bound", "synproxy-bind-failed", "synproxy-server-syn-retries", "synproxy-server-timeouts",
        "synproxy-server-refused", "synproxy-client-resets", "originated-dropped", "synproxy-consumed",
        "originated-sent"
    };

    private final long[] values = new long[COUNT + 8];

    /**
     * Returns a counter's name.
     *
     * @param counter 0..COUNT-1
     * @return the name; parse results are named {@code parse-<result>}
     */
    public static String name(int counter) {
        return counter < NAMED ? NAMES[counter]
                : "parse-" + ParseResult.name(counter - NAMED).toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * Adds one. Owning worker only.
     *
     * @param counter the counter
     */
    public void increment(int counter) {
        values[counter]++;
    }

    /**
     * Adds {@code delta}. Owning worker only.
     *
     * @param counter the counter
     * @param delta the amount
     */
    public void add(int counter, long delta) {
        values[counter] += delta;
    }

    /**
     * Counts one parse failure (the packet's drop is counted by the caller).
     *
     * @param parseResult a {@link ParseResult} code
     */
    public void parseFailure(int parseResult) {
        values[NAMED + parseResult]++;
    }

    /**
     * Reads a counter (any thread; may be slightly stale).
     *
     * @param counter the counter
     * @return the value
     */
    public long get(int counter) {
        return values[counter];
    }
}
