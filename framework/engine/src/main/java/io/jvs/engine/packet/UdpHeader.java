package io.jvs.engine.packet;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a UDP header (RFC 768).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Length             |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The length counts header and payload in bytes. A checksum of 0 over IPv4 means "none"; see
 * {@link InternetChecksum#adjustUdp32}.
 *
 * <p><b>Not thread-safe.</b>
 */
public final class UdpHeader {
    /** Offset of the source port. */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Offset of the destination port. */
    public static final int DESTINATION_PORT_OFFSET = 2;
    /** Offset of the length. */
    public static final int LENGTH_OFFSET = 4;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 6;
    /** Header length in bytes. */
    public static final int LENGTH = 8;

    private MemorySegment segment;
    private long offset;

    /** Creates an unwrapped flyweight: call {@link #wrap} before any other method. */
    public UdpHeader() {
    }

    /**
     * Points this flyweight at a header.
     *
     * @param segment the memory holding the packet
     * @param offset the byte offset of the source port
     * @return this
     */
    public UdpHeader wrap(MemorySegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    /** {@return the wrapped segment} */
    public MemorySegment segment() {
        return segment;
    }

    /** {@return the byte offset of the header within the segment} */
    public long offset() {
        return offset;
    }

    /** {@return the source port, 0..65535} */
    public int sourcePort() {
        return BigEndian.getUnsignedShort(segment, offset + SOURCE_PORT_OFFSET);
    }

    /**
     * Sets the source port.
     *
     * @param port 0..65535
     * @return this
     */
    public UdpHeader sourcePort(int port) {
        BigEndian.putShort(segment, offset + SOURCE_PORT_OFFSET, port);
        return this;
    }

    /** {@return the destination port, 0..65535} */
    public int destinationPort() {
        return BigEndian.getUnsignedShort(segment, offset + DESTINATION_PORT_OFFSET);
    }

    /**
     * Sets the destination port.
     *
     * @param port 0..65535
     * @return this
     */
    public UdpHeader destinationPort(int port) {
        BigEndian.putShort(segment, offset + DESTINATION_PORT_OFFSET, port);
        return this;
    }

    /** {@return the length of header and payload in bytes} */
    public int length() {
        return BigEndian.getUnsignedShort(segment, offset + LENGTH_OFFSET);
    }

    /**
     * Sets the length.
     *
     * @param length header and payload in bytes, 8..65535
     * @return this
     */
    public UdpHeader length(int length) {
        BigEndian.putShort(segment, offset + LENGTH_OFFSET, length);
        return this;
    }

    /** {@return the checksum field, 0..65535 (0: none, IPv4 only)} */
    public int checksum() {
        return BigEndian.getUnsignedShort(segment, offset + CHECKSUM_OFFSET);
    }

    /**
     * Sets the checksum field.
     *
     * @param checksum 0..65535
     * @return this
     */
    public UdpHeader checksum(int checksum) {
        BigEndian.putShort(segment, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /** {@return the byte offset of the payload within the segment} */
    public long payloadOffset() {
        return offset + LENGTH;
    }
}
