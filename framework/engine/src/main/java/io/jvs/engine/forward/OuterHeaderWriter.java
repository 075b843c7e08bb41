package io.jvs.engine.forward;

import io.jvs.engine.packet.BigEndian;
import io.jvs.engine.packet.EtherType;
import io.jvs.engine.packet.InternetChecksum;
import io.jvs.engine.packet.Ipv4Header;
import io.jvs.engine.packet.Ipv6Header;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.spi.AddressFamily;
import java.lang.foreign.MemorySegment;

/**
 * Writes the outer IP header of an encapsulation into the headroom in front of the inner IP
 * packet, which does not move, and moves the Ethernet header (with its VLAN tags) to the new start
 * of the frame; the tunnel header between the two ({@code overhead} minus the outer IP header) is
 * left for the caller ({@link TunnelEncapsulator}, {@link GlbGueEncapsulator}).
 *
 * <pre>
 * before:                    [Ethernet (VLAN)][inner IP packet][padding]
 * after:  [Ethernet (VLAN)][outer IP][tunnel header][inner IP packet]
 *         ^ frameOffset()  ^ l3Offset - overhead    ^ unchanged offset
 * </pre>
 *
 * <p>Outer IPv4 header: 20 bytes, DS field copied from the inner packet with ECN as RFC 3168
 * section 9.1.1's full-functionality option (and IPVS) do: CE becomes ECT(0); DF copied from an
 * inner IPv4 packet and set for an inner IPv6 packet; TTL {@value #OUTER_TTL}; identification from
 * this writer's counter (one per worker, incremented per IPv4-outer packet); checksum computed.
 * Outer IPv6 header: the same traffic class, flow label = the low 20 bits of the inner {@link
 * ParsedPacket#flowHash() flow hash} (ECMP entropy, RFC 6438), hop limit {@value #OUTER_TTL}.
 * Outer source: the tunnel source of the outer family given at construction.
 *
 * <p>MTU: when the outer packet would be longer than the MTU and the inner packet must not be
 * fragmented (IPv4 with DF, or IPv6), nothing is written, {@link ForwardResult#TOO_BIG} is returned
 * and {@link #innerMtu()} tells the size the inner packet must fit in (MTU minus the overhead). An
 * IPv4 inner packet without DF is encapsulated anyway, outer DF clear.
 *
 * <p><b>Not thread-safe:</b> one instance per encapsulator (per worker). Allocation-free per packet.
 */
final class OuterHeaderWriter {
    /** TTL (hop limit) of the outer header. */
    static final int OUTER_TTL = 64;
    /** Smallest MTU accepted, bytes (RFC 791: every IPv4 host accepts 576-byte datagrams). */
    static final int MIN_MTU = 576;

    private static final int PROTOCOL_IPIP = 4;
    private static final int PROTOCOL_IPV6 = 41;
    private static final int IPV4_VERSION_IHL = 0x45;
    private static final int IPV6_VERSION = 6;
    private static final int FLOW_LABEL_MASK = 0xFFFFF;
    private static final int ECN_MASK = 0x03;
    private static final int ECN_CE = 0x03;
    private static final int ECN_ECT_0 = 0x02;

    private final Ipv6Header ipv6Header = new Ipv6Header();
    private final boolean ipv4SourceSet;
    private final int ipv4Source;
    private final boolean ipv6SourceSet;
    private final int ipv6Source0;
    private final int ipv6Source1;
    private final int ipv6Source2;
    private final int ipv6Source3;
    private final int mtu;
    private int nextIdentification;
    private long frameOffset = -1;
    private int frameLength;
    private int innerMtu;

    /**
     * Creates a writer (one per encapsulator).
     *
     * @param ipv4Source the outer source for IPv4 outer headers, or 0 when there are none
     * @param ipv6Source the outer source for IPv6 outer headers (four words, see {@link
     *     io.jvs.engine.packet.Ipv6Address}), or null when there are none
     * @param mtu the tunnel MTU in bytes: the longest outer IP packet, {@value #MIN_MTU}..65535
     * @param firstIdentification the IPv4 identification of the first IPv4-outer packet (the low 16
     *     bits count up from there)
     * @throws IllegalArgumentException for an MTU out of range or an IPv6 source not of four words
     */
    OuterHeaderWriter(int ipv4Source, int[] ipv6Source, int mtu, int firstIdentification) {
        if (mtu < MIN_MTU || mtu > 0xFFFF) {
            throw new IllegalArgumentException("tunnel MTU must be in " + MIN_MTU + "..65535 bytes: " + mtu);
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
        this.nextIdentification = firstIdentification & 0xFFFF;
    }

    /**
     * Returns the length of the outer IP header.
     *
     * @param outerFamily {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @return 40 bytes for IPv6, 20 bytes otherwise
     */
    static int ipHeaderLength(int outerFamily) {
        return outerFamily == AddressFamily.IPV6 ? Ipv6Header.LENGTH : Ipv4Header.MIN_LENGTH;
    }

    /**
     * Returns the protocol number that announces an inner packet of a family (IP-in-IP, IPv6
     * encapsulation), as the outer protocol of IPIP and the Proto field of GUE.
     *
     * @param innerFamily {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @return 4 for IPv4, 41 otherwise
     */
    static int innerProtocol(int innerFamily) {
        return innerFamily == AddressFamily.IPV4 ? PROTOCOL_IPIP : PROTOCOL_IPV6;
    }

    /**
     * Moves the Ethernet header and writes the outer IP header {@code overhead} bytes in front of the
     * inner IP packet; on {@link ForwardResult#OK} the caller writes its tunnel header right after the
     * outer IP header, at {@code packet.l3Offset() - overhead + ipHeaderLength(outerFamily)}.
     *
     * @param packet the parsed packet (Ethernet frame or bare IP packet)
     * @param headroom the free bytes in front of the frame's first byte
     * @param outerFamily {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @param overhead the outer IP header plus the tunnel header, in bytes
     * @param outerProtocol the outer IPv4 protocol or IPv6 next header
     * @param d0 outer destination address word 0
     * @param d1 word 1 (IPv6)
     * @param d2 word 2 (IPv6)
     * @param d3 word 3 (IPv6)
     * @return {@link ForwardResult#OK} (see {@link #frameOffset()}, {@link #frameLength()}), {@link
     *     ForwardResult#TOO_BIG} (see {@link #innerMtu()}), {@link ForwardResult#NO_HEADROOM}, or
     *     {@link ForwardResult#UNSUPPORTED} (no source of that family, not IP, or longer than the
     *     outer length field can tell)
     */
    int write(ParsedPacket packet, int headroom, int outerFamily, int overhead, int outerProtocol,
            int d0, int d1, int d2, int d3) {
        int innerFamily = packet.family();
        boolean sourceSet = outerFamily == AddressFamily.IPV4 ? ipv4SourceSet
                : outerFamily == AddressFamily.IPV6 && ipv6SourceSet;
        if (!sourceSet || (innerFamily != AddressFamily.IPV4 && innerFamily != AddressFamily.IPV6)) {
            return ForwardResult.UNSUPPORTED;
        }
        MemorySegment segment = packet.segment();
        long frame = packet.packetOffset();
        long l3 = packet.l3Offset();
        int linkLength = (int) (l3 - frame);
        int outerLength = packet.ipPacketLength() + overhead;
        boolean innerDontFragment = innerFamily == AddressFamily.IPV6
                || (BigEndian.getUnsignedShort(segment, l3 + Ipv4Header.FLAGS_FRAGMENT_OFFSET_OFFSET)
                        & Ipv4Header.FLAG_DONT_FRAGMENT) != 0;
        if (outerLength > mtu && innerDontFragment) {
            innerMtu = mtu - overhead;
            return ForwardResult.TOO_BIG;
        }
        if (outerLength - (outerFamily == AddressFamily.IPV6 ? Ipv6Header.LENGTH : 0) > 0xFFFF) {
            return ForwardResult.UNSUPPORTED;
        }
        if (headroom < overhead || frame < overhead) {
            return ForwardResult.NO_HEADROOM;
        }
        long start = frame - overhead;
        if (linkLength > 0) {
            MemorySegment.copy(segment, frame, segment, start, linkLength);
            BigEndian.putShort(segment, start + linkLength - 2,
                    outerFamily == AddressFamily.IPV6 ? EtherType.IPV6 : EtherType.IPV4);
        }
        long outer = l3 - overhead;
        int dsField = encapsulatedDsField(innerFamily == AddressFamily.IPV4
                ? BigEndian.getUnsignedByte(segment, l3 + Ipv4Header.TOS_OFFSET)
                : (BigEndian.getInt(segment, l3) >>> 20) & 0xFF);
        if (outerFamily == AddressFamily.IPV4) {
            BigEndian.putInt(segment, outer, (IPV4_VERSION_IHL << 24) | (dsField << 16) | outerLength);
            BigEndian.putInt(segment, outer + Ipv4Header.IDENTIFICATION_OFFSET,
                    (nextIdentification << 16) | (innerDontFragment ? Ipv4Header.FLAG_DONT_FRAGMENT : 0));
            nextIdentification = (nextIdentification + 1) & 0xFFFF;
            BigEndian.putInt(segment, outer + Ipv4Header.TTL_OFFSET, (OUTER_TTL << 24) | (outerProtocol << 16));
            BigEndian.putInt(segment, outer + Ipv4Header.SOURCE_ADDRESS_OFFSET, ipv4Source);
            BigEndian.putInt(segment, outer + Ipv4Header.DESTINATION_ADDRESS_OFFSET, d0);
            BigEndian.putShort(segment, outer + Ipv4Header.CHECKSUM_OFFSET,
                    InternetChecksum.ipv4HeaderChecksum(segment, outer));
        } else {
            BigEndian.putInt(segment, outer,
                    (IPV6_VERSION << 28) | (dsField << 20) | (packet.flowHash() & FLOW_LABEL_MASK));
            BigEndian.putShort(segment, outer + Ipv6Header.PAYLOAD_LENGTH_OFFSET, outerLength - Ipv6Header.LENGTH);
            BigEndian.putByte(segment, outer + Ipv6Header.NEXT_HEADER_OFFSET, outerProtocol);
            BigEndian.putByte(segment, outer + Ipv6Header.HOP_LIMIT_OFFSET, OUTER_TTL);
            ipv6Header.wrap(segment, outer)
                    .sourceAddress(ipv6Source0, ipv6Source1, ipv6Source2, ipv6Source3)
                    .destinationAddress(d0, d1, d2, d3);
        }
        frameOffset = start;
        frameLength = linkLength + outerLength;
        return ForwardResult.OK;
    }

    private static int encapsulatedDsField(int inner) {
        return (inner & ECN_MASK) == ECN_CE ? (inner & ~ECN_MASK) | ECN_ECT_0 : inner;
    }

    /** {@return the byte offset of the frame after the last successful {@link #write}, -1 before} */
    long frameOffset() {
        return frameOffset;
    }

    /** {@return the frame length in bytes after the last successful {@link #write}} */
    int frameLength() {
        return frameLength;
    }

    /** {@return after {@link ForwardResult#TOO_BIG}, the tunnel MTU minus the overhead, in bytes} */
    int innerMtu() {
        return innerMtu;
    }

    /** {@return the tunnel MTU in bytes} */
    int mtu() {
        return mtu;
    }
}
