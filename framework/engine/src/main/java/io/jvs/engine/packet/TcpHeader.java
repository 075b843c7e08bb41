package io.jvs.engine.packet;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a TCP header (RFC 9293 section 3.1). Options are read with {@link
 * TcpOptionReader} or {@link TcpOptions}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * |       |       |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The data offset counts 32-bit words (5..15). Sequence and acknowledgment numbers are
 * unsigned 32-bit values held in {@code int}s: compare them with {@code Integer.compareUnsigned} or
 * serial arithmetic ({@code a - b < 0}).
 *
 * <p><b>Not thread-safe.</b>
 */
public final class TcpHeader {
    /** Offset of the source port. */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Offset of the destination port. */
    public static final int DESTINATION_PORT_OFFSET = 2;
    /** Offset of the sequence number. */
    public static final int SEQUENCE_NUMBER_OFFSET = 4;
    /** Offset of the acknowledgment number. */
    public static final int ACKNOWLEDGMENT_NUMBER_OFFSET = 8;
    /** Offset of the data offset byte (upper four bits). */
    public static final int DATA_OFFSET_OFFSET = 12;
    /** Offset of the flags byte. */
    public static final int FLAGS_OFFSET = 13;
    /** Offset of the window. */
    public static final int WINDOW_OFFSET = 14;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 16;
    /** Offset of the urgent pointer. */
    public static final int URGENT_POINTER_OFFSET = 18;
    /** Offset of the first option byte. */
    public static final int OPTIONS_OFFSET = 20;
    /** Length of a header without options in bytes. */
    public static final int MIN_LENGTH = 20;
    /** Length of a header with the most options in bytes. */
    public static final int MAX_LENGTH = 60;

    private MemorySegment segment;
    private long offset;

    /** Creates an unwrapped flyweight: call {@link #wrap} before any other method. */
    public TcpHeader() {
    }

    /**
     * Points this flyweight at a header.
     *
     * @param segment the memory holding the packet
     * @param offset the byte offset of the source port
     * @return this
     */
    public TcpHeader wrap(MemorySegment segment, long offset) {
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
    public TcpHeader sourcePort(int port) {
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
    public TcpHeader destinationPort(int port) {
        BigEndian.putShort(segment, offset + DESTINATION_PORT_OFFSET, port);
        return this;
    }

    /** {@return the sequence number (unsigned 32 bits in an int)} */
    public int sequenceNumber() {
        return BigEndian.getInt(segment, offset + SEQUENCE_NUMBER_OFFSET);
    }

    /**
     * Sets the sequence number.
     *
     * @param sequence unsigned 32 bits
     * @return this
     */
    public TcpHeader sequenceNumber(int sequence) {
        BigEndian.putInt(segment, offset + SEQUENCE_NUMBER_OFFSET, sequence);
        return this;
    }

    /** {@return the acknowledgment number (unsigned 32 bits in an int)} */
    public int acknowledgmentNumber() {
        return BigEndian.getInt(segment, offset + ACKNOWLEDGMENT_NUMBER_OFFSET);
    }

    /**
     * Sets the acknowledgment number.
     *
     * @param acknowledgment unsigned 32 bits
     * @return this
     */
    public TcpHeader acknowledgmentNumber(int acknowledgment) {
        BigEndian.putInt(segment, offset + ACKNOWLEDGMENT_NUMBER_OFFSET, acknowledgment);
        return this;
    }

    /** {@return the data offset in 32-bit words, 5..15 for a valid header} */
    public int dataOffset() {
        return BigEndian.getUnsignedByte(segment, offset + DATA_OFFSET_OFFSET) >>> 4;
    }

    /**
     * Sets the data offset, keeping the reserved bits.
     *
     * @param words 5..15
     * @return this
     */
    public TcpHeader dataOffset(int words) {
        int b = BigEndian.getUnsignedByte(segment, offset + DATA_OFFSET_OFFSET);
        BigEndian.putByte(segment, offset + DATA_OFFSET_OFFSET, (b & 0x0F) | (words << 4));
        return this;
    }

    /** {@return the header length in bytes, {@code dataOffset() * 4}} */
    public int headerLength() {
        return dataOffset() << 2;
    }

    /** {@return the flags byte, see {@link TcpFlags}} */
    public int flags() {
        return BigEndian.getUnsignedByte(segment, offset + FLAGS_OFFSET);
    }

    /**
     * Sets the flags byte.
     *
     * @param flags see {@link TcpFlags}
     * @return this
     */
    public TcpHeader flags(int flags) {
        BigEndian.putByte(segment, offset + FLAGS_OFFSET, flags);
        return this;
    }

    /** {@return the receive window (unscaled), 0..65535} */
    public int window() {
        return BigEndian.getUnsignedShort(segment, offset + WINDOW_OFFSET);
    }

    /**
     * Sets the receive window.
     *
     * @param window 0..65535
     * @return this
     */
    public TcpHeader window(int window) {
        BigEndian.putShort(segment, offset + WINDOW_OFFSET, window);
        return this;
    }

    /** {@return the checksum field, 0..65535} */
    public int checksum() {
        return BigEndian.getUnsignedShort(segment, offset + CHECKSUM_OFFSET);
    }

    /**
     * Sets the checksum field.
     *
     * @param checksum 0..65535
     * @return this
     */
    public TcpHeader checksum(int checksum) {
        BigEndian.putShort(segment, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /** {@return the urgent pointer, 0..65535} */
    public int urgentPointer() {
        return BigEndian.getUnsignedShort(segment, offset + URGENT_POINTER_OFFSET);
    }

    /**
     * Sets the urgent pointer.
     *
     * @param pointer 0..65535
     * @return this
     */
    public TcpHeader urgentPointer(int pointer) {
        BigEndian.putShort(segment, offset + URGENT_POINTER_OFFSET, pointer);
        return this;
    }

    /** {@return the byte offset of the first option within the segment} */
    public long optionsOffset() {
        return offset + OPTIONS_OFFSET;
    }

    /** {@return the length of the options in bytes, {@code headerLength() - 20} (negative for a bad data offset)} */
    public int optionsLength() {
        return headerLength() - MIN_LENGTH;
    }

    /** {@return the byte offset of the payload within the segment} */
    public long payloadOffset() {
        return offset + headerLength();
    }
}
