package io.jvs.engine.packet;

/**
 * TCP control bits as found in byte 13 of the TCP header (RFC 9293, RFC 3168). Combine with
 * {@code |}: {@code TcpFlags.SYN | TcpFlags.ACK}.
 */
public final class TcpFlags {
    /** No more data from sender. */
    public static final int FIN = 0x01;
    /** Synchronize sequence numbers. */
    public static final int SYN = 0x02;
    /** Reset the connection. */
    public static final int RST = 0x04;
    /** Push function. */
    public static final int PSH = 0x08;
    /** Acknowledgment field is significant. */
    public static final int ACK = 0x10;
    /** Urgent pointer field is significant. */
    public static final int URG = 0x20;
    /** ECN echo. */
    public static final int ECE = 0x40;
    /** Congestion window reduced. */
    public static final int CWR = 0x80;

    private TcpFlags() {
    }

    /**
     * Tells whether all of some flags are set.
     *
     * @param flags the flags byte of a segment
     * @param mask the flags wanted
     * @return true when every bit of {@code mask} is set in {@code flags}
     */
    public static boolean has(int flags, int mask) {
        return (flags & mask) == mask;
    }
}
