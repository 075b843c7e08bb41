package io.jvs.engine.packet;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an IPv4 header (RFC 791), options included.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |0|D|M|     Fragment Offset     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (IHL &gt; 5)        |    Padding     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>IHL counts 32-bit words (5..15), total length counts bytes of header and payload, the
 * fragment offset counts 8-byte units. Setters do not update the checksum: call {@link
 * #updateChecksum()} after the last change, or adjust it incrementally with {@link
 * InternetChecksum#adjust16} and {@link InternetChecksum#adjust32}.
 *
 * <p><b>Not thread-safe.</b>
 */
public final class Ipv4Header {
    /** Offset of the version and IHL byte. */
    public static final int VERSION_IHL_OFFSET = 0;
    /** Offset of the type-of-service (DSCP and ECN) byte. */
    public static final int TOS_OFFSET = 1;
    /** Offset of the total length. */
    public static final int TOTAL_LENGTH_OFFSET = 2;
    /** Offset of the identification. */
    public static final int IDENTIFICATION_OFFSET = 4;
    /** Offset of the flags and fragment offset word. */
    public static final int FLAGS_FRAGMENT_OFFSET_OFFSET = 6;
    /** Offset of the time to live. */
    public static final int TTL_OFFSET = 8;
    /** Offset of the protocol. */
    public static final int PROTOCOL_OFFSET = 9;
    /** Offset of the header checksum. */
    public static final int CHECKSUM_OFFSET = 10;
    /** Offset of the source address. */
    public static final int SOURCE_ADDRESS_OFFSET = 12;
    /** Offset of the destination address. */
    public static final int DESTINATION_ADDRESS_OFFSET = 16;
    /** Offset of the first option byte, when IHL &gt; 5. */
    public static final int OPTIONS_OFFSET = 20;
    /** Length of a header without options in bytes. */
    public static final int MIN_LENGTH = 20;
    /** Length of a header with the most options (IHL 15) in bytes. */
    public static final int MAX_LENGTH = 60;
    /** The "don't fragment" flag within the flags and fragment offset word. */
    public static final int FLAG_DONT_FRAGMENT = 0x4000;
    /** The "more fragments" flag within the flags and fragment offset word. */
    public static final int FLAG_MORE_FRAGMENTS = 0x2000;
    /** Mask of the fragment offset within the flags and fragment offset word. */
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    private MemorySegment segment;
    private long offset;

    /** Creates an unwrapped flyweight: call {@link #wrap} before any other method. */
    public Ipv4Header() {
    }

    /**
     * Points this flyweight at a header.
     *
     * @param segment the memory holding the packet
     * @param offset the byte offset of the version byte
     * @return this
     */
    public Ipv4Header wrap(MemorySegment segment, long offset) {
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

    /** {@return the version field, 4 for a valid header} */
    public int version() {
        return BigEndian.getUnsignedByte(segment, offset + VERSION_IHL_OFFSET) >>> 4;
    }

    /**
     * Sets the version field.
     *
     * @param version 4
     * @return this
     */
    public Ipv4Header version(int version) {
        int b = BigEndian.getUnsignedByte(segment, offset + VERSION_IHL_OFFSET);
        BigEndian.putByte(segment, offset + VERSION_IHL_OFFSET, (b & 0x0F) | (version << 4));
        return this;
    }

    /** {@return the internet header length in 32-bit words, 5..15 for a valid header} */
    public int ihl() {
        return BigEndian.getUnsignedByte(segment, offset + VERSION_IHL_OFFSET) & 0x0F;
    }

    /**
     * Sets the internet header length.
     *
     * @param words 5..15
     * @return this
     */
    public Ipv4Header ihl(int words) {
        int b = BigEndian.getUnsignedByte(segment, offset + VERSION_IHL_OFFSET);
        BigEndian.putByte(segment, offset + VERSION_IHL_OFFSET, (b & 0xF0) | (words & 0x0F));
        return this;
    }

    /** {@return the header length in bytes, {@code ihl() * 4}} */
    public int headerLength() {
        return ihl() << 2;
    }

    /** {@return the type-of-service byte (DSCP in the upper six bits, ECN in the lower two)} */
    public int tos() {
        return BigEndian.getUnsignedByte(segment, offset + TOS_OFFSET);
    }

    /**
     * Sets the type-of-service byte.
     *
     * @param tos 0..255
     * @return this
     */
    public Ipv4Header tos(int tos) {
        BigEndian.putByte(segment, offset + TOS_OFFSET, tos);
        return this;
    }

    /** {@return the total length of header and payload in bytes} */
    public int totalLength() {
        return BigEndian.getUnsignedShort(segment, offset + TOTAL_LENGTH_OFFSET);
    }

    /**
     * Sets the total length.
     *
     * @param length header and payload in bytes, 20..65535
     * @return this
     */
    public Ipv4Header totalLength(int length) {
        BigEndian.putShort(segment, offset + TOTAL_LENGTH_OFFSET, length);
        return this;
    }

    /** {@return the identification, 0..65535} */
    public int identification() {
        return BigEndian.getUnsignedShort(segment, offset + IDENTIFICATION_OFFSET);
    }

    /**
     * Sets the identification.
     *
     * @param identification 0..65535
     * @return this
     */
    public Ipv4Header identification(int identification) {
        BigEndian.putShort(segment, offset + IDENTIFICATION_OFFSET, identification);
        return this;
    }

    /** {@return the 16-bit word holding the flags (upper three bits) and the fragment offset} */
    public int flagsAndFragmentOffset() {
        return BigEndian.getUnsignedShort(segment, offset + FLAGS_FRAGMENT_OFFSET_OFFSET);
    }

    /**
     * Sets the flags and fragment offset word.
     *
     * @param word see {@link #FLAG_DONT_FRAGMENT}, {@link #FLAG_MORE_FRAGMENTS}, {@link
     *     #FRAGMENT_OFFSET_MASK}
     * @return this
     */
    public Ipv4Header flagsAndFragmentOffset(int word) {
        BigEndian.putShort(segment, offset + FLAGS_FRAGMENT_OFFSET_OFFSET, word);
        return this;
    }

    /** {@return the "don't fragment" flag} */
    public boolean dontFragment() {
        return (flagsAndFragmentOffset() & FLAG_DONT_FRAGMENT) != 0;
    }

    /**
     * Sets the "don't fragment" flag.
     *
     * @param set the flag
     * @return this
     */
    public Ipv4Header dontFragment(boolean set) {
        int w = flagsAndFragmentOffset();
        return flagsAndFragmentOffset(set ? w | FLAG_DONT_FRAGMENT : w & ~FLAG_DONT_FRAGMENT);
    }

    /** {@return the "more fragments" flag} */
    public boolean moreFragments() {
        return (flagsAndFragmentOffset() & FLAG_MORE_FRAGMENTS) != 0;
    }

    /**
     * Sets the "more fragments" flag.
     *
     * @param set the flag
     * @return this
     */
    public Ipv4Header moreFragments(boolean set) {
        int w = flagsAndFragmentOffset();
        return flagsAndFragmentOffset(set ? w | FLAG_MORE_FRAGMENTS : w & ~FLAG_MORE_FRAGMENTS);
    }

    /** {@return the fragment offset in 8-byte units, 0..8191} */
    public int fragmentOffset() {
        return flagsAndFragmentOffset() & FRAGMENT_OFFSET_MASK;
    }

    /**
     * Sets the fragment offset.
     *
     * @param units the offset in 8-byte units, 0..8191
     * @return this
     */
    public Ipv4Header fragmentOffset(int units) {
        int w = flagsAndFragmentOffset();
        return flagsAndFragmentOffset((w & ~FRAGMENT_OFFSET_MASK) | (units & FRAGMENT_OFFSET_MASK));
    }

    /** {@return true when this packet is a fragment: "more fragments" set or a non-zero offset} */
    public boolean isFragment() {
        return (flagsAndFragmentOffset() & (FLAG_MORE_FRAGMENTS | FRAGMENT_OFFSET_MASK)) != 0;
    }

    /** {@return the time to live, 0..255} */
    public int ttl() {
        return BigEndian.getUnsignedByte(segment, offset + TTL_OFFSET);
    }

    /**
     * Sets the time to live.
     *
     * @param ttl 0..255
     * @return this
     */
    public Ipv4Header ttl(int ttl) {
        BigEndian.putByte(segment, offset + TTL_OFFSET, ttl);
        return this;
    }

    /** {@return the protocol of the payload, see {@link io.jvs.spi.IpProtocol}} */
    public int protocol() {
        return BigEndian.getUnsignedByte(segment, offset + PROTOCOL_OFFSET);
    }

    /**
     * Sets the protocol.
     *
     * @param protocol an IANA protocol number
     * @return this
     */
    public Ipv4Header protocol(int protocol) {
        BigEndian.putByte(segment, offset + PROTOCOL_OFFSET, protocol);
        return this;
    }

    /** {@return the header checksum field, 0..65535} */
    public int checksum() {
        return BigEndian.getUnsignedShort(segment, offset + CHECKSUM_OFFSET);
    }

    /**
     * Sets the header checksum field.
     *
     * @param checksum 0..65535
     * @return this
     */
    public Ipv4Header checksum(int checksum) {
        BigEndian.putShort(segment, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /** {@return the source address, see {@link Ipv4Address}} */
    public int sourceAddress() {
        return BigEndian.getInt(segment, offset + SOURCE_ADDRESS_OFFSET);
    }

    /**
     * Sets the source address.
     *
     * @param address see {@link Ipv4Address}
     * @return this
     */
    public Ipv4Header sourceAddress(int address) {
        BigEndian.putInt(segment, offset + SOURCE_ADDRESS_OFFSET, address);
        return this;
    }

    /** {@return the destination address, see {@link Ipv4Address}} */
    public int destinationAddress() {
        return BigEndian.getInt(segment, offset + DESTINATION_ADDRESS_OFFSET);
    }

    /**
     * Sets the destination address.
     *
     * @param address see {@link Ipv4Address}
     * @return this
     */
    public Ipv4Header destinationAddress(int address) {
        BigEndian.putInt(segment, offset + DESTINATION_ADDRESS_OFFSET, address);
        return this;
    }

    /** {@return the byte offset of the first option within the segment} */
    public long optionsOffset() {
        return offset + OPTIONS_OFFSET;
    }

    /** {@return the length of the options (with padding) in bytes, {@code headerLength() - 20}} */
    public int optionsLength() {
        return headerLength() - MIN_LENGTH;
    }

    /** {@return the byte offset of the payload (the transport header) within the segment} */
    public long payloadOffset() {
        return offset + headerLength();
    }

    /**
     * Computes the header checksum over {@link #headerLength()} bytes, the checksum field counted as
     * zero.
     *
     * @return the value to store in the checksum field
     */
    public int computeChecksum() {
        return InternetChecksum.ipv4HeaderChecksum(segment, offset);
    }

    /**
     * Stores the checksum computed by {@link #computeChecksum()}.
     *
     * @return this
     */
    public Ipv4Header updateChecksum() {
        return checksum(computeChecksum());
    }

    /** {@return true when the header checksum verifies} */
    public boolean isChecksumValid() {
        return InternetChecksum.isIpv4HeaderChecksumValid(segment, offset);
    }
}
