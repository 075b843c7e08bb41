package io.jvs.engine.forward;

import io.jvs.engine.packet.BigEndian;
import io.jvs.engine.packet.InternetChecksum;
import io.jvs.engine.packet.Ipv4Header;
import io.jvs.engine.packet.Ipv6Header;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.lang.foreign.MemorySegment;

/**
 * Rewrites the addresses and ports of a forwarded packet in place, for NAT and FULLNAT, and
 * decrements its TTL (hop limit), as IPVS's {@code ip_vs_nat_xmit}, {@code tcp_dnat_handler} /
 * {@code tcp_snat_handler} (and the UDP ones) and {@code decrement_ttl} do. Every checksum stays
 * right through RFC 1624 incremental updates: the IPv4 header checksum, the TCP and UDP checksums
 * (pseudo-header addresses and ports) and the ICMPv6 checksum (pseudo-header addresses).
 *
 * <table>
 * <caption>Which call for which direction (C client, V virtual service, R real server, L local
 * address of jvs)</caption>
 * <tr><th>method</th><th>packet</th><th>call</th></tr>
 * <tr><td>NAT</td><td>C &rarr; V, sent on to R</td><td>{@link #rewriteDestination} (R, rport)</td></tr>
 * <tr><td>NAT</td><td>R &rarr; C, reply</td><td>{@link #rewriteSource} (V, vport)</td></tr>
 * <tr><td>FULLNAT</td><td>C &rarr; V, sent on as L &rarr; R</td>
 *     <td>{@link #rewriteSourceAndDestination} (L, lport, R, rport)</td></tr>
 * <tr><td>FULLNAT</td><td>R &rarr; L, sent on as V &rarr; C</td>
 *     <td>{@link #rewriteSourceAndDestination} (V, vport, C, cport)</td></tr>
 * <tr><td>DR, TUN</td><td>C &rarr; V</td><td>{@link #decrementTtl}</td></tr>
 * </table>
 *
 * <p>Addresses are passed as four {@code int} words in network order, as {@link ParsedPacket}
 * exposes them (IPv4 uses word 0; words 1..3 are ignored); the family is the packet's. Ports are
 * 0..65535.
 *
 * <p>Protocols: TCP and UDP (an IPv4 UDP checksum of 0, "none", stays 0; a computed 0 is sent as
 * 0xFFFF); SCTP only while its ports do not change (its CRC32c covers the ports but no
 * pseudo-header); ICMP over IPv4 and ICMPv6 over IPv6, which have no ports (the port arguments are
 * ignored; ICMPv6's checksum covers the pseudo-header, ICMPv4's does not). Anything else is {@link
 * ForwardResult#UNSUPPORTED}. ICMP errors are rewritten like any ICMP message here, quote
 * untouched: translate them with {@link IcmpErrorTranslator} instead.
 *
 * <p>Fragments: the first fragment carries the transport header, whose checksum covers the whole
 * datagram; an incremental update stays right for the datagram, so it gets the same treatment as
 * an unfragmented packet. A later fragment has no transport header: only its IP header changes and
 * the port arguments are ignored (IPv6 has no header checksum, so only the addresses change).
 *
 * <p>TTL: every rewrite also decrements the TTL (hop limit) by one, because jvs forwards the packet
 * like a router (IPVS does so since Linux 5.3). A packet whose TTL is 0 or 1 is left untouched and
 * {@link ForwardResult#TTL_EXCEEDED} is returned, so the pipeline drops it.
 *
 * <p>Only the layout of the {@link ParsedPacket} is used (offsets, family, protocol, fragment
 * state); the old addresses, ports, TTL and checksums are read from the packet bytes, so several
 * operations may follow one parse. Every method is static, allocation-free and never throws for a
 * packet that {@link io.jvs.engine.packet.PacketParser} accepted; any code other than {@link
 * ForwardResult#OK} leaves the packet unmodified.
 */
public final class AddressRewriter {
    private static final int IPV4_TTL_UNIT = 0x100;

    private AddressRewriter() {
    }

    /**
     * Rewrites the destination address and port (NAT toward the real server) and decrements the TTL.
     *
     * @param packet a parsed packet
     * @param a0 new destination address word 0
     * @param a1 word 1 (IPv6)
     * @param a2 word 2 (IPv6)
     * @param a3 word 3 (IPv6)
     * @param port the new destination port, 0..65535 (ignored without ports)
     * @return {@link ForwardResult#OK}, {@link ForwardResult#TTL_EXCEEDED} or {@link
     *     ForwardResult#UNSUPPORTED}
     */
    public static int rewriteDestination(ParsedPacket packet, int a0, int a1, int a2, int a3, int port) {
        if (isIpv4Tcp(packet)) {
            return rewriteIpv4TcpEndpoint(packet, false, a0, port);
        }
        return rewriteOneEndpoint(packet, false, a0, a1, a2, a3, port);
    }

    /**
     * Rewrites the source address and port (NAT reply toward the client: the source becomes the
     * virtual service) and decrements the TTL.
     *
     * @param packet a parsed packet
     * @param a0 new source address word 0
     * @param a1 word 1 (IPv6)
     * @param a2 word 2 (IPv6)
     * @param a3 word 3 (IPv6)
     * @param port the new source port, 0..65535 (ignored without ports)
     * @return {@link ForwardResult#OK}, {@link ForwardResult#TTL_EXCEEDED} or {@link
     *     ForwardResult#UNSUPPORTED}
     */
    public static int rewriteSource(ParsedPacket packet, int a0, int a1, int a2, int a3, int port) {
        if (isIpv4Tcp(packet)) {
            return rewriteIpv4TcpEndpoint(packet, true, a0, port);
        }
        return rewriteOneEndpoint(packet, true, a0, a1, a2, a3, port);
    }

    /**
     * Rewrites both endpoints (FULLNAT, either direction) and decrements the TTL.
     *
     * @param packet a parsed packet
     * @param s0 new source address word 0
     * @param s1 word 1 (IPv6)
     * @param s2 word 2 (IPv6)
     * @param s3 word 3 (IPv6)
     * @param sourcePort the new source port, 0..65535 (ignored without ports)
     * @param d0 new destination address word 0
     * @param d1 word 1 (IPv6)
     * @param d2 word 2 (IPv6)
     * @param d3 word 3 (IPv6)
     * @param destinationPort the new destination port, 0..65535 (ignored without ports)
     * @return {@link ForwardResult#OK}, {@link ForwardResult#TTL_EXCEEDED} or {@link
     *     ForwardResult#UNSUPPORTED}
     */
    public static int rewriteSourceAndDestination(ParsedPacket packet,
            int s0, int s1, int s2, int s3, int sourcePort,
            int d0, int d1, int d2, int d3, int destinationPort) {
        int check = checkRewrite(packet, true, sourcePort, true, destinationPort);
        if (check != ForwardResult.OK) {
            return check;
        }
        MemorySegment segment = packet.segment();
        int family = packet.family();
        long l3 = packet.l3Offset();
        decrementTtlUnchecked(segment, family, l3);
        rewriteEndpoint(segment, family, l3, packet.l4Offset(), packet.ipEndOffset(), packet.protocol(),
                true, s0, s1, s2, s3, sourcePort);
        rewriteEndpoint(segment, family, l3, packet.l4Offset(), packet.ipEndOffset(), packet.protocol(),
                false, d0, d1, d2, d3, destinationPort);
        return ForwardResult.OK;
    }

    /**
     * Decrements the TTL (hop limit) of a packet forwarded without address change (DR, TUN before
     * encapsulation), adjusting the IPv4 header checksum. Any protocol.
     *
     * @param packet a parsed packet
     * @return {@link ForwardResult#OK}, {@link ForwardResult#TTL_EXCEEDED} or {@link
     *     ForwardResult#UNSUPPORTED} (not IP)
     */
    public static int decrementTtl(ParsedPacket packet) {
        int family = packet.family();
        if (family != AddressFamily.IPV4 && family != AddressFamily.IPV6) {
            return ForwardResult.UNSUPPORTED;
        }
        if (ttl(packet.segment(), family, packet.l3Offset()) <= 1) {
            return ForwardResult.TTL_EXCEEDED;
        }
        decrementTtlUnchecked(packet.segment(), family, packet.l3Offset());
        return ForwardResult.OK;
    }

    private static int rewriteOneEndpoint(ParsedPacket packet, boolean source, int a0, int a1, int a2, int a3,
            int port) {
        int check = checkRewrite(packet, source, port, !source, port);
        if (check != ForwardResult.OK) {
            return check;
        }
        MemorySegment segment = packet.segment();
        decrementTtlUnchecked(segment, packet.family(), packet.l3Offset());
        rewriteEndpoint(segment, packet.family(), packet.l3Offset(), packet.l4Offset(), packet.ipEndOffset(),
                packet.protocol(), source, a0, a1, a2, a3, port);
        return ForwardResult.OK;
    }

    /** Tells whether a packet takes the IPv4 TCP shortcut: it has a whole TCP header (not a later fragment). */
    private static boolean isIpv4Tcp(ParsedPacket packet) {
        return packet.family() == AddressFamily.IPV4 && packet.protocol() == IpProtocol.TCP && packet.l4Offset() >= 0
                && packet.l4Offset() + InternetChecksum.TCP_CHECKSUM_OFFSET + 2 <= packet.ipEndOffset();
    }

    /**
     * The most common rewrite, IPv4 TCP (NAT in either direction), with fewer memory accesses and
     * checksum folds: the same bytes and checksums as {@link #decrementTtl} followed by
     * {@link #rewriteEndpoint}. TTL, protocol, header checksum and source address are read as one
     * long; TTL, protocol and header checksum are written back as one int. Each checksum takes all its
     * RFC 1624 changes in one sum and one fold, which gives the same value as one adjustment per field:
     * both are the complement of the ones' complement sum of the same terms, and a fold is 0 only for
     * a sum of 0.
     */
    private static int rewriteIpv4TcpEndpoint(ParsedPacket packet, boolean source, int address, int port) {
        MemorySegment segment = packet.segment();
        long l3 = packet.l3Offset();
        long l4 = packet.l4Offset();
        long ttlChecksumSource = BigEndian.getLong(segment, l3 + Ipv4Header.TTL_OFFSET);
        int ttlProtocol = (int) (ttlChecksumSource >>> 48);
        if ((ttlProtocol >>> 8) <= 1) {
            return ForwardResult.TTL_EXCEEDED;
        }
        int decremented = ttlProtocol - IPV4_TTL_UNIT;
        long addressAt = l3 + (source ? Ipv4Header.SOURCE_ADDRESS_OFFSET : Ipv4Header.DESTINATION_ADDRESS_OFFSET);
        int oldAddress = source ? (int) ttlChecksumSource : BigEndian.getInt(segment, addressAt);
        long portAt = l4 + (source ? 0 : 2);
        long checksumAt = l4 + InternetChecksum.TCP_CHECKSUM_OFFSET;
        int oldPort = BigEndian.getUnsignedShort(segment, portAt);
        int oldChecksum = BigEndian.getUnsignedShort(segment, checksumAt);
        int addressChange = (~oldAddress >>> 16) + (~oldAddress & 0xFFFF) + (address >>> 16) + (address & 0xFFFF);
        int headerChecksum = complementOfSmallSum((~(int) (ttlChecksumSource >>> 32) & 0xFFFF)
                + (~ttlProtocol & 0xFFFF) + decremented + addressChange);
        int checksum = complementOfSmallSum((~oldChecksum & 0xFFFF) + addressChange + (~oldPort & 0xFFFF)
                + (port & 0xFFFF));
        BigEndian.putInt(segment, l3 + Ipv4Header.TTL_OFFSET, decremented << 16 | headerChecksum);
        BigEndian.putInt(segment, addressAt, address);
        BigEndian.putShort(segment, portAt, port);
        BigEndian.putShort(segment, checksumAt, checksum);
        return ForwardResult.OK;
    }

    /** {@code ~fold(sum) & 0xFFFF} for a sum of at most eight 16-bit values (below 2^19): two folds are enough. */
    private static int complementOfSmallSum(int sum) {
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return ~sum & 0xFFFF;
    }

    private static int checkRewrite(ParsedPacket packet, boolean source, int sourcePort,
            boolean destination, int destinationPort) {
        int family = packet.family();
        if (family != AddressFamily.IPV4 && family != AddressFamily.IPV6) {
            return ForwardResult.UNSUPPORTED;
        }
        MemorySegment segment = packet.segment();
        long l4 = packet.l4Offset();
        switch (packet.protocol()) {
            case IpProtocol.TCP, IpProtocol.UDP -> {
            }
            case IpProtocol.ICMP -> {
                if (family != AddressFamily.IPV4) {
                    return ForwardResult.UNSUPPORTED;
                }
            }
            case IpProtocol.ICMPV6 -> {
                if (family != AddressFamily.IPV6) {
                    return ForwardResult.UNSUPPORTED;
                }
            }
            case IpProtocol.SCTP -> {
                boolean portChange = l4 >= 0
                        && ((source && BigEndian.getUnsignedShort(segment, l4) != sourcePort)
                        || (destination && BigEndian.getUnsignedShort(segment, l4 + 2) != destinationPort));
                if (portChange) {
                    return ForwardResult.UNSUPPORTED;
                }
            }
            default -> {
                return ForwardResult.UNSUPPORTED;
            }
        }
        if (ttl(segment, family, packet.l3Offset()) <= 1) {
            return ForwardResult.TTL_EXCEEDED;
        }
        return ForwardResult.OK;
    }

    /**
     * Reads the TTL or hop limit.
     *
     * @param segment the memory
     * @param family {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @param l3 the byte offset of the IP header
     * @return 0..255
     */
    static int ttl(MemorySegment segment, int family, long l3) {
        return family == AddressFamily.IPV4
                ? BigEndian.getUnsignedByte(segment, l3 + Ipv4Header.TTL_OFFSET)
                : BigEndian.getUnsignedByte(segment, l3 + Ipv6Header.HOP_LIMIT_OFFSET);
    }

    /**
     * Decrements the TTL or hop limit, which the caller checked is at least 2, adjusting the IPv4
     * header checksum.
     *
     * @param segment the memory
     * @param family {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @param l3 the byte offset of the IP header
     */
    static void decrementTtlUnchecked(MemorySegment segment, int family, long l3) {
        if (family == AddressFamily.IPV4) {
            long at = l3 + Ipv4Header.TTL_OFFSET;
            int word = BigEndian.getUnsignedShort(segment, at);
            int decremented = word - IPV4_TTL_UNIT;
            BigEndian.putShort(segment, at, decremented);
            long checksumAt = l3 + Ipv4Header.CHECKSUM_OFFSET;
            BigEndian.putShort(segment, checksumAt,
                    InternetChecksum.adjust16(BigEndian.getUnsignedShort(segment, checksumAt), word, decremented));
        } else {
            long at = l3 + Ipv6Header.HOP_LIMIT_OFFSET;
            BigEndian.putByte(segment, at, BigEndian.getUnsignedByte(segment, at) - 1);
        }
    }

    /**
     * Replaces one endpoint (address, and port where the protocol has ports) of an IP packet or of a
     * packet quoted in an ICMP error, adjusting the IPv4 header checksum and the transport checksum
     * (TCP, UDP, ICMPv6) incrementally. Fields at or beyond {@code end} are neither read nor written,
     * so a quote cut short keeps what it has.
     *
     * @param segment the memory
     * @param family {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @param l3 the byte offset of the IP header (its fixed part lies before {@code end})
     * @param l4 the byte offset of the transport header, or -1 to leave ports and transport checksum alone
     * @param end the byte offset just after the last byte that may be touched
     * @param protocol the transport protocol
     * @param source true for the source endpoint, false for the destination
     * @param w0 address word 0
     * @param w1 address word 1 (IPv6)
     * @param w2 address word 2 (IPv6)
     * @param w3 address word 3 (IPv6)
     * @param port the port, for TCP, UDP and SCTP
     */
    static void rewriteEndpoint(MemorySegment segment, int family, long l3, long l4, long end, int protocol,
            boolean source, int w0, int w1, int w2, int w3, int port) {
        int field = switch (protocol) {
            case IpProtocol.TCP -> InternetChecksum.TCP_CHECKSUM_OFFSET;
            case IpProtocol.UDP -> InternetChecksum.UDP_CHECKSUM_OFFSET;
            case IpProtocol.ICMPV6 -> family == AddressFamily.IPV6 ? InternetChecksum.ICMP_CHECKSUM_OFFSET : -1;
            default -> -1;
        };
        boolean udp = protocol == IpProtocol.UDP;
        boolean transportChecksum = l4 >= 0 && field >= 0 && l4 + field + 2 <= end;
        int checksum = transportChecksum ? BigEndian.getUnsignedShort(segment, l4 + field) : 0;
        if (family == AddressFamily.IPV4) {
            long at = l3 + (source ? Ipv4Header.SOURCE_ADDRESS_OFFSET : Ipv4Header.DESTINATION_ADDRESS_OFFSET);
            int old = BigEndian.getInt(segment, at);
            BigEndian.putInt(segment, at, w0);
            long headerChecksumAt = l3 + Ipv4Header.CHECKSUM_OFFSET;
            BigEndian.putShort(segment, headerChecksumAt,
                    InternetChecksum.adjust32(BigEndian.getUnsignedShort(segment, headerChecksumAt), old, w0));
            if (transportChecksum) {
                checksum = udp
                        ? InternetChecksum.adjustUdp32(checksum, old, w0)
                        : InternetChecksum.adjust32(checksum, old, w0);
            }
        } else {
            long at = l3 + (source ? Ipv6Header.SOURCE_ADDRESS_OFFSET : Ipv6Header.DESTINATION_ADDRESS_OFFSET);
            int o0 = BigEndian.getInt(segment, at);
            int o1 = BigEndian.getInt(segment, at + 4);
            int o2 = BigEndian.getInt(segment, at + 8);
            int o3 = BigEndian.getInt(segment, at + 12);
            BigEndian.putInt(segment, at, w0);
            BigEndian.putInt(segment, at + 4, w1);
            BigEndian.putInt(segment, at + 8, w2);
            BigEndian.putInt(segment, at + 12, w3);
            if (transportChecksum) {
                checksum = udp
                        ? InternetChecksum.adjustUdp128(checksum, o0, o1, o2, o3, w0, w1, w2, w3)
                        : InternetChecksum.adjust128(checksum, o0, o1, o2, o3, w0, w1, w2, w3);
            }
        }
        boolean ports = protocol == IpProtocol.TCP || protocol == IpProtocol.UDP || protocol == IpProtocol.SCTP;
        if (ports && l4 >= 0 && l4 + 4 <= end) {
            long at = source ? l4 : l4 + 2;
            int old = BigEndian.getUnsignedShort(segment, at);
            BigEndian.putShort(segment, at, port);
            if (transportChecksum) {
                checksum = udp
                        ? InternetChecksum.adjustUdp16(checksum, old, port)
                        : InternetChecksum.adjust16(checksum, old, port);
            }
        }
        if (transportChecksum) {
            BigEndian.putShort(segment, l4 + field, checksum);
        }
    }
}
