package io.jvs.engine.packet;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over the fixed IPv6 header (RFC 8200 section 3). Extension headers are walked by
 * {@link Ipv6ExtensionWalker}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |              Flow Label               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                                                               +
 * |                     Source Address (16 bytes)                 |
 * +                                                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                                                               +
 * |                  Destination Address (16 bytes)               |
 * +                                                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The payload length counts the bytes after this 40-byte header, extension headers included.
 * Addresses are accessed as four 32-bit words (see {@link Ipv6Address}).
 *
 * <p><b>Not thread-safe.</b>
 */
public final class Ipv6Header {
    /** Offset of the word holding version, traffic class and flow label. */
    public static final int VERSION_CLASS_FLOW_OFFSET = 0;
    /** Offset of the payload length. */
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    /** Offset of the next header. */
    public static final int NEXT_HEADER_OFFSET = 6;
    /** Offset of the hop limit. */
    public static final int HOP_LIMIT_OFFSET = 7;
    /** Offset of the source address. */
    public static final int SOURCE_ADDRESS_OFFSET = 8;
    /** Offset of the destination address. */
    public static final int DESTINATION_ADDRESS_OFFSET = 24;
    /** Length of the fixed header in bytes. */
    public static final int LENGTH = 40;

    private MemorySegment segment;
    private long offset;

    /** Creates an unwrapped flyweight: call {@link #wrap} before any other method. */
    public Ipv6Header() {
    }

    /**
     * Points this flyweight at a header.
     *
     * @param segment the memory holding the packet
     * @param offset the byte offset of the first byte of the header
     * @return this
     */
    public Ipv6Header wrap(MemorySegment segment, long offset) {
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

    private int firstWord() {
        return BigEndian.getInt(segment, offset + VERSION_CLASS_FLOW_OFFSET);
    }

    private void firstWord(int word) {
        BigEndian.putInt(segment, offset + VERSION_CLASS_FLOW_OFFSET, word);
    }

    /** {@return the version field, 6 for a valid header} */
    public int version() {
        return firstWord() >>> 28;
    }

    /**
     * Sets the version field.
     *
     * @param version 6
     * @return this
     */
    public Ipv6Header version(int version) {
        firstWord((firstWord() & 0x0FFF_FFFF) | (version << 28));
        return this;
    }

    /** {@return the traffic class (DSCP and ECN), 0..255} */
    public int trafficClass() {
        return (firstWord() >>> 20) & 0xFF;
    }

    /**
     * Sets the traffic class.
     *
     * @param trafficClass 0..255
     * @return this
     */
    public Ipv6Header trafficClass(int trafficClass) {
        firstWord((firstWord() & 0xF00F_FFFF) | ((trafficClass & 0xFF) << 20));
        return this;
    }

    /** {@return the flow label, 20 bits} */
    public int flowLabel() {
        return firstWord() & 0x000F_FFFF;
    }

    /**
     * Sets the flow label.
     *
     * @param flowLabel 20 bits
     * @return this
     */
    public Ipv6Header flowLabel(int flowLabel) {
        firstWord((firstWord() & 0xFFF0_0000) | (flowLabel & 0x000F_FFFF));
        return this;
    }

    /** {@return the payload length in bytes (everything after the fixed header)} */
    public int payloadLength() {
        return BigEndian.getUnsignedShort(segment, offset + PAYLOAD_LENGTH_OFFSET);
    }

    /**
     * Sets the payload length.
     *
     * @param length in bytes, 0..65535
     * @return this
     */
    public Ipv6Header payloadLength(int length) {
        BigEndian.putShort(segment, offset + PAYLOAD_LENGTH_OFFSET, length);
        return this;
    }

    /** {@return the type of the header that follows: an extension header or the upper layer} */
    public int nextHeader() {
        return BigEndian.getUnsignedByte(segment, offset + NEXT_HEADER_OFFSET);
    }

    /**
     * Sets the next header.
     *
     * @param nextHeader an IANA protocol number
     * @return this
     */
    public Ipv6Header nextHeader(int nextHeader) {
        BigEndian.putByte(segment, offset + NEXT_HEADER_OFFSET, nextHeader);
        return this;
    }

    /** {@return the hop limit, 0..255} */
    public int hopLimit() {
        return BigEndian.getUnsignedByte(segment, offset + HOP_LIMIT_OFFSET);
    }

    /**
     * Sets the hop limit.
     *
     * @param hopLimit 0..255
     * @return this
     */
    public Ipv6Header hopLimit(int hopLimit) {
        BigEndian.putByte(segment, offset + HOP_LIMIT_OFFSET, hopLimit);
        return this;
    }

    /**
     * Returns one word of the source address.
     *
     * @param index 0..3, 0 being the first four bytes
     * @return the word
     */
    public int sourceAddressWord(int index) {
        return BigEndian.getInt(segment, offset + SOURCE_ADDRESS_OFFSET + 4L * index);
    }

    /**
     * Sets one word of the source address.
     *
     * @param index 0..3
     * @param word the word
     * @return this
     */
    public Ipv6Header sourceAddressWord(int index, int word) {
        BigEndian.putInt(segment, offset + SOURCE_ADDRESS_OFFSET + 4L * index, word);
        return this;
    }

    /**
     * Returns one word of the destination address.
     *
     * @param index 0..3, 0 being the first four bytes
     * @return the word
     */
    public int destinationAddressWord(int index) {
        return BigEndian.getInt(segment, offset + DESTINATION_ADDRESS_OFFSET + 4L * index);
    }

    /**
     * Sets one word of the destination address.
     *
     * @param index 0..3
     * @param word the word
     * @return this
     */
    public Ipv6Header destinationAddressWord(int index, int word) {
        BigEndian.putInt(segment, offset + DESTINATION_ADDRESS_OFFSET + 4L * index, word);
        return this;
    }

    /**
     * Sets the whole source address.
     *
     * @param w0 word 0
     * @param w1 word 1
     * @param w2 word 2
     * @param w3 word 3
     * @return this
     */
    public Ipv6Header sourceAddress(int w0, int w1, int w2, int w3) {
        return sourceAddressWord(0, w0).sourceAddressWord(1, w1).sourceAddressWord(2, w2).sourceAddressWord(3, w3);
    }

    /**
     * Sets the whole destination address.
     *
     * @param w0 word 0
     * @param w1 word 1
     * @param w2 word 2
     * @param w3 word 3
     * @return this
     */
    public Ipv6Header destinationAddress(int w0, int w1, int w2, int w3) {
        return destinationAddressWord(0, w0).destinationAddressWord(1, w1)
                .destinationAddressWord(2, w2).destinationAddressWord(3, w3);
    }

    /** {@return the byte offset just after the fixed header within the segment} */
    public long payloadOffset() {
        return offset + LENGTH;
    }
}
