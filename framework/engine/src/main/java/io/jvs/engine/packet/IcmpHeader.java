package io.jvs.engine.packet;

import io.jvs.spi.AddressFamily;
import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an ICMP (RFC 792) or ICMPv6 (RFC 4443) header. Both share the first four bytes;
 * the meaning of the next four depends on the type. Error messages carry as much of the packet
 * that caused them as fits, starting at {@link #EMBEDDED_PACKET_OFFSET}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  echo:        Identifier      |       Sequence Number         |
 * |  v4 frag needed:   unused     |       Next-Hop MTU            |
 * |  v6 packet too big:             MTU                           |
 * |  other errors: unused (v4 param problem: pointer in byte 4)   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  errors: the original IP header and as much of its payload    |
 * ~  as fits (IPv4: at least 8 bytes; IPv6: up to 1280 in all)    ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The ICMPv4 checksum covers the ICMP message only; the ICMPv6 checksum also covers the IPv6
 * pseudo-header. Both are computed by {@link InternetChecksum#transportChecksum}.
 *
 * <p><b>Not thread-safe.</b>
 */
public final class IcmpHeader {
    /** Offset of the type. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the code. */
    public static final int CODE_OFFSET = 1;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 2;
    /** Offset of the four type-specific bytes ("rest of header"). */
    public static final int REST_OF_HEADER_OFFSET = 4;
    /** Offset of the echo identifier. */
    public static final int IDENTIFIER_OFFSET = 4;
    /** Offset of the echo sequence number. */
    public static final int SEQUENCE_NUMBER_OFFSET = 6;
    /** Offset of the next-hop MTU of an ICMPv4 "fragmentation needed" (RFC 1191). */
    public static final int NEXT_HOP_MTU_OFFSET = 6;
    /** Offset of the 32-bit MTU of an ICMPv6 "packet too big". */
    public static final int MTU_OFFSET = 4;
    /** Offset of the packet embedded in an error message. */
    public static final int EMBEDDED_PACKET_OFFSET = 8;
    /** Header length in bytes (up to the embedded packet or echo data). */
    public static final int LENGTH = 8;

    /** ICMPv4 echo reply (0). */
    public static final int V4_ECHO_REPLY = 0;
    /** ICMPv4 destination unreachable (3). */
    public static final int V4_DESTINATION_UNREACHABLE = 3;
    /** ICMPv4 source quench (4, deprecated but still embeds a packet). */
    public static final int V4_SOURCE_QUENCH = 4;
    /** ICMPv4 redirect (5). */
    public static final int V4_REDIRECT = 5;
    /** ICMPv4 echo request (8). */
    public static final int V4_ECHO_REQUEST = 8;
    /** ICMPv4 time exceeded (11). */
    public static final int V4_TIME_EXCEEDED = 11;
    /** ICMPv4 parameter problem (12). */
    public static final int V4_PARAMETER_PROBLEM = 12;
    /** ICMPv4 destination unreachable code: fragmentation needed and DF set (4). */
    public static final int V4_CODE_FRAGMENTATION_NEEDED = 4;
    /** ICMPv4 destination unreachable code: port unreachable (3). */
    public static final int V4_CODE_PORT_UNREACHABLE = 3;
    /** ICMPv6 destination unreachable (1). */
    public static final int V6_DESTINATION_UNREACHABLE = 1;
    /** ICMPv6 packet too big (2). */
    public static final int V6_PACKET_TOO_BIG = 2;
    /** ICMPv6 time exceeded (3). */
    public static final int V6_TIME_EXCEEDED = 3;
    /** ICMPv6 parameter problem (4). */
    public static final int V6_PARAMETER_PROBLEM = 4;
    /** ICMPv6 echo request (128). */
    public static final int V6_ECHO_REQUEST = 128;
    /** ICMPv6 echo reply (129). */
    public static final int V6_ECHO_REPLY = 129;
    /** ICMPv6 neighbor solicitation (135). */
    public static final int V6_NEIGHBOR_SOLICITATION = 135;
    /** ICMPv6 neighbor advertisement (136). */
    public static final int V6_NEIGHBOR_ADVERTISEMENT = 136;

    private MemorySegment segment;
    private long offset;

    /** Creates an unwrapped flyweight: call {@link #wrap} before any other method. */
    public IcmpHeader() {
    }

    /**
     * Tells whether a type is an error message that embeds the offending packet.
     *
     * @param family {@link AddressFamily#IPV4} for ICMP, {@link AddressFamily#IPV6} for ICMPv6
     * @param type the type field
     * @return for ICMPv4 true for types 3, 4, 5, 11 and 12; for ICMPv6 true for types 0..127
     */
    public static boolean isError(int family, int type) {
        if (family == AddressFamily.IPV6) {
            return type >= 0 && type < 128;
        }
        return type == V4_DESTINATION_UNREACHABLE || type == V4_SOURCE_QUENCH || type == V4_REDIRECT
                || type == V4_TIME_EXCEEDED || type == V4_PARAMETER_PROBLEM;
    }

    /**
     * Points this flyweight at a header.
     *
     * @param segment the memory holding the packet
     * @param offset the byte offset of the type
     * @return this
     */
    public IcmpHeader wrap(MemorySegment segment, long offset) {
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

    /** {@return the type, 0..255} */
    public int type() {
        return BigEndian.getUnsignedByte(segment, offset + TYPE_OFFSET);
    }

    /**
     * Sets the type.
     *
     * @param type 0..255
     * @return this
     */
    public IcmpHeader type(int type) {
        BigEndian.putByte(segment, offset + TYPE_OFFSET, type);
        return this;
    }

    /** {@return the code, 0..255} */
    public int code() {
        return BigEndian.getUnsignedByte(segment, offset + CODE_OFFSET);
    }

    /**
     * Sets the code.
     *
     * @param code 0..255
     * @return this
     */
    public IcmpHeader code(int code) {
        BigEndian.putByte(segment, offset + CODE_OFFSET, code);
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
    public IcmpHeader checksum(int checksum) {
        BigEndian.putShort(segment, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /** {@return the four type-specific bytes as one word} */
    public int restOfHeader() {
        return BigEndian.getInt(segment, offset + REST_OF_HEADER_OFFSET);
    }

    /**
     * Sets the four type-specific bytes.
     *
     * @param word the word
     * @return this
     */
    public IcmpHeader restOfHeader(int word) {
        BigEndian.putInt(segment, offset + REST_OF_HEADER_OFFSET, word);
        return this;
    }

    /** {@return the echo identifier, 0..65535} */
    public int identifier() {
        return BigEndian.getUnsignedShort(segment, offset + IDENTIFIER_OFFSET);
    }

    /**
     * Sets the echo identifier.
     *
     * @param identifier 0..65535
     * @return this
     */
    public IcmpHeader identifier(int identifier) {
        BigEndian.putShort(segment, offset + IDENTIFIER_OFFSET, identifier);
        return this;
    }

    /** {@return the echo sequence number, 0..65535} */
    public int sequenceNumber() {
        return BigEndian.getUnsignedShort(segment, offset + SEQUENCE_NUMBER_OFFSET);
    }

    /**
     * Sets the echo sequence number.
     *
     * @param sequence 0..65535
     * @return this
     */
    public IcmpHeader sequenceNumber(int sequence) {
        BigEndian.putShort(segment, offset + SEQUENCE_NUMBER_OFFSET, sequence);
        return this;
    }

    /** {@return the next-hop MTU in bytes of an ICMPv4 "fragmentation needed", 0..65535} */
    public int nextHopMtu() {
        return BigEndian.getUnsignedShort(segment, offset + NEXT_HOP_MTU_OFFSET);
    }

    /**
     * Sets the next-hop MTU of an ICMPv4 "fragmentation needed".
     *
     * @param mtu in bytes
     * @return this
     */
    public IcmpHeader nextHopMtu(int mtu) {
        BigEndian.putShort(segment, offset + NEXT_HOP_MTU_OFFSET, mtu);
        return this;
    }

    /** {@return the MTU in bytes of an ICMPv6 "packet too big" (unsigned 32 bits)} */
    public long mtu() {
        return BigEndian.getInt(segment, offset + MTU_OFFSET) & 0xFFFF_FFFFL;
    }

    /**
     * Sets the MTU of an ICMPv6 "packet too big".
     *
     * @param mtu in bytes
     * @return this
     */
    public IcmpHeader mtu(long mtu) {
        BigEndian.putInt(segment, offset + MTU_OFFSET, (int) mtu);
        return this;
    }

    /** {@return the byte offset of the embedded packet (or echo data) within the segment} */
    public long embeddedPacketOffset() {
        return offset + EMBEDDED_PACKET_OFFSET;
    }
}
