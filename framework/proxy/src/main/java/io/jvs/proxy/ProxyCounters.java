package io.jvs.proxy;

/**
 * The counters one event loop keeps: plain {@code long}s written only by the loop and summed over
 * loops by readers, who may see slightly stale values (as the engine's {@code WorkerCounters}, which
 * each loop also keeps for what it shares with the packet engine: new connections, no destination,
 * table full, persistence hits, scheduler errors, expiries).
 */
public final class ProxyCounters {

    /** TCP connections accepted from clients. */
    public static final int ACCEPTED = 0;
    /** TCP connections closed at accept: their service is gone or a loop is shutting down. */
    public static final int NO_SERVICE = 1;
    /** Clients refused by their service's connection limit (TCP closed, UDP datagram dropped). */
    public static final int LIMIT_REFUSED = 2;
    /** Clients closed because they sent fewer bytes than the scheduler needs within the payload timeout. */
    public static final int PAYLOAD_TIMEOUTS = 3;
    /** Clients that ended their stream before the bytes the scheduler needs; scheduled on what they sent. */
    public static final int PAYLOAD_SHORT = 4;
    /** Connection attempts to destinations that were refused, failed or timed out. */
    public static final int CONNECT_FAILURES = 5;
    /** Of those, attempts that timed out. */
    public static final int CONNECT_TIMEOUTS = 6;
    /** Attempts made on another destination after a failure. */
    public static final int CONNECT_RETRIES = 7;
    /** Clients closed because every attempt failed (or no destination was left). */
    public static final int CONNECT_GIVE_UPS = 8;
    /** Clients closed because no destination could be scheduled or the table refused the entry. */
    public static final int NOT_SCHEDULED = 9;
    /** Relays that ended with both sides closed in order. */
    public static final int CLOSED_NORMALLY = 10;
    /** Relays that ended with an error (reset, broken pipe) on either side. */
    public static final int CLOSED_BY_ERROR = 11;
    /** Relays closed because the connection table removed their entry (expiry, flush, ...). */
    public static final int CLOSED_BY_TABLE = 12;
    /** Bytes relayed from clients to destinations (TCP payload, UDP datagram payload). */
    public static final int BYTES_TO_DESTINATIONS = 13;
    /** Bytes relayed from destinations to clients. */
    public static final int BYTES_TO_CLIENTS = 14;
    /** Times a relay direction stopped reading because its receiver was slower (backpressure). */
    public static final int BACKPRESSURE = 15;
    /** UDP datagrams from clients. */
    public static final int DATAGRAMS_IN = 16;
    /** UDP datagrams to clients. */
    public static final int DATAGRAMS_OUT = 17;
    /** UDP datagrams dropped (a full socket buffer, no session, an unreachable destination). */
    public static final int DATAGRAMS_DROPPED = 18;
    /** UDP sessions created. */
    public static final int SESSIONS = 19;
    /** Errors of accept, bind or register calls. */
    public static final int SOCKET_ERRORS = 20;
    /** Connections of persistent services handed to the loop that owns the client's template. */
    public static final int HANDED_OVER = 21;
    /** Choices of a destination that had already refused the same client, scheduled again at once. */
    public static final int RETRY_SKIPS = 22;
    /**
     * Clients scheduled before the scheduler's {@code payloadBytesNeeded} bytes arrived because its
     * {@code payloadSufficient} said the bytes so far were enough (an HTTP request line had ended).
     */
    public static final int PAYLOAD_EARLY = 23;
    /** Number of counters. */
    public static final int COUNT = 24;

    private static final String[] NAMES = {
        "accepted", "no-service", "limit-refused", "payload-timeouts", "payload-short", "connect-failures",
        "connect-timeouts", "connect-retries", "connect-give-ups", "not-scheduled", "closed-normally",
        "closed-by-error", "closed-by-table", "bytes-to-destinations", "bytes-to-clients", "backpressure",
        "datagrams-in", "datagrams-out", "datagrams-dropped", "sessions", "socket-errors", "handed-over", "retry-skips",
        "payload-early"
    };

    private final long[] values = new long[COUNT + 8];

    /**
     * Returns a counter's name.
     *
     * @param counter 0..COUNT-1
     * @return the name
     */
    public static String name(int counter) {
        return NAMES[counter];
    }

    /**
     * Adds one. Owning loop only.
     *
     * @param counter the counter
     */
    public void increment(int counter) {
        values[counter]++;
    }

    /**
     * Adds {@code delta}. Owning loop only.
     *
     * @param counter the counter
     * @param delta the amount
     */
    public void add(int counter, long delta) {
        values[counter] += delta;
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
