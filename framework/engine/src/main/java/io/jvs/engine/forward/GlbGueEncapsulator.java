package io.jvs.engine.forward;

import io.jvs.engine.packet.BigEndian;
import io.jvs.engine.packet.InternetChecksum;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.lang.foreign.MemorySegment;

/**
 * Encapsulates a packet as GitHub's GLB Director does ({@code docs/development/gue-header.md},
 * {@code src/glb-director/glb_encap.c}): outer IP, UDP to port {@value #DEFAULT_PORT}, and a GUE
 * header whose private data lists the alternative hops, so that a proxy that does not own the
 * packet's connection (not a SYN, no local socket) passes it on to the next hop ("second chance",
 * GLB's {@code glb-redirect} module).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source port          |   Destination port (19523)    |  UDP
 * |            Length             |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | 0 |0|   Hlen  |  Proto (4/41) |           Flags (0)           |  GUE
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Private data type (0)     | Next hop idx  |   Hop count   |  GLB
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  private
 * |                        Hop 1 (second hop)                     |  data
 * ~                              ...                              ~
 * |                        Hop N - 1 (last hop)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       inner IP packet                         |
 * </pre>
 *
 * <p>Given {@code N} hops, the first is the outer destination and the other {@code N - 1} are
 * written to the private data with {@code Next hop idx = 0} and {@code Hop count = N - 1}, as
 * {@code glb_encapsulate_packet}; {@code Hlen = 1 + N - 1} words. GUE version, C and flags are 0;
 * Proto is 4 for an inner IPv4 packet, 41 for IPv6.
 *
 * <p>IPv4 outer packets are GLB's own format: hops are IPv4 addresses, the UDP checksum is 0, as
 * {@code glb_encap.c} sends them. IPv6 outer packets are a jvs extension that GLB's documentation
 * does not define: each hop is a 16-byte IPv6 address (four words, so {@code Hlen = 1 + 4 (N - 1)},
 * at most {@value #MAX_IPV6_HOPS} hops), and the UDP checksum is computed (RFC 8200 section 8.1).
 * The UDP source port is {@code 0x8000 | (flowHash & 0x7FFF)}: the high bit set as GLB sets it, the
 * rest from the inner {@link ParsedPacket#flowHash() flow hash} (GLB mixes its packet hash with the
 * client port) so that receivers spread flows over their queues.
 *
 * <p>The outer IP header is {@link TunnelEncapsulator}'s (both write it with the package's {@code
 * OuterHeaderWriter}): DS field copied with CE turned into ECT(0), DF copied from an inner IPv4
 * packet and set for an inner IPv6 packet, TTL (hop limit) {@value TunnelEncapsulator#OUTER_TTL},
 * identification from this encapsulator's counter, checksum
 * computed; IPv6 flow label from the flow hash. The source is the encapsulator's tunnel source of
 * that family. The Ethernet header (with its VLAN tags) moves to the new start of the frame; its
 * addresses are left for {@link EthernetRewriter}. MTU handling and results are those of
 * {@link TunnelEncapsulator}: {@link ForwardResult#TOO_BIG} (see {@link #innerMtu()}) when the inner
 * packet may not be fragmented.
 *
 * <p><b>Not thread-safe:</b> one instance per worker. Allocation-free per packet.
 */
public final class GlbGueEncapsulator {
    /** GLB Director's UDP destination port, {@code DIRECTOR_GUE_PORT} ('LB' + 1). */
    public static final int DEFAULT_PORT = 19523;
    /** Most hops with IPv4 outer packets: Hlen (5 bits) holds 1 + 30 words. */
    public static final int MAX_IPV4_HOPS = 31;
    /** Most hops with IPv6 outer packets: Hlen holds 1 + 4 * 7 words. */
    public static final int MAX_IPV6_HOPS = 8;
    /** UDP header length in bytes. */
    static final int UDP_LENGTH = 8;
    /** GUE base header plus GLB's private data word, in bytes. */
    static final int GUE_AND_PRIVATE_LENGTH = 8;

    private static final int SOURCE_PORT_HIGH_BIT = 0x8000;
    private static final int SOURCE_PORT_MASK = 0x7FFF;

    private final OuterHeaderWriter outerHeader;
    private final int port;

    /**
     * Creates an encapsulator (one per worker).
     *
     * @param ipv4Source the outer source for IPv4 hops, or 0 when there are none
     * @param ipv6Source the outer source for IPv6 hops (four words), or null when there are none
     * @param mtu the tunnel MTU in bytes: the longest outer IP packet, {@value TunnelEncapsulator#MIN_MTU}..65535
     * @param port the UDP destination port, 1..65535 ({@value #DEFAULT_PORT} for GLB's proxies)
     * @param firstIdentification the IPv4 identification of the first IPv4-outer packet
     * @throws IllegalArgumentException for an MTU or port out of range or an IPv6 source not of four words
     */
    public GlbGueEncapsulator(int ipv4Source, int[] ipv6Source, int mtu, int port, int firstIdentification) {
        this.outerHeader = new OuterHeaderWriter(ipv4Source, ipv6Source, mtu, firstIdentification);
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("GUE port must be in 1..65535: " + port);
        }
        this.port = port;
    }

    /**
     * Returns the bytes an encapsulation adds in front of the inner IP packet.
     *
     * @param outerFamily {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @param hopCount the number of hops, the first included, at least 1
     * @return outer IP header + UDP + GUE + private data + {@code hopCount - 1} hop addresses, in bytes
     */
    public static int overhead(int outerFamily, int hopCount) {
        return OuterHeaderWriter.ipHeaderLength(outerFamily) + UDP_LENGTH + GUE_AND_PRIVATE_LENGTH
                + (hopCount - 1) * (outerFamily == AddressFamily.IPV6 ? 16 : 4);
    }

    /**
     * Encapsulates a packet toward its first hop, listing the others in the GUE private data.
     *
     * @param packet the parsed packet (Ethernet frame or bare IP packet)
     * @param headroom the free bytes in front of the frame's first byte
     * @param outerFamily the hops' family, {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @param hops the hop addresses in order, network byte order: one word per hop for IPv4, four
     *     consecutive words per hop for IPv6
     * @param hopCount the number of hops, 1..{@value #MAX_IPV4_HOPS} (IPv4) or 1..{@value #MAX_IPV6_HOPS} (IPv6)
     * @return {@link ForwardResult#OK} (see {@link #frameOffset()}, {@link #frameLength()}), {@link
     *     ForwardResult#TOO_BIG} (see {@link #innerMtu()}), {@link ForwardResult#NO_HEADROOM}, or {@link
     *     ForwardResult#UNSUPPORTED} (no source of that family, not IP, a hop count out of range, or
     *     too long for the outer length field)
     */
    public int encapsulate(ParsedPacket packet, int headroom, int outerFamily, int[] hops, int hopCount) {
        boolean ipv6Outer = outerFamily == AddressFamily.IPV6;
        int wordsPerHop = ipv6Outer ? 4 : 1;
        if (hopCount < 1 || hopCount > (ipv6Outer ? MAX_IPV6_HOPS : MAX_IPV4_HOPS)
                || hops.length < hopCount * wordsPerHop) {
            return ForwardResult.UNSUPPORTED;
        }
        int overhead = overhead(outerFamily, hopCount);
        int result = ipv6Outer
                ? outerHeader.write(packet, headroom, outerFamily, overhead, IpProtocol.UDP,
                        hops[0], hops[1], hops[2], hops[3])
                : outerHeader.write(packet, headroom, outerFamily, overhead, IpProtocol.UDP, hops[0], 0, 0, 0);
        if (result != ForwardResult.OK) {
            return result;
        }
        MemorySegment segment = packet.segment();
        long outer = packet.l3Offset() - overhead;
        int outerHeaderLength = OuterHeaderWriter.ipHeaderLength(outerFamily);
        int flowHash = packet.flowHash();
        long udp = outer + outerHeaderLength;
        int udpLength = overhead - outerHeaderLength + packet.ipPacketLength();
        int remaining = hopCount - 1;
        BigEndian.putInt(segment, udp, ((SOURCE_PORT_HIGH_BIT | (flowHash & SOURCE_PORT_MASK)) << 16) | port);
        BigEndian.putInt(segment, udp + 4, udpLength << 16);
        int hlen = 1 + remaining * wordsPerHop;
        int innerProtocol = OuterHeaderWriter.innerProtocol(packet.family());
        BigEndian.putInt(segment, udp + UDP_LENGTH, (hlen << 24) | (innerProtocol << 16));
        BigEndian.putInt(segment, udp + UDP_LENGTH + 4, remaining);
        long hopOffset = udp + UDP_LENGTH + GUE_AND_PRIVATE_LENGTH;
        for (int word = wordsPerHop; word < hopCount * wordsPerHop; word++) {
            BigEndian.putInt(segment, hopOffset, hops[word]);
            hopOffset += 4;
        }
        if (ipv6Outer) {
            InternetChecksum.updateTransportChecksum(segment, outer, outerFamily, IpProtocol.UDP, udp, udpLength);
        }
        return ForwardResult.OK;
    }

    /** {@return the byte offset of the frame after the last successful {@link #encapsulate}, -1 before} */
    public long frameOffset() {
        return outerHeader.frameOffset();
    }

    /** {@return the frame length in bytes after the last successful {@link #encapsulate}} */
    public int frameLength() {
        return outerHeader.frameLength();
    }

    /**
     * Returns, after {@link ForwardResult#TOO_BIG}, the MTU to announce to the sender: the tunnel MTU
     * minus the encapsulation overhead, in bytes.
     *
     * @return bytes
     */
    public int innerMtu() {
        return outerHeader.innerMtu();
    }

    /** {@return the UDP destination port} */
    public int port() {
        return port;
    }
}
