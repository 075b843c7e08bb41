package io.jvs.engine.packet;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.lang.foreign.MemorySegment;

/**
 * The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit
 * words, computed in full over a range, with the IPv4 and IPv6 pseudo-headers of TCP, UDP and
 * ICMPv6, and incrementally (RFC 1624, equation 3: {@code HC' = ~(~HC + ~m + m')}) after a field
 * is rewritten.
 *
 * <p>Partial sums are {@code long}s that have not been folded; add them together freely (up to
 * 2<sup>31</sup> bytes in all) and finish with {@link #finish(long)}. All methods are static,
 * allocation-free, and read only inside the ranges they are given.
 *
 * <p>UDP: a transmitted checksum of zero means "no checksum" over IPv4 (and is invalid over
 * IPv6), so a computed zero is sent as 0xFFFF, its ones' complement twin; the {@code *Udp}
 * adjusters keep an absent IPv4 checksum absent.
 */
public final class InternetChecksum {
    /** Offset of the checksum field in a TCP header. */
    public static final int TCP_CHECKSUM_OFFSET = 16;
    /** Offset of the checksum field in a UDP header. */
    public static final int UDP_CHECKSUM_OFFSET = 6;
    /** Offset of the checksum field in an ICMP or ICMPv6 header. */
    public static final int ICMP_CHECKSUM_OFFSET = 2;

    private InternetChecksum() {
    }

    /**
     * Adds up a range as 16-bit big-endian words; an odd last byte counts as the high byte of a
     * word whose low byte is zero.
     *
     * @param segment the memory
     * @param offset the byte offset of the first byte (word boundaries are counted from here)
     * @param length the number of bytes, &gt;= 0
     * @return the unfolded sum, &gt;= 0
     */
    public static long sum(MemorySegment segment, long offset, int length) {
        long acc = 0;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long v = segment.get(BigEndian.LONG, offset + i);
            acc += (v >>> 32) + (v & 0xFFFF_FFFFL);
        }
        if (i + 4 <= length) {
            acc += segment.get(BigEndian.INT, offset + i) & 0xFFFF_FFFFL;
            i += 4;
        }
        if (i + 2 <= length) {
            acc += segment.get(BigEndian.SHORT, offset + i) & 0xFFFF;
            i += 2;
        }
        if (i < length) {
            acc += (segment.get(BigEndian.BYTE, offset + i) & 0xFF) << 8;
        }
        return acc;
    }

    /**
     * Folds a sum to 16 bits with end-around carry.
     *
     * @param sum an unfolded sum, &gt;= 0
     * @return the ones' complement sum, 0..0xFFFF
     */
    public static int fold(long sum) {
        // Four end-around-carry additions take any non-negative long to 16 bits without a loop:
        // below 2^33 after the first, at most 2^32 after the second, 0x1FFFE after the third, 0xFFFF after
        // the fourth; a positive sum never folds to 0.
        long s = (sum & 0xFFFF_FFFFL) + (sum >>> 32);
        s = (s & 0xFFFF_FFFFL) + (s >>> 32);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int) s;
    }

    /**
     * Turns a sum into a checksum: folded and complemented.
     *
     * @param sum an unfolded sum, &gt;= 0
     * @return the checksum, 0..0xFFFF
     */
    public static int finish(long sum) {
        return ~fold(sum) & 0xFFFF;
    }

    /**
     * Computes the checksum of a range.
     *
     * @param segment the memory
     * @param offset the byte offset of the first byte
     * @param length the number of bytes
     * @return the checksum, 0..0xFFFF
     */
    public static int checksum(MemorySegment segment, long offset, int length) {
        return finish(sum(segment, offset, length));
    }

    /**
     * Sums the IPv4 pseudo-header of a transport segment: the addresses are read from the IPv4
     * header.
     *
     * @param segment the memory
     * @param ipv4Offset the byte offset of the IPv4 header
     * @param protocol the transport protocol
     * @param transportLength the length of transport header and payload in bytes
     * @return the unfolded sum
     */
    public static long ipv4PseudoHeaderSum(
            MemorySegment segment, long ipv4Offset, int protocol, int transportLength) {
        return sum(segment, ipv4Offset + Ipv4Header.SOURCE_ADDRESS_OFFSET, 8)
                + protocol + (transportLength & 0xFFFF);
    }

    /**
     * Sums an IPv4 pseudo-header given as values.
     *
     * @param source the source address
     * @param destination the destination address
     * @param protocol the transport protocol
     * @param transportLength the length of transport header and payload in bytes
     * @return the unfolded sum
     */
    public static long ipv4PseudoHeaderSum(int source, int destination, int protocol, int transportLength) {
        return (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF)
                + protocol + (transportLength & 0xFFFF);
    }

    /**
     * Sums the IPv6 pseudo-header (RFC 8200 section 8.1) of an upper-layer packet: the addresses are
     * read from the fixed IPv6 header. With a routing header that has segments left, the
     * pseudo-header's destination is the final one, which this method does not look for.
     *
     * @param segment the memory
     * @param ipv6Offset the byte offset of the IPv6 header
     * @param protocol the upper-layer protocol
     * @param upperLayerLength the length of the upper-layer header and payload in bytes
     * @return the unfolded sum
     */
    public static long ipv6PseudoHeaderSum(
            MemorySegment segment, long ipv6Offset, int protocol, int upperLayerLength) {
        return sum(segment, ipv6Offset + Ipv6Header.SOURCE_ADDRESS_OFFSET, 32)
                + (upperLayerLength >>> 16) + (upperLayerLength & 0xFFFF) + protocol;
    }

    /**
     * Computes the IPv4 header checksum over the IHL words of the header, the checksum field counted
     * as zero.
     *
     * @param segment the memory
     * @param ipv4Offset the byte offset of the IPv4 header
     * @return the value to store in the checksum field
     */
    public static int ipv4HeaderChecksum(MemorySegment segment, long ipv4Offset) {
        int length = (BigEndian.getUnsignedByte(segment, ipv4Offset) & 0x0F) << 2;
        return finish(sum(segment, ipv4Offset, Ipv4Header.CHECKSUM_OFFSET)
                + sum(segment, ipv4Offset + Ipv4Header.CHECKSUM_OFFSET + 2,
                        length - Ipv4Header.CHECKSUM_OFFSET - 2));
    }

    /**
     * Verifies an IPv4 header checksum: the sum over the IHL words, checksum included, is all ones.
     *
     * @param segment the memory
     * @param ipv4Offset the byte offset of the IPv4 header, IHL bytes readable
     * @return true when the checksum verifies; false also when IHL &lt; 5
     */
    public static boolean isIpv4HeaderChecksumValid(MemorySegment segment, long ipv4Offset) {
        int length = (BigEndian.getUnsignedByte(segment, ipv4Offset) & 0x0F) << 2;
        return length >= Ipv4Header.MIN_LENGTH && fold(sum(segment, ipv4Offset, length)) == 0xFFFF;
    }

    /**
     * Returns where a transport protocol keeps its checksum.
     *
     * @param protocol an IANA protocol number
     * @return the offset within the transport header, or -1 for a protocol this class does not cover
     */
    public static int checksumFieldOffset(int protocol) {
        return switch (protocol) {
            case IpProtocol.TCP -> TCP_CHECKSUM_OFFSET;
            case IpProtocol.UDP -> UDP_CHECKSUM_OFFSET;
            case IpProtocol.ICMP, IpProtocol.ICMPV6 -> ICMP_CHECKSUM_OFFSET;
            default -> -1;
        };
    }

    /**
     * Computes the checksum of a TCP, UDP, ICMP or ICMPv6 message from scratch, its checksum field
     * counted as zero, with the pseudo-header of the family (none for ICMP over IPv4). A UDP result of
     * zero is returned as 0xFFFF.
     *
     * @param segment the memory
     * @param l3Offset the byte offset of the IP header (addresses for the pseudo-header)
     * @param family {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @param protocol {@link IpProtocol#TCP}, {@link IpProtocol#UDP}, {@link IpProtocol#ICMP} or
     *     {@link IpProtocol#ICMPV6}
     * @param l4Offset the byte offset of the transport header
     * @param l4Length the length of transport header and payload in bytes
     * @return the value to store, or -1 when the protocol is not covered or the message is shorter
     *     than its checksum field
     */
    public static int transportChecksum(
            MemorySegment segment, long l3Offset, int family, int protocol, long l4Offset, int l4Length) {
        int field = checksumFieldOffset(protocol);
        if (field < 0 || l4Length < field + 2) {
            return -1;
        }
        long s = sum(segment, l4Offset, field) + sum(segment, l4Offset + field + 2, l4Length - field - 2);
        if (family == AddressFamily.IPV6) {
            s += ipv6PseudoHeaderSum(segment, l3Offset, protocol, l4Length);
        } else if (protocol != IpProtocol.ICMP) {
            s += ipv4PseudoHeaderSum(segment, l3Offset, protocol, l4Length);
        }
        int c = finish(s);
        return (c == 0 && protocol == IpProtocol.UDP) ? 0xFFFF : c;
    }

    /**
     * Computes and stores the checksum of a transport message, as {@link #transportChecksum}.
     *
     * @param segment the memory
     * @param l3Offset the byte offset of the IP header
     * @param family {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @param protocol TCP, UDP, ICMP or ICMPv6
     * @param l4Offset the byte offset of the transport header
     * @param l4Length the length of transport header and payload in bytes
     * @return true when stored, false when the protocol is not covered or the message too short
     */
    public static boolean updateTransportChecksum(
            MemorySegment segment, long l3Offset, int family, int protocol, long l4Offset, int l4Length) {
        int c = transportChecksum(segment, l3Offset, family, protocol, l4Offset, l4Length);
        if (c < 0) {
            return false;
        }
        BigEndian.putShort(segment, l4Offset + checksumFieldOffset(protocol), c);
        return true;
    }

    /**
     * Verifies the checksum of a transport message: the sum over pseudo-header and message, checksum
     * included, is all ones. A UDP checksum of zero over IPv4 ("none") is valid.
     *
     * @param segment the memory
     * @param l3Offset the byte offset of the IP header
     * @param family {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @param protocol TCP, UDP, ICMP or ICMPv6
     * @param l4Offset the byte offset of the transport header
     * @param l4Length the length of transport header and payload in bytes
     * @return true when it verifies; false when it does not, the protocol is not covered or the
     *     message is shorter than its checksum field
     */
    public static boolean isTransportChecksumValid(
            MemorySegment segment, long l3Offset, int family, int protocol, long l4Offset, int l4Length) {
        int field = checksumFieldOffset(protocol);
        if (field < 0 || l4Length < field + 2) {
            return false;
        }
        if (protocol == IpProtocol.UDP && family == AddressFamily.IPV4
                && BigEndian.getUnsignedShort(segment, l4Offset + field) == 0) {
            return true;
        }
        long s = sum(segment, l4Offset, l4Length);
        if (family == AddressFamily.IPV6) {
            s += ipv6PseudoHeaderSum(segment, l3Offset, protocol, l4Length);
        } else if (protocol != IpProtocol.ICMP) {
            s += ipv4PseudoHeaderSum(segment, l3Offset, protocol, l4Length);
        }
        return fold(s) == 0xFFFF;
    }

    /**
     * Adjusts a checksum after a 16-bit field changed (RFC 1624 equation 3).
     *
     * @param checksum the stored checksum, 0..0xFFFF
     * @param oldValue the field's old value, 0..0xFFFF
     * @param newValue the field's new value, 0..0xFFFF
     * @return the new checksum, 0..0xFFFF
     */
    public static int adjust16(int checksum, int oldValue, int newValue) {
        long s = (~checksum & 0xFFFF) + (~oldValue & 0xFFFF) + (newValue & 0xFFFF);
        return finish(s);
    }

    /**
     * Adjusts a checksum after a 32-bit field (an IPv4 address) changed.
     *
     * @param checksum the stored checksum, 0..0xFFFF
     * @param oldValue the field's old value
     * @param newValue the field's new value
     * @return the new checksum, 0..0xFFFF
     */
    public static int adjust32(int checksum, int oldValue, int newValue) {
        long s = (~checksum & 0xFFFF)
                + (~oldValue >>> 16) + (~oldValue & 0xFFFF)
                + (newValue >>> 16) + (newValue & 0xFFFF);
        return finish(s);
    }

    /**
     * Adjusts a checksum after a 128-bit field (an IPv6 address) changed; words as {@link
     * Ipv6Address}.
     *
     * @param checksum the stored checksum, 0..0xFFFF
     * @param old0 old word 0
     * @param old1 old word 1
     * @param old2 old word 2
     * @param old3 old word 3
     * @param new0 new word 0
     * @param new1 new word 1
     * @param new2 new word 2
     * @param new3 new word 3
     * @return the new checksum, 0..0xFFFF
     */
    public static int adjust128(int checksum, int old0, int old1, int old2, int old3,
            int new0, int new1, int new2, int new3) {
        long s = (~checksum & 0xFFFF)
                + complementWords(old0) + complementWords(old1) + complementWords(old2) + complementWords(old3)
                + words(new0) + words(new1) + words(new2) + words(new3);
        return finish(s);
    }

    /**
     * Adjusts a UDP checksum after a 16-bit field changed: an absent checksum (0, IPv4 only) stays
     * absent, and a result of zero is stored as 0xFFFF.
     *
     * @param checksum the stored checksum, 0..0xFFFF
     * @param oldValue the field's old value
     * @param newValue the field's new value
     * @return the new checksum
     */
    public static int adjustUdp16(int checksum, int oldValue, int newValue) {
        return checksum == 0 ? 0 : nonZero(adjust16(checksum, oldValue, newValue));
    }

    /**
     * Adjusts a UDP checksum after a 32-bit field changed, as {@link #adjustUdp16}.
     *
     * @param checksum the stored checksum, 0..0xFFFF
     * @param oldValue the field's old value
     * @param newValue the field's new value
     * @return the new checksum
     */
    public static int adjustUdp32(int checksum, int oldValue, int newValue) {
        return checksum == 0 ? 0 : nonZero(adjust32(checksum, oldValue, newValue));
    }

    /**
     * Adjusts a UDP checksum after a 128-bit field changed, as {@link #adjustUdp16}. (Over IPv6 a
     * UDP checksum is mandatory, so a stored zero is already invalid and is left alone.)
     *
     * @param checksum the stored checksum, 0..0xFFFF
     * @param old0 old word 0
     * @param old1 old word 1
     * @param old2 old word 2
     * @param old3 old word 3
     * @param new0 new word 0
     * @param new1 new word 1
     * @param new2 new word 2
     * @param new3 new word 3
     * @return the new checksum
     */
    public static int adjustUdp128(int checksum, int old0, int old1, int old2, int old3,
            int new0, int new1, int new2, int new3) {
        return checksum == 0
                ? 0
                : nonZero(adjust128(checksum, old0, old1, old2, old3, new0, new1, new2, new3));
    }

    private static int nonZero(int checksum) {
        return checksum == 0 ? 0xFFFF : checksum;
    }

    private static long words(int value) {
        return (value >>> 16) + (value & 0xFFFF);
    }

    private static long complementWords(int value) {
        return words(~value);
    }
}
