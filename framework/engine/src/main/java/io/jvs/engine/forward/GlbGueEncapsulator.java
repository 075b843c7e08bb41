package io.jvs.engine.forward;

import io.jvs.engine.packet.BigEndian;
import io.jvs.engine.packet.EtherType;
import io.jvs.engine.packet.InternetChecksum;
import io.jvs.engine.packet.Ipv4Header;
import io.jvs.engine.packet.Ipv6Header;
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
 * <p>The outer IP header follows {@link TunnelEncapsulator}: DS field copied with CE turned into
 * ECT(0), DF copied from an inner IPv4 packet and set for an inner IPv6 packet, TTL (hop limit)
 * {@value TunnelEncapsulator#OUTER_TTL}, identification from this encapsulator's counter, checksum
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

    private static final int PROTOCOL_IPIP = 4;
    private static final int PROTOCOL_IPV6 = 41;
    private static final int IPV4_VERSION_IHL = 0x45;
    private static final int IPV6_VERSION = 6;
    private static final int FLOW_LABEL_MASK = 0xFFFFF;
    private static final int SOURCE_PORT_HIGH_BIT = 0x8000;
    private static final int SOURCE_PORT_MASK = 0x7FFF;

    private final Ipv6Header ipv6Header = new Ipv6Header();
    private final boolean ipv4SourceSet;
    private final int ipv4Source;
    private final boolean ipv6SourceSet;
    private final int ipv6Source0;
    private final int ipv6Source1;
    private final int ipv6Source2;
    private final int ipv6Source3;
    private final int mtu;
    private final int port;
    private int nextIdentification;
    private long frameOffset = -1;
    private int frameLength;
    private int innerMtu;

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
        if (mtu < TunnelEncapsulator.MIN_MTU || mtu > 0xFFFF) {
            throw new IllegalArgumentException("tunnel MTU must be in " + TunnelEncapsulator.MIN_MTU
                    + "..65535 bytes: " + mtu);
        }
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("GUE port must be in 1..65535: " + port);
        }
        if (ipv6Source != null && ipv6Source.length != 4) {
            throw new IllegalArgumentException("an IPv6 source address is four words, got " + ipv6Source.length);
        }
        this.ipv4SourceSet = ipv4Source != 0;
        this.ipv4Source = ipv4Source;
        this.ipv6SourceSet = ipv6Source != null;
        this.ipv6Source0 = ipv6SourceSet ? ipv6Source[0] : 0;
        this.ipv6Source1 = ipv6SourceSet ? ipv6Source[1] : 0;
        this.ipv6Source2 = ipv6SourceSet ? ipv6Source[2] : 0;
        this.ipv6Source3 = ipv6SourceSet ? ipv6Source[3] : 0;
        this.mtu = mtu;
        this.port = port;
        this.nextIdentification = firstIdentification & 0xFFFF;
    }

    /**
     * Returns the bytes an encapsulation adds in front of the inner IP packet.
     *
     * @param outerFamily {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @param hopCount the number of hops, the first included, at least 1
     * @return outer IP header + UDP + GUE + private data + {@code hopCount - 1} hop addresses, in bytes
     */
    public static int overhead(int outerFamily, int hopCount) {
        boolean ipv6 = outerFamily == AddressFamily.IPV6;
        return (ipv6 ? Ipv6Header.LENGTH : Ipv4Header.MIN_LENGTH) + UDP_LENGTH + GUE_AND_PRIVATE_LENGTH
                + (hopCount - 1) * (ipv6 ? 16 : 4);
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
        int innerFamily = packet.family();
        boolean ipv6Outer = outerFamily == AddressFamily.IPV6;
        boolean sourceSet = outerFamily == AddressFamily.IPV4 ? ipv4SourceSet : ipv6Outer && ipv6SourceSet;
        int wordsPerHop = ipv6Outer ? 4 : 1;
        if (!sourceSet || (innerFamily != AddressFamily.IPV4 && innerFamily != AddressFamily.IPV6)
                || hopCount < 1 || hopCount > (ipv6Outer ? MAX_IPV6_HOPS : MAX_IPV4_HOPS)
                || hops.length < hopCount * wordsPerHop) {
            return ForwardResult.UNSUPPORTED;
        }
        MemorySegment segment = packet.segment();
        long frame = packet.packetOffset();
        long l3 = packet.l3Offset();
        int linkLength = (int) (l3 - frame);
        int innerLength = packet.ipPacketLength();
        int outerHeaderLength = ipv6Outer ? Ipv6Header.LENGTH : Ipv4Header.MIN_LENGTH;
        int overhead = overhead(outerFamily, hopCount);
        int outerLength = innerLength + overhead;
        boolean innerDontFragment = innerFamily == AddressFamily.IPV6
                || (BigEndian.getUnsignedShort(segment, l3 + Ipv4Header.FLAGS_FRAGMENT_OFFSET_OFFSET)
                        & Ipv4Header.FLAG_DONT_FRAGMENT) != 0;
        if (outerLength > mtu && innerDontFragment) {
            innerMtu = mtu - overhead;
            return ForwardResult.TOO_BIG;
        }
        if (outerLength - (ipv6Outer ? Ipv6Header.LENGTH : 0) > 0xFFFF) {
            return ForwardResult.UNSUPPORTED;
        }
        if (headroom < overhead || frame < overhead) {
            return ForwardResult.NO_HEADROOM;
        }
        long start = frame - overhead;
        if (linkLength > 0) {
            MemorySegment.copy(segment, frame, segment, start, linkLength);
            BigEndian.putShort(segment, start + linkLength - 2, ipv6Outer ? EtherType.IPV6 : EtherType.IPV4);
        }
        long outer = l3 - overhead;
        int inner = innerFamily == AddressFamily.IPV4
                ? BigEndian.getUnsignedByte(segment, l3 + Ipv4Header.TOS_OFFSET)
                : (BigEndian.getInt(segment, l3) >>> 20) & 0xFF;
        int dsField = (inner & 0x03) == 0x03 ? (inner & ~0x03) | 0x02 : inner;
        int flowHash = packet.flowHash();
        int firstHop = 0;
        if (!ipv6Outer) {
            BigEndian.putInt(segment, outer, (IPV4_VERSION_IHL << 24) | (dsField << 16) | outerLength);
            BigEndian.putInt(segment, outer + Ipv4Header.IDENTIFICATION_OFFSET,
                    (nextIdentification << 16) | (innerDontFragment ? Ipv4Header.FLAG_DONT_FRAGMENT : 0));
            nextIdentification = (nextIdentification + 1) & 0xFFFF;
            BigEndian.putInt(segment, outer + Ipv4Header.TTL_OFFSET,
                    (TunnelEncapsulator.OUTER_TTL << 24) | (IpProtocol.UDP << 16));
            BigEndian.putInt(segment, outer + Ipv4Header.SOURCE_ADDRESS_OFFSET, ipv4Source);
            BigEndian.putInt(segment, outer + Ipv4Header.DESTINATION_ADDRESS_OFFSET, hops[0]);
            BigEndian.putShort(segment, outer + Ipv4Header.CHECKSUM_OFFSET,
                    InternetChecksum.ipv4HeaderChecksum(segment, outer));
            firstHop = 1;
        } else {
            BigEndian.putInt(segment, outer, (IPV6_VERSION << 28) | (dsField << 20) | (flowHash & FLOW_LABEL_MASK));
            BigEndian.putShort(segment, outer + Ipv6Header.PAYLOAD_LENGTH_OFFSET, outerLength - Ipv6Header.LENGTH);
            BigEndian.putByte(segment, outer + Ipv6Header.NEXT_HEADER_OFFSET, IpProtocol.UDP);
            BigEndian.putByte(segment, outer + Ipv6Header.HOP_LIMIT_OFFSET, TunnelEncapsulator.OUTER_TTL);
            ipv6Header.wrap(segment, outer)
                    .sourceAddress(ipv6Source0, ipv6Source1, ipv6Source2, ipv6Source3)
                    .destinationAddress(hops[0], hops[1], hops[2], hops[3]);
            firstHop = 4;
        }
        long udp = outer + outerHeaderLength;
        int udpLength = outerLength - outerHeaderLength;
        int remaining = hopCount - 1;
        BigEndian.putInt(segment, udp, ((SOURCE_PORT_HIGH_BIT | (flowHash & SOURCE_PORT_MASK)) << 16) | port);
        BigEndian.putInt(segment, udp + 4, udpLength << 16);
        int hlen = 1 + remaining * wordsPerHop;
        int innerProtocol = innerFamily == AddressFamily.IPV4 ? PROTOCOL_IPIP : PROTOCOL_IPV6;
        BigEndian.putInt(segment, udp + UDP_LENGTH, (hlen << 24) | (innerProtocol << 16));
        BigEndian.putInt(segment, udp + UDP_LENGTH + 4, remaining);
        long hopOffset = udp + UDP_LENGTH + GUE_AND_PRIVATE_LENGTH;
        for (int word = firstHop; word < hopCount * wordsPerHop; word++) {
            BigEndian.putInt(segment, hopOffset, hops[word]);
            hopOffset += 4;
        }
        if (ipv6Outer) {
            InternetChecksum.updateTransportChecksum(segment, outer, outerFamily, IpProtocol.UDP, udp, udpLength);
        }
        frameOffset = start;
        frameLength = linkLength + outerLength;
        return ForwardResult.OK;
    }

    /** {@return the byte offset of the frame after the last successful {@link #encapsulate}, -1 before} */
    public long frameOffset() {
        return frameOffset;
    }

    /** {@return the frame length in bytes after the last successful {@link #encapsulate}} */
    public int frameLength() {
        return frameLength;
    }

    /**
     * Returns, after {@link ForwardResult#TOO_BIG}, the MTU to announce to the sender: the tunnel MTU
     * minus the encapsulation overhead, in bytes.
     *
     * @return bytes
     */
    public int innerMtu() {
        return innerMtu;
    }

    /** {@return the UDP destination port} */
    public int port() {
        return port;
    }
}
