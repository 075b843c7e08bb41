package io.jvs.engine.packet;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a Generic UDP Encapsulation header, variant 0 (draft-ietf-intarea-gue section
 * 3.1), carried in a UDP payload. Variant 1 has no GUE header: the first two bits are those of an
 * IPv4 (0100) or IPv6 (0110) header, which is why {@link #version()} returns 1 for them.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | 0 |C|   Hlen  |  Proto/ctype  |             Flags             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                 Extension fields (Hlen words)                 ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>C is set for control messages, whose {@code Proto/ctype} is a control type; otherwise it is
 * the IP protocol number of the payload (4 for IPv4, 41 for IPv6). Hlen counts the 32-bit words of
 * extension fields after the first word.
 *
 * <p><b>Not thread-safe.</b>
 */
public final class GueHeader {
    /** Offset of the byte holding version, C and Hlen. */
    public static final int VERSION_CONTROL_HLEN_OFFSET = 0;
    /** Offset of proto/ctype. */
    public static final int PROTO_CTYPE_OFFSET = 1;
    /** Offset of the flags. */
    public static final int FLAGS_OFFSET = 2;
    /** Offset of the first extension field. */
    public static final int EXTENSION_FIELDS_OFFSET = 4;
    /** Length of a header without extension fields in bytes. */
    public static final int MIN_LENGTH = 4;
    /** Length of a header with the most extension fields (Hlen 31) in bytes. */
    public static final int MAX_LENGTH = 128;

    private MemorySegment segment;
    private long offset;

    /** Creates an unwrapped flyweight: call {@link #wrap} before any other method. */
    public GueHeader() {
    }

    /**
     * Points this flyweight at a header.
     *
     * @param segment the memory holding the packet
     * @param offset the byte offset of the first byte of the GUE header (the UDP payload)
     * @return this
     */
    public GueHeader wrap(MemorySegment segment, long offset) {
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

    private int firstByte() {
        return BigEndian.getUnsignedByte(segment, offset + VERSION_CONTROL_HLEN_OFFSET);
    }

    private void firstByte(int value) {
        BigEndian.putByte(segment, offset + VERSION_CONTROL_HLEN_OFFSET, value);
    }

    /** {@return the variant (version) bits, 0 for this header, 1 for direct IP encapsulation} */
    public int version() {
        return firstByte() >>> 6;
    }

    /**
     * Sets the variant bits.
     *
     * @param version 0..3
     * @return this
     */
    public GueHeader version(int version) {
        firstByte((firstByte() & 0x3F) | ((version & 3) << 6));
        return this;
    }

    /** {@return the C bit: true for a control message} */
    public boolean controlMessage() {
        return (firstByte() & 0x20) != 0;
    }

    /**
     * Sets the C bit.
     *
     * @param control true for a control message
     * @return this
     */
    public GueHeader controlMessage(boolean control) {
        firstByte(control ? firstByte() | 0x20 : firstByte() & ~0x20);
        return this;
    }

    /** {@return Hlen: the extension fields in 32-bit words, 0..31} */
    public int hlen() {
        return firstByte() & 0x1F;
    }

    /**
     * Sets Hlen.
     *
     * @param words 0..31
     * @return this
     */
    public GueHeader hlen(int words) {
        firstByte((firstByte() & 0xE0) | (words & 0x1F));
        return this;
    }

    /** {@return the header length in bytes, {@code 4 + hlen() * 4}} */
    public int headerLength() {
        return MIN_LENGTH + (hlen() << 2);
    }

    /** {@return proto/ctype: the payload's IP protocol, or the control type when C is set} */
    public int protoCtype() {
        return BigEndian.getUnsignedByte(segment, offset + PROTO_CTYPE_OFFSET);
    }

    /**
     * Sets proto/ctype.
     *
     * @param value an IP protocol number, or a control type
     * @return this
     */
    public GueHeader protoCtype(int value) {
        BigEndian.putByte(segment, offset + PROTO_CTYPE_OFFSET, value);
        return this;
    }

    /** {@return the flags, 16 bits} */
    public int flags() {
        return BigEndian.getUnsignedShort(segment, offset + FLAGS_OFFSET);
    }

    /**
     * Sets the flags.
     *
     * @param flags 16 bits
     * @return this
     */
    public GueHeader flags(int flags) {
        BigEndian.putShort(segment, offset + FLAGS_OFFSET, flags);
        return this;
    }

    /** {@return the byte offset of the payload (after the extension fields) within the segment} */
    public long payloadOffset() {
        return offset + headerLength();
    }
}
