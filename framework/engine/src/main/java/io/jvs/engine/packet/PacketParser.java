package io.jvs.engine.packet;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.lang.foreign.MemorySegment;

/**
 * Parses Ethernet frames (or bare IP packets) into a {@link ParsedPacket}, checking every bound
 * before it reads: any input, however short or malformed, yields a {@link ParseResult} code and
 * never an exception. Allocation-free, lock-free and stateless; all state is in the {@code out}
 * object, one per worker.
 *
 * <p>What is checked, in order (the first failure is returned): the buffer bounds; the Ethernet
 * header and up to two VLAN tags; the EtherType; for IPv4 the header length, version, IHL, total
 * length (against IHL and the frame), header checksum and fragment sanity; for IPv6 the header
 * length, version, payload length (against the frame), the extension header chain (bounded, see
 * {@link Ipv6ExtensionWalker}) and fragment sanity; the transport header within the IP payload
 * (TCP data offset, UDP length). Transport checksums are not verified here (see {@link
 * InternetChecksum#isTransportChecksumValid}). For an ICMP or ICMPv6 error, the quoted packet is
 * read as far as it is present; a missing or unusable quote does not make the result an error.
 */
public final class PacketParser {
    /** Most VLAN tags crossed (802.1ad outer + 802.1Q inner). */
    public static final int MAX_VLAN_TAGS = 2;

    private static final int SCTP_COMMON_HEADER_LENGTH = 12;

    private PacketParser() {
    }

    /**
     * Parses an Ethernet frame.
     *
     * @param segment the memory holding the frame (heap or native)
     * @param offset the byte offset of the first byte of the frame
     * @param length the frame length in bytes, without FCS; trailing padding is allowed
     * @param out where the results go; overwritten
     * @return {@link ParseResult#OK}, {@link ParseResult#ARP} or the code of the first problem found
     */
    public static int parse(MemorySegment segment, long offset, int length, ParsedPacket out) {
        out.reset(segment, offset, length);
        if (segment == null || offset < 0 || length < 0 || offset > segment.byteSize() - length) {
            return ParseResult.BAD_BUFFER;
        }
        long end = offset + length;
        if (length < EthernetHeader.LENGTH) {
            return ParseResult.TRUNCATED_L2;
        }
        int type = BigEndian.getUnsignedShort(segment, offset + EthernetHeader.ETHER_TYPE_OFFSET);
        long position = offset + EthernetHeader.LENGTH;
        if (EtherType.isVlanTag(type)) {
            int result = parseVlanTags(segment, position, end, type, out);
            if (result != ParseResult.OK) {
                return result;
            }
            type = out.etherType;
            position = out.l3Offset;
        }
        out.etherType = type;
        out.l3Offset = position;
        return switch (type) {
            case EtherType.IPV4 -> parseIpv4(segment, position, end, out);
            case EtherType.IPV6 -> parseIpv6(segment, position, end, out);
            case EtherType.ARP -> position + ArpPacket.LENGTH > end ? ParseResult.TRUNCATED_L3 : ParseResult.ARP;
            default -> ParseResult.NOT_IP;
        };
    }

    /**
     * Crosses up to {@value #MAX_VLAN_TAGS} VLAN tags starting at {@code position}; on success sets the
     * inner EtherType and the offset after the tags in {@code out} (as {@code etherType} and
     * {@code l3Offset}) and returns {@link ParseResult#OK}.
     */
    private static int parseVlanTags(MemorySegment segment, long position, long end, int type, ParsedPacket out) {
        int tags = 0;
        while (EtherType.isVlanTag(type)) {
            if (tags == MAX_VLAN_TAGS) {
                return ParseResult.TOO_MANY_VLAN_TAGS;
            }
            if (position + VlanTag.LENGTH > end) {
                return ParseResult.TRUNCATED_L2;
            }
            int vid = BigEndian.getUnsignedShort(segment, position) & VlanTag.MAX_VLAN_ID;
            out.hasExtraFields = true;
            if (tags == 0) {
                out.vlanId = vid;
            } else {
                out.innerVlanId = vid;
            }
            type = BigEndian.getUnsignedShort(segment, position + 2);
            position += VlanTag.LENGTH;
            tags++;
        }
        out.etherType = type;
        out.l3Offset = position;
        return ParseResult.OK;
    }

    /**
     * Parses a bare IP packet (no link-layer header, as from a tun device, a pcap of link type RAW, or
     * the inner packet of a tunnel). The family comes from the version nibble; {@link
     * ParsedPacket#etherType()} is set to match it.
     *
     * @param segment the memory holding the packet
     * @param offset the byte offset of the IP header
     * @param length the length in bytes
     * @param out where the results go; overwritten
     * @return {@link ParseResult#OK} or the code of the first problem found ({@link
     *     ParseResult#BAD_IP_VERSION} for a version other than 4 and 6)
     */
    public static int parseIp(MemorySegment segment, long offset, int length, ParsedPacket out) {
        out.reset(segment, offset, length);
        if (segment == null || offset < 0 || length < 0 || offset > segment.byteSize() - length) {
            return ParseResult.BAD_BUFFER;
        }
        if (length < 1) {
            return ParseResult.TRUNCATED_L3;
        }
        long end = offset + length;
        out.l3Offset = offset;
        int version = BigEndian.getUnsignedByte(segment, offset) >>> 4;
        if (version == AddressFamily.IPV4) {
            out.etherType = EtherType.IPV4;
            return parseIpv4(segment, offset, end, out);
        }
        if (version == AddressFamily.IPV6) {
            out.etherType = EtherType.IPV6;
            return parseIpv6(segment, offset, end, out);
        }
        return ParseResult.BAD_IP_VERSION;
    }

    /**
     * Parses an IPv4 header. Its fixed 20 bytes are read with three loads (two longs and an int) and
     * the fields are taken from those words, which also give the header checksum's sum; options,
     * when present, are summed from memory.
     *
     * <pre>
     *  first  (bytes 0..7):   version/IHL | TOS | total length | identification | flags/fragment offset
     *  second (bytes 8..15):  TTL | protocol | header checksum | source address
     *  third  (bytes 16..19): destination address
     * </pre>
     */
    private static int parseIpv4(MemorySegment segment, long l3, long end, ParsedPacket out) {
        long available = end - l3;
        if (available < Ipv4Header.MIN_LENGTH) {
            return ParseResult.TRUNCATED_L3;
        }
        long first = BigEndian.getLong(segment, l3);
        long second = BigEndian.getLong(segment, l3 + Ipv4Header.TTL_OFFSET);
        int third = BigEndian.getInt(segment, l3 + Ipv4Header.DESTINATION_ADDRESS_OFFSET);
        int versionIhl = (int) (first >>> 56);
        if ((versionIhl >>> 4) != AddressFamily.IPV4) {
            return ParseResult.BAD_IP_VERSION;
        }
        int headerLength = (versionIhl & 0x0F) << 2;
        if (headerLength < Ipv4Header.MIN_LENGTH) {
            return ParseResult.BAD_IPV4_HEADER_LENGTH;
        }
        int totalLength = (int) (first >>> 32) & 0xFFFF;
        if (totalLength < Ipv4Header.MIN_LENGTH) {
            return ParseResult.BAD_IP_TOTAL_LENGTH;
        }
        if (headerLength > totalLength) {
            return ParseResult.BAD_IPV4_HEADER_LENGTH;
        }
        if (totalLength > available) {
            return ParseResult.TRUNCATED_L3;
        }
        if (!isIpv4ChecksumValid(segment, l3, headerLength, first, second, third)) {
            return ParseResult.BAD_IPV4_HEADER_CHECKSUM;
        }
        out.family = AddressFamily.IPV4;
        out.ipHeaderLength = headerLength;
        out.ipPacketLength = totalLength;
        out.identification = (int) (first >>> 16) & 0xFFFF;
        out.ttl = (int) (second >>> 56);
        out.protocol = (int) (second >>> 48) & 0xFF;
        out.s0 = (int) second;
        out.d0 = third;
        int flags = (int) first & 0xFFFF;
        if ((flags & (Ipv4Header.FLAG_MORE_FRAGMENTS | Ipv4Header.FRAGMENT_OFFSET_MASK)) != 0
                && !isValidIpv4Fragment(flags, headerLength, totalLength, out)) {
            return ParseResult.BAD_FRAGMENT;
        }
        return parseTransport(segment, l3 + headerLength, l3 + totalLength, out);
    }

    /** Checks the IPv4 header checksum from the header's first 20 bytes, read by the caller, and its options. */
    private static boolean isIpv4ChecksumValid(MemorySegment segment, long l3, int headerLength, long first,
            long second, int third) {
        long sum = (first >>> 32) + (first & 0xFFFF_FFFFL) + (second >>> 32) + (second & 0xFFFF_FFFFL)
                + (third & 0xFFFF_FFFFL);
        if (headerLength > Ipv4Header.MIN_LENGTH) {
            sum += InternetChecksum.sum(segment, l3 + Ipv4Header.MIN_LENGTH, headerLength - Ipv4Header.MIN_LENGTH);
        }
        return InternetChecksum.fold(sum) == 0xFFFF;
    }

    /** Records the fragment fields of an IPv4 fragment and checks its length and offset. */
    private static boolean isValidIpv4Fragment(int flags, int headerLength, int totalLength, ParsedPacket out) {
        int fragmentOffset = (flags & Ipv4Header.FRAGMENT_OFFSET_MASK) << 3;
        boolean more = (flags & Ipv4Header.FLAG_MORE_FRAGMENTS) != 0;
        out.hasExtraFields = true;
        out.fragmentOffset = fragmentOffset;
        out.moreFragments = more;
        out.fragment = true;
        out.firstFragment = fragmentOffset == 0;
        int dataLength = totalLength - headerLength;
        return !((more && (dataLength & 7) != 0) || headerLength + fragmentOffset + dataLength > 0xFFFF);
    }

    private static int parseIpv6(MemorySegment segment, long l3, long end, ParsedPacket out) {
        if (end - l3 < Ipv6Header.LENGTH) {
            return ParseResult.TRUNCATED_L3;
        }
        if ((BigEndian.getUnsignedByte(segment, l3) >>> 4) != AddressFamily.IPV6) {
            return ParseResult.BAD_IP_VERSION;
        }
        int packetLength = Ipv6Header.LENGTH
                + BigEndian.getUnsignedShort(segment, l3 + Ipv6Header.PAYLOAD_LENGTH_OFFSET);
        if (packetLength > end - l3) {
            return ParseResult.TRUNCATED_L3;
        }
        long ipEnd = l3 + packetLength;
        out.hasExtraFields = true;
        out.family = AddressFamily.IPV6;
        out.ipPacketLength = packetLength;
        out.ttl = BigEndian.getUnsignedByte(segment, l3 + Ipv6Header.HOP_LIMIT_OFFSET);
        long a = l3 + Ipv6Header.SOURCE_ADDRESS_OFFSET;
        out.s0 = BigEndian.getInt(segment, a);
        out.s1 = BigEndian.getInt(segment, a + 4);
        out.s2 = BigEndian.getInt(segment, a + 8);
        out.s3 = BigEndian.getInt(segment, a + 12);
        out.d0 = BigEndian.getInt(segment, a + 16);
        out.d1 = BigEndian.getInt(segment, a + 20);
        out.d2 = BigEndian.getInt(segment, a + 24);
        out.d3 = BigEndian.getInt(segment, a + 28);
        Ipv6ExtensionWalker walker = out.walker;
        int result = walker.walk(segment, l3, ipEnd);
        out.protocol = walker.protocol();
        if (result != ParseResult.OK) {
            return result;
        }
        long upper = walker.upperLayerOffset();
        out.ipHeaderLength = (int) (upper - l3);
        long fragmentHeader = walker.fragmentHeaderOffset();
        if (fragmentHeader >= 0) {
            out.identification = walker.identification();
            out.fragmentOffset = walker.fragmentOffset();
            out.moreFragments = walker.moreFragments();
            if (walker.isFragment()) {
                out.fragment = true;
                out.firstFragment = walker.fragmentOffset() == 0;
                long dataLength = ipEnd - fragmentHeader - Ipv6ExtensionWalker.FRAGMENT_HEADER_LENGTH;
                if ((walker.moreFragments() && (dataLength & 7) != 0)
                        || walker.fragmentOffset() + dataLength > 0xFFFF) {
                    return ParseResult.BAD_FRAGMENT;
                }
            }
        }
        return parseTransport(segment, upper, ipEnd, out);
    }

    // The transport parsers are small methods of their own so that the compiler inlines the common
    // ones (TCP, UDP) into parse().

    private static int parseTransport(MemorySegment segment, long l4, long ipEnd, ParsedPacket out) {
        int available = (int) (ipEnd - l4);
        if (out.fragment && !out.firstFragment) {
            out.payloadOffset = l4;
            out.payloadLength = available;
            return ParseResult.OK;
        }
        out.l4Offset = l4;
        return switch (out.protocol) {
            case IpProtocol.TCP -> parseTcp(segment, l4, available, out);
            case IpProtocol.UDP -> parseUdp(segment, l4, available, out);
            case IpProtocol.SCTP -> parseSctp(segment, l4, available, out);
            case IpProtocol.ICMP, IpProtocol.ICMPV6 -> parseIcmp(segment, l4, available, ipEnd, out);
            default -> {
                out.payloadOffset = l4;
                out.payloadLength = available;
                yield ParseResult.OK;
            }
        };
    }

    /** Reads a TCP header with two loads: ports and sequence number; acknowledgment, offset, flags, window. */
    private static int parseTcp(MemorySegment segment, long l4, int available, ParsedPacket out) {
        if (available < TcpHeader.MIN_LENGTH) {
            return ParseResult.TRUNCATED_L4;
        }
        long ports = BigEndian.getLong(segment, l4);
        long control = BigEndian.getLong(segment, l4 + TcpHeader.ACKNOWLEDGMENT_NUMBER_OFFSET);
        int headerLength = ((int) (control >>> 28) & 0x0F) << 2;
        if (headerLength < TcpHeader.MIN_LENGTH || headerLength > available) {
            return ParseResult.BAD_TCP_DATA_OFFSET;
        }
        out.sourcePort = (int) (ports >>> 48);
        out.destinationPort = (int) (ports >>> 32) & 0xFFFF;
        out.tcpSequence = (int) ports;
        out.tcpAcknowledgment = (int) (control >>> 32);
        out.tcpFlags = (int) (control >>> 16) & 0xFF;
        out.tcpHeaderLength = headerLength;
        out.payloadOffset = l4 + headerLength;
        out.payloadLength = available - headerLength;
        return ParseResult.OK;
    }

    /** Reads a UDP header with one load: source port, destination port, length, checksum. */
    private static int parseUdp(MemorySegment segment, long l4, int available, ParsedPacket out) {
        if (available < UdpHeader.LENGTH) {
            return ParseResult.TRUNCATED_L4;
        }
        long header = BigEndian.getLong(segment, l4);
        int udpLength = (int) (header >>> 16) & 0xFFFF;
        if (udpLength < UdpHeader.LENGTH || (!out.fragment && udpLength > available)) {
            return ParseResult.BAD_UDP_LENGTH;
        }
        out.sourcePort = (int) (header >>> 48);
        out.destinationPort = (int) (header >>> 32) & 0xFFFF;
        out.payloadOffset = l4 + UdpHeader.LENGTH;
        out.payloadLength = (out.fragment ? available : udpLength) - UdpHeader.LENGTH;
        return ParseResult.OK;
    }

    private static int parseSctp(MemorySegment segment, long l4, int available, ParsedPacket out) {
        if (available < SCTP_COMMON_HEADER_LENGTH) {
            return ParseResult.TRUNCATED_L4;
        }
        out.sourcePort = BigEndian.getUnsignedShort(segment, l4);
        out.destinationPort = BigEndian.getUnsignedShort(segment, l4 + 2);
        out.payloadOffset = l4 + SCTP_COMMON_HEADER_LENGTH;
        out.payloadLength = available - SCTP_COMMON_HEADER_LENGTH;
        return ParseResult.OK;
    }

    private static int parseIcmp(MemorySegment segment, long l4, int available, long ipEnd, ParsedPacket out) {
        boolean matchesFamily = (out.protocol == IpProtocol.ICMP) == (out.family == AddressFamily.IPV4);
        if (!matchesFamily) {
            out.payloadOffset = l4;
            out.payloadLength = available;
            return ParseResult.OK;
        }
        if (available < IcmpHeader.LENGTH) {
            return ParseResult.TRUNCATED_L4;
        }
        int type = BigEndian.getUnsignedByte(segment, l4 + IcmpHeader.TYPE_OFFSET);
        out.hasExtraFields = true;
        out.icmpType = type;
        out.icmpCode = BigEndian.getUnsignedByte(segment, l4 + IcmpHeader.CODE_OFFSET);
        out.payloadOffset = l4 + IcmpHeader.LENGTH;
        out.payloadLength = available - IcmpHeader.LENGTH;
        if (IcmpHeader.isError(out.family, type)) {
            out.icmpError = true;
            if (out.family == AddressFamily.IPV4) {
                parseEmbeddedIpv4(segment, l4 + IcmpHeader.EMBEDDED_PACKET_OFFSET, ipEnd, out);
            } else {
                parseEmbeddedIpv6(segment, l4 + IcmpHeader.EMBEDDED_PACKET_OFFSET, ipEnd, out);
            }
        }
        return ParseResult.OK;
    }

    private static void parseEmbeddedIpv4(MemorySegment segment, long l3, long end, ParsedPacket out) {
        long available = end - l3;
        if (available < Ipv4Header.MIN_LENGTH) {
            return;
        }
        int versionIhl = BigEndian.getUnsignedByte(segment, l3);
        int headerLength = (versionIhl & 0x0F) << 2;
        if ((versionIhl >>> 4) != AddressFamily.IPV4 || headerLength < Ipv4Header.MIN_LENGTH
                || headerLength > available) {
            return;
        }
        out.embeddedL3Offset = l3;
        out.embeddedFamily = AddressFamily.IPV4;
        out.embeddedProtocol = BigEndian.getUnsignedByte(segment, l3 + Ipv4Header.PROTOCOL_OFFSET);
        out.es0 = BigEndian.getInt(segment, l3 + Ipv4Header.SOURCE_ADDRESS_OFFSET);
        out.ed0 = BigEndian.getInt(segment, l3 + Ipv4Header.DESTINATION_ADDRESS_OFFSET);
        int flags = BigEndian.getUnsignedShort(segment, l3 + Ipv4Header.FLAGS_FRAGMENT_OFFSET_OFFSET);
        if ((flags & Ipv4Header.FRAGMENT_OFFSET_MASK) != 0) {
            return;
        }
        embeddedTransport(segment, l3 + headerLength, end, out);
    }

    private static void parseEmbeddedIpv6(MemorySegment segment, long l3, long end, ParsedPacket out) {
        if (end - l3 < Ipv6Header.LENGTH
                || (BigEndian.getUnsignedByte(segment, l3) >>> 4) != AddressFamily.IPV6) {
            return;
        }
        out.embeddedL3Offset = l3;
        out.embeddedFamily = AddressFamily.IPV6;
        long a = l3 + Ipv6Header.SOURCE_ADDRESS_OFFSET;
        out.es0 = BigEndian.getInt(segment, a);
        out.es1 = BigEndian.getInt(segment, a + 4);
        out.es2 = BigEndian.getInt(segment, a + 8);
        out.es3 = BigEndian.getInt(segment, a + 12);
        out.ed0 = BigEndian.getInt(segment, a + 16);
        out.ed1 = BigEndian.getInt(segment, a + 20);
        out.ed2 = BigEndian.getInt(segment, a + 24);
        out.ed3 = BigEndian.getInt(segment, a + 28);
        Ipv6ExtensionWalker walker = out.walker;
        if (walker.walk(segment, l3, end) != ParseResult.OK) {
            return;
        }
        out.embeddedProtocol = walker.protocol();
        if (walker.fragmentOffset() != 0) {
            return;
        }
        embeddedTransport(segment, walker.upperLayerOffset(), end, out);
    }

    private static void embeddedTransport(MemorySegment segment, long l4, long end, ParsedPacket out) {
        if (l4 >= end) {
            return;
        }
        out.embeddedL4Offset = l4;
        int protocol = out.embeddedProtocol;
        if (end - l4 >= 4
                && (protocol == IpProtocol.TCP || protocol == IpProtocol.UDP || protocol == IpProtocol.SCTP)) {
            out.embeddedSourcePort = BigEndian.getUnsignedShort(segment, l4);
            out.embeddedDestinationPort = BigEndian.getUnsignedShort(segment, l4 + 2);
            out.embeddedPortsPresent = true;
        }
    }
}
