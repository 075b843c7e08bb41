package io.jvs.engine.conn;

/**
 * The TCP header flag bits that drive the IPVS state machine, with their values in byte 13 of the TCP
 * header, so that a parser can pass that byte unchanged.
 */
public final class TcpFlags {
    /** FIN (0x01). */
    public static final int FIN = 0x01;
    /** SYN (0x02). */
    public static final int SYN = 0x02;
    /** RST (0x04). */
    public static final int RST = 0x04;
    /** PSH (0x08); ignored by the state machine. */
    public static final int PSH = 0x08;
    /** ACK (0x10). */
    public static final int ACK = 0x10;

    private TcpFlags() {
    }
}
