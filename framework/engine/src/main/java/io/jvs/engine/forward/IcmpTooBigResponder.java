package io.jvs.engine.forward;

import io.jvs.engine.packet.BigEndian;
import io.jvs.engine.packet.EthernetHeader;
import io.jvs.engine.packet.IcmpHeader;
import io.jvs.engine.packet.InternetChecksum;
import io.jvs.engine.packet.Ipv4Header;
import io.jvs.engine.packet.Ipv6Header;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.lang.foreign.MemorySegment;

/**
 * Turns a packet that is too big for the next link (see {@link ForwardResult#TOO_BIG}) into the
 * ICMP error that tells its sender, in place, in the same buffer: the reply goes back out of the
 * port the packet came in on.
 *
 * <pre>
 * before: [Ethernet C-&gt;jvs][IP  C-&gt;V ...original packet...........]
 * after:  [Ethernet jvs-&gt;C][IP  V-&gt;C][ICMP too big, MTU][quote of the original]
 *
 * IPv4: type 3 code 4 "fragmentation needed" (RFC 792, RFC 1191 section 4: next-hop MTU in the low
 *       16 bits of the second word); the quote is the original IP header and the first 8 bytes of
 *       its data. Header: TOS 0xC0 (precedence 6, "internetwork control", RFC 1812 section 4.3.2.5),
 *       identification from this responder's counter, no DF, TTL 64, no options.
 * IPv6: type 2 code 0 "packet too big" (RFC 4443 section 3.2: 32-bit MTU); the quote is as much of
 *       the original as keeps the reply within 1280 bytes. Header: traffic class 0, flow label 0,
 *       hop limit 64.
 * </pre>
 *
 * <p>The reply's source is the original destination (the virtual address the client sent to), its
 * destination the original source; the Ethernet addresses are swapped and VLAN tags kept; every
 * checksum is computed in full. No reply is made where RFC 1122 section 3.2.2 and RFC 4443 section
 * 2.4 (e) forbid one ({@link ForwardResult#ICMP_ERROR_FORBIDDEN}): about an ICMP error, about a
 * fragment other than the first, or to a source that is unspecified, loopback, multicast, broadcast
 * or class E. The reply is at most 48 bytes longer than the original (for tiny originals): when it
 * does not fit in the frame plus its tailroom, {@link ForwardResult#NO_TAILROOM}.
 *
 * <p><b>Not thread-safe:</b> one instance per worker (it counts IPv4 identifications).
 * Allocation-free per packet.
 */
public final class IcmpTooBigResponder {
    /** TTL (hop limit) of the reply. */
    public static final int REPLY_TTL = 64;
    /** Bytes of the original's data quoted after its IPv4 header (RFC 792). */
    public static final int IPV4_QUOTED_DATA_BYTES = 8;
    /** Longest ICMPv6 error in bytes: the IPv6 minimum MTU (RFC 4443 section 2.4 (c)). */
    public static final int IPV6_MAX_ERROR_LENGTH = 1280;

    private static final int IPV4_VERSION_IHL = 0x45;
    private static final int IPV4_ERROR_TOS = 0xC0;
    private static final int IPV6_VERSION = 6;
    private static final int IPV6_ADDRESS_LENGTH = 16;

    private final EthernetHeader ethernet = new EthernetHeader();
    private int nextIdentification;
    private int frameLength;

    /**
     * Creates a responder (one per worker).
     *
     * @param firstIdentification the IPv4 identification of the first IPv4 reply (the low 16 bits
     *     count up from there)
     */
    public IcmpTooBigResponder(int firstIdentification) {
        this.nextIdentification = firstIdentification & 0xFFFF;
    }

    /**
     * Rewrites a packet into the ICMP "too big" error for its sender.
     *
     * @param packet the parsed packet that is too big (Ethernet frame or bare IP packet)
     * @param tailroom the free bytes after the frame's last byte
     * @param mtu the MTU to announce in bytes, for example {@link TunnelEncapsulator#innerMtu()}
     *     (IPv4 keeps the low 16 bits)
     * @return {@link ForwardResult#OK} (the reply starts where the frame did and is {@link
     *     #frameLength()} bytes long), {@link ForwardResult#ICMP_ERROR_FORBIDDEN}, {@link
     *     ForwardResult#NO_TAILROOM} or {@link ForwardResult#UNSUPPORTED} (not IP)
     */
    public int respond(ParsedPacket packet, int tailroom, int mtu) {
        int family = packet.family();
        if (family != AddressFamily.IPV4 && family != AddressFamily.IPV6) {
            return ForwardResult.UNSUPPORTED;
        }
        MemorySegment segment = packet.segment();
        long frame = packet.packetOffset();
        long l3 = packet.l3Offset();
        if (packet.isIcmpError() || (packet.isFragment() && !packet.isFirstFragment())
                || !isUnicastSource(segment, family, l3)) {
            return ForwardResult.ICMP_ERROR_FORBIDDEN;
        }
        int headerLength = family == AddressFamily.IPV4 ? Ipv4Header.MIN_LENGTH : Ipv6Header.LENGTH;
        int quoteLength = family == AddressFamily.IPV4
                ? Math.min(packet.ipHeaderLength() + IPV4_QUOTED_DATA_BYTES, packet.ipPacketLength())
                : Math.min(packet.ipPacketLength(), IPV6_MAX_ERROR_LENGTH - Ipv6Header.LENGTH - IcmpHeader.LENGTH);
        int icmpLength = IcmpHeader.LENGTH + quoteLength;
        int replyLength = headerLength + icmpLength;
        long replyEnd = l3 + replyLength;
        if (replyEnd > frame + packet.packetLength() + tailroom || replyEnd > segment.byteSize()) {
            return ForwardResult.NO_TAILROOM;
        }
        long icmp = l3 + headerLength;
        long quote = icmp + IcmpHeader.LENGTH;
        MemorySegment.copy(segment, l3, segment, quote, quoteLength);
        if (family == AddressFamily.IPV4) {
            BigEndian.putInt(segment, l3, (IPV4_VERSION_IHL << 24) | (IPV4_ERROR_TOS << 16) | replyLength);
            BigEndian.putInt(segment, l3 + Ipv4Header.IDENTIFICATION_OFFSET, nextIdentification << 16);
            nextIdentification = (nextIdentification + 1) & 0xFFFF;
            BigEndian.putInt(segment, l3 + Ipv4Header.TTL_OFFSET, (REPLY_TTL << 24) | (IpProtocol.ICMP << 16));
            BigEndian.putInt(segment, l3 + Ipv4Header.SOURCE_ADDRESS_OFFSET,
                    BigEndian.getInt(segment, quote + Ipv4Header.DESTINATION_ADDRESS_OFFSET));
            BigEndian.putInt(segment, l3 + Ipv4Header.DESTINATION_ADDRESS_OFFSET,
                    BigEndian.getInt(segment, quote + Ipv4Header.SOURCE_ADDRESS_OFFSET));
            BigEndian.putShort(segment, l3 + Ipv4Header.CHECKSUM_OFFSET, InternetChecksum.ipv4HeaderChecksum(segment, l3));
            BigEndian.putInt(segment, icmp,
                    (IcmpHeader.V4_DESTINATION_UNREACHABLE << 24) | (IcmpHeader.V4_CODE_FRAGMENTATION_NEEDED << 16));
            BigEndian.putInt(segment, icmp + IcmpHeader.REST_OF_HEADER_OFFSET, mtu & 0xFFFF);
        } else {
            BigEndian.putInt(segment, l3, IPV6_VERSION << 28);
            BigEndian.putShort(segment, l3 + Ipv6Header.PAYLOAD_LENGTH_OFFSET, icmpLength);
            BigEndian.putByte(segment, l3 + Ipv6Header.NEXT_HEADER_OFFSET, IpProtocol.ICMPV6);
            BigEndian.putByte(segment, l3 + Ipv6Header.HOP_LIMIT_OFFSET, REPLY_TTL);
            MemorySegment.copy(segment, quote + Ipv6Header.DESTINATION_ADDRESS_OFFSET,
                    segment, l3 + Ipv6Header.SOURCE_ADDRESS_OFFSET, IPV6_ADDRESS_LENGTH);
            MemorySegment.copy(segment, quote + Ipv6Header.SOURCE_ADDRESS_OFFSET,
                    segment, l3 + Ipv6Header.DESTINATION_ADDRESS_OFFSET, IPV6_ADDRESS_LENGTH);
            BigEndian.putInt(segment, icmp, IcmpHeader.V6_PACKET_TOO_BIG << 24);
            BigEndian.putInt(segment, icmp + IcmpHeader.MTU_OFFSET, mtu);
        }
        InternetChecksum.updateTransportChecksum(segment, l3, family,
                family == AddressFamily.IPV4 ? IpProtocol.ICMP : IpProtocol.ICMPV6, icmp, icmpLength);
        if (l3 - frame >= EthernetHeader.LENGTH) {
            ethernet.wrap(segment, frame).swapAddresses();
        }
        frameLength = (int) (l3 - frame) + replyLength;
        return ForwardResult.OK;
    }

    /** {@return the reply's frame length in bytes after the last successful {@link #respond}} */
    public int frameLength() {
        return frameLength;
    }

    private static boolean isUnicastSource(MemorySegment segment, int family, long l3) {
        if (family == AddressFamily.IPV4) {
            int first = BigEndian.getUnsignedByte(segment, l3 + Ipv4Header.SOURCE_ADDRESS_OFFSET);
            return first != 0 && first != 127 && first < 224;
        }
        long a = l3 + Ipv6Header.SOURCE_ADDRESS_OFFSET;
        boolean unspecified = (BigEndian.getLong(segment, a) | BigEndian.getLong(segment, a + 8)) == 0;
        boolean multicast = BigEndian.getUnsignedByte(segment, a) == 0xFF;
        return !unspecified && !multicast;
    }
}
