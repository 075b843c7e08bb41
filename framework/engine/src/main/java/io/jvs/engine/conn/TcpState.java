package io.jvs.engine.conn;

/**
 * The TCP states of an IPVS connection entry, numbered as {@code IP_VS_TCP_S_*} in Linux
 * {@code include/uapi/linux/ip_vs.h} and printed as {@code tcp_state_name_table} in
 * {@code net/netfilter/ipvs/ip_vs_proto_tcp.c}. These are the balancer's view of a connection that it
 * only observes, not the states of RFC 793: {@link #SYN_RECV} means "the balancer saw the client's
 * SYN", {@link #SYN_SENT} "the balancer saw a SYN from the real server".
 *
 * <p>{@link #code()} is the kernel's number and the value stored in a {@link ConnectionTable} entry.
 */
public enum TcpState {
    /** No packet seen yet (IPVS {@code IP_VS_TCP_S_NONE}, 0). */
    NONE,
    /** Three-way handshake completed (1). The only state counted as an active connection. */
    ESTABLISHED,
    /** A SYN was seen from the real server side (2). */
    SYN_SENT,
    /** A SYN was seen from the client side (3). */
    SYN_RECV,
    /** A FIN was seen on an established connection (4). */
    FIN_WAIT,
    /** Both sides sent a FIN (5). */
    TIME_WAIT,
    /** Closed by RST or by the last ACK (6). */
    CLOSE,
    /** The client sent a FIN first (7). */
    CLOSE_WAIT,
    /** Waiting for the last ACK (8). */
    LAST_ACK,
    /** Listening (9), set by {@code ip_vs_tcp_conn_listen} for connections created by helpers. */
    LISTEN,
    /** A SYN-ACK was seen (10), used by the {@code secure_tcp} table. */
    SYNACK;

    /** The number of TCP states ({@code IP_VS_TCP_S_LAST}). */
    public static final int COUNT = 11;

    private static final TcpState[] BY_CODE = values();

    /**
     * Returns the kernel's state number.
     *
     * @return 0..10
     */
    public int code() {
        return ordinal();
    }

    /**
     * Returns the state with a kernel state number, without allocating.
     *
     * @param code 0..10
     * @return the state
     * @throws ArrayIndexOutOfBoundsException for any other value
     */
    public static TcpState ofCode(int code) {
        return BY_CODE[code];
    }

    /**
     * Returns the name IPVS prints in {@code /proc/net/ip_vs_conn} ({@code "SYN_RECV"}, ...).
     *
     * @return the print name, identical to {@link #name()}
     */
    public String printName() {
        return name();
    }

    /**
     * Tells whether an entry in this state is embryonic: the handshake has not completed, so the entry
     * may be dropped to make room when the table is full (IPVS {@code ip_vs_random_dropentry} drops
     * entries in {@code SYN_RECV} and {@code SYNACK} first).
     *
     * @return {@code true} for NONE, SYN_SENT, SYN_RECV and SYNACK
     */
    public boolean isEmbryonic() {
        return isEmbryonicCode(ordinal());
    }

    static boolean isEmbryonicCode(int code) {
        return code == 0 || code == 2 || code == 3 || code == 10;
    }
}
