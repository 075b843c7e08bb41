package io.jvs.engine.forward;

import io.jvs.engine.packet.BigEndian;
import io.jvs.engine.packet.EtherType;
import io.jvs.engine.packet.GreHeader;
import io.jvs.engine.packet.InternetChecksum;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.TunnelType;
import java.lang.foreign.MemorySegment;

/**
 * Encapsulates a packet toward a tunnel real server (IPVS {@code ip_vs_tunnel_xmit}): the outer
 * headers are written into the headroom in front of the IP packet, which does not move, and the
 * Ethernet header (with its VLAN tags) is moved to the new start of the frame.
 *
 * <pre>
 * before:              [Ethernet (VLAN)][inner IP packet][padding]
 * after:  [Ethernet (VLAN)][outer IP][tunnel header][inner IP packet]
 *         ^ frameOffset()                           ^ unchanged offset
 *
 * tunnel header:  IPIP: none                 outer protocol 4 (inner IPv4) or 41 (inner IPv6)
 *                 GRE:  4 bytes (8 with key) outer protocol 47, type 0x0800 or 0x86DD
 *                 GUE:  UDP 8 + GUE 4 bytes  outer protocol 17, GUE proto/ctype 4 or 41
 * </pre>
 *
 * <p>Outer IPv4 header: 20 bytes, DS field copied from the inner packet with ECN as RFC 3168
 * section 9.1.1's full-functionality option (and IPVS) do: CE becomes ECT(0); DF copied from an
 * inner IPv4 packet and set for an inner IPv6 packet; TTL {@value #OUTER_TTL}; identification from
 * this encapsulator's counter (one per worker, incremented per IPv4-outer packet); checksum
 * computed. Outer IPv6 header: the same traffic class, flow label = the low 20 bits of the inner
 * {@link ParsedPacket#flowHash() flow hash} (ECMP entropy, RFC 6438), hop limit {@value #OUTER_TTL}.
 * Outer source: the tunnel source of the outer family given at construction; outer destination:
 * the real server. The inner packet is not changed: decrement its TTL with {@link
 * AddressRewriter#decrementTtl} before, since a GUE UDP checksum covers it. The Ethernet addresses
 * are left for {@link EthernetRewriter#setAddresses(MemorySegment, long, long, long)} at {@link
 * #frameOffset()}.
 *
 * <p>GUE (draft-ietf-intarea-gue, variant 0, C = 0, Hlen = 0, flags 0): the UDP source port is taken
 * from the inner flow hash in 49152..65535 (RFC 8086 section 3.2.1 does the same for GRE-in-UDP) so
 * that ECMP spreads flows; the UDP checksum follows {@link TunnelSettings.UdpChecksum}.
 *
 * <p>MTU: when the outer packet would be longer than the MTU and the inner packet must not be
 * fragmented (IPv4 with DF, or IPv6), the packet is left untouched, {@link ForwardResult#TOO_BIG} is
 * returned and {@link #innerMtu()} tells the size the inner packet must fit in (MTU minus the
 * overhead), for {@link IcmpTooBigResponder}. An IPv4 inner packet without DF is encapsulated
 * anyway, outer DF clear: fragmenting it is the egress device's job (as IPVS with {@code
 * pmtu_disc} off leaves it to {@code ip_fragment}).
 *
 * <p>Results are returned as codes; the new frame bounds are read afterwards from {@link
 * #frameOffset()} and {@link #frameLength()} (Ethernet padding of the original frame is dropped).
 *
 * <p><b>Not thread-safe:</b> one instance per worker. Allocation-free per packet.
 */
public final class TunnelEncapsulator {
    /** Default tunnel MTU in bytes (Ethernet). */
    public static final int DEFAULT_MTU = 1500;
    /** Smallest MTU accepted, bytes (RFC 791: every IPv4 host accepts 576-byte datagrams). */
    public static final int MIN_MTU = OuterHeaderWriter.MIN_MTU;
    /** TTL (hop limit) of the outer header. */
    public static final int OUTER_TTL = OuterHeaderWriter.OUTER_TTL;
    /** First GUE UDP source port (the dynamic range of RFC 6335). */
    public static final int ENTROPY_PORT_MIN = 49152;
    /** Number of GUE UDP source ports, 49152..65535. */
    public static final int ENTROPY_PORT_COUNT = 16384;

    private static final int PROTOCOL_GRE = 47;

    private final OuterHeaderWriter outerHeader;

    /**
     * Creates an encapsulator (one per worker).
     *
     * @param ipv4Source the outer source for IPv4 tunnels, or 0 when there are none
     * @param ipv6Source the outer source for IPv6 tunnels (four words, see {@link
     *     io.jvs.engine.packet.Ipv6Address}), or null when there are none
     * @param mtu the tunnel MTU in bytes: the longest outer IP packet, {@value #MIN_MTU}..65535
     * @param firstIdentification the IPv4 identification of the first IPv4-outer packet (the low 16
     *     bits count up from there; give workers different starting points)
     * @throws IllegalArgumentException for an MTU out of range or an IPv6 source not of four words
     */
    public TunnelEncapsulator(int ipv4Source, int[] ipv6Source, int mtu, int firstIdentification) {
        this.outerHeader = new OuterHeaderWriter(ipv4Source, ipv6Source, mtu, firstIdentification);
    }

    /**
     * Returns the bytes an encapsulation adds in front of the inner IP packet.
     *
     * @param tunnel the tunnel settings
     * @param outerFamily {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @return the outer IP header length plus {@link TunnelSettings#headerLength()}
     */
    public static int overhead(TunnelSettings tunnel, int outerFamily) {
        return OuterHeaderWriter.ipHeaderLength(outerFamily) + tunnel.headerLength();
    }

    /**
     * Encapsulates a packet toward a real server.
     *
     * @param packet the parsed packet (Ethernet frame or bare IP packet)
     * @param headroom the free bytes in front of the frame's first byte
     * @param tunnel how to encapsulate
     * @param outerFamily the real server's family, {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @param d0 real server address word 0
     * @param d1 word 1 (IPv6)
     * @param d2 word 2 (IPv6)
     * @param d3 word 3 (IPv6)
     * @return {@link ForwardResult#OK} (see {@link #frameOffset()}, {@link #frameLength()}), {@link
     *     ForwardResult#TOO_BIG} (see {@link #innerMtu()}), {@link ForwardResult#NO_HEADROOM}, or
     *     {@link ForwardResult#UNSUPPORTED} (no tunnel source of that family, not IP, or longer than
     *     the outer length field can tell)
     */
    public int encapsulate(ParsedPacket packet, int headroom, TunnelSettings tunnel, int outerFamily,
            int d0, int d1, int d2, int d3) {
        int innerFamily = packet.family();
        int overhead = overhead(tunnel, outerFamily);
        int innerProtocol = OuterHeaderWriter.innerProtocol(innerFamily);
        int outerProtocol = switch (tunnel.type()) {
            case IPIP -> innerProtocol;
            case GRE -> PROTOCOL_GRE;
            case GUE, GLB_GUE -> IpProtocol.UDP;
        };
        int result = outerHeader.write(packet, headroom, outerFamily, overhead, outerProtocol, d0, d1, d2, d3);
        if (result != ForwardResult.OK) {
            return result;
        }
        MemorySegment segment = packet.segment();
        long outer = packet.l3Offset() - overhead;
        long header = outer + OuterHeaderWriter.ipHeaderLength(outerFamily);
        if (tunnel.type() == TunnelType.GRE) {
            BigEndian.putShort(segment, header + GreHeader.FLAGS_VERSION_OFFSET,
                    tunnel.greKeyPresent() ? GreHeader.FLAG_KEY : 0);
            BigEndian.putShort(segment, header + GreHeader.PROTOCOL_TYPE_OFFSET,
                    innerFamily == AddressFamily.IPV4 ? EtherType.IPV4 : EtherType.IPV6);
            if (tunnel.greKeyPresent()) {
                BigEndian.putInt(segment, header + GreHeader.OPTIONAL_FIELDS_OFFSET, tunnel.greKey());
            }
        } else if (tunnel.type() == TunnelType.GUE) {
            writeUdpAndGue(segment, outer, outerFamily, header, tunnel, innerProtocol, packet.flowHash(),
                    tunnel.headerLength() + packet.ipPacketLength());
        }
        return ForwardResult.OK;
    }

    private static void writeUdpAndGue(MemorySegment segment, long outer, int outerFamily, long udp,
            TunnelSettings tunnel, int innerProtocol, int flowHash, int udpLength) {
        int sourcePort = ENTROPY_PORT_MIN + (int) (((flowHash & 0xFFFF_FFFFL) * ENTROPY_PORT_COUNT) >>> 32);
        BigEndian.putInt(segment, udp, (sourcePort << 16) | tunnel.guePort());
        BigEndian.putInt(segment, udp + 4, udpLength << 16);
        BigEndian.putInt(segment, udp + 8, innerProtocol << 16);
        TunnelSettings.UdpChecksum policy = tunnel.udpChecksum();
        boolean checksum = policy == TunnelSettings.UdpChecksum.ALWAYS
                || (policy == TunnelSettings.UdpChecksum.DEFAULT && outerFamily == AddressFamily.IPV6);
        if (checksum) {
            InternetChecksum.updateTransportChecksum(segment, outer, outerFamily, IpProtocol.UDP, udp, udpLength);
        }
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
     * minus the encapsulation overhead, in bytes. (For an IPv6 sender it may be below 1280, which
     * RFC 8201 section 4 tells the sender to treat as 1280.)
     *
     * @return bytes
     */
    public int innerMtu() {
        return outerHeader.innerMtu();
    }

    /** {@return the tunnel MTU in bytes} */
    public int mtu() {
        return outerHeader.mtu();
    }
}
