package io.jvs.dpdk;

import io.jvs.engine.packet.BigEndian;
import io.jvs.engine.packet.EtherType;
import io.jvs.engine.packet.EthernetHeader;
import io.jvs.engine.packet.IcmpHeader;
import io.jvs.engine.packet.InternetChecksum;
import io.jvs.engine.packet.Ipv6Header;
import io.jvs.engine.packet.MacAddress;
import java.lang.foreign.MemorySegment;

/**
 * Answers IPv6 neighbour solicitations (RFC 4861 section 7.2.4) for the IPv6 addresses jvs owns with
 * a neighbour advertisement carrying the port's MAC, written over the solicitation in its own buffer:
 *
 * <pre>
 * NS: eth dst=33:33:ff:t.t.t (or OWN) src=H | IPv6 src=S dst=ff02::1:fft:tttt (or T) hl=255 nh=58
 *     | ICMPv6 135 code 0 csum | reserved(4) | target T(16) | [option 1 (source link-layer) len 1 H]
 * NA: eth dst=H src=OWN | IPv6 src=T dst=S hl=255 nh=58 payload 32
 *     | ICMPv6 136 code 0 csum | R=0 S=1 O=1 (flags word 0x60000000) | target T | option 2 len 1 OWN
 * (S = :: (duplicate address detection): dst = ff02::1, eth dst 33:33:00:00:00:01, S flag 0)
 * </pre>
 *
 * <p>The reply is always 86 bytes (14 + 40 + 32); a shorter solicitation (no option) grows into its
 * buffer's tailroom, which the caller checks ({@link #REPLY_LENGTH}). The solicitation is checked as
 * the RFC asks: hop limit 255, code 0, ICMPv6 checksum over the pseudo-header, at least 24 bytes,
 * target not multicast; then the target must be owned. Anything else is left unchanged for the
 * engine. The requester's MAC is the source link-layer option's when there is one, else the frame's
 * source. Only untagged frames without extension headers. Allocation-free; shared by all queues.
 */
public final class NeighborAdvertiser {

    /** Length of every advertisement frame, bytes. */
    public static final int REPLY_LENGTH = EthernetHeader.LENGTH + Ipv6Header.LENGTH + 32;
    /** ICMPv6 neighbour solicitations and advertisements carry hop limit 255 (RFC 4861). */
    public static final int ND_HOP_LIMIT = 255;

    private static final int ETH = EthernetHeader.LENGTH;
    private static final int ICMPV6 = 58;
    private static final int NS_MIN_LENGTH = 24;
    private static final int TARGET_OFFSET = 8;
    private static final int OPTIONS_OFFSET = 24;
    private static final int OPTION_SOURCE_LINK_LAYER = 1;
    private static final int OPTION_TARGET_LINK_LAYER = 2;
    private static final int FLAGS_SOLICITED_OVERRIDE = 0x6000_0000;
    private static final int FLAGS_OVERRIDE = 0x2000_0000;
    private static final long ALL_NODES_HIGH = 0xFF02_0000_0000_0000L;
    private static final long ALL_NODES_LOW = 1L;
    private static final long ALL_NODES_MAC = 0x3333_0000_0001L;

    private final long ownMac;
    private volatile OwnedAddresses addresses;

    /**
     * Creates an advertiser.
     *
     * @param ownMac the port's MAC address, in the low 48 bits
     * @param addresses the addresses to answer for (their IPv6 part)
     */
    public NeighborAdvertiser(long ownMac, OwnedAddresses addresses) {
        this.ownMac = ownMac;
        this.addresses = addresses;
    }

    /**
     * Replaces the addresses answered for; any thread, visible to the workers' next frame.
     *
     * @param addresses the addresses
     */
    public void setAddresses(OwnedAddresses addresses) {
        this.addresses = addresses;
    }

    /** Returns the addresses answered for. @return the set */
    public OwnedAddresses addresses() {
        return addresses;
    }

    /**
     * Turns a neighbour solicitation for an owned address into the advertisement, in place.
     *
     * @param segment memory holding the frame
     * @param frame the frame's first byte
     * @param length the frame's length, bytes
     * @param room bytes available from {@code frame} to the end of the buffer (at least {@code length})
     * @return the advertisement's length ({@link #REPLY_LENGTH}) when the frame is now one to send
     *     back; 0 when it was left unchanged
     */
    public int answer(MemorySegment segment, long frame, int length, int room) {
        if (length < ETH + Ipv6Header.LENGTH + NS_MIN_LENGTH || room < REPLY_LENGTH
                || BigEndian.getUnsignedShort(segment, frame + EthernetHeader.ETHER_TYPE_OFFSET) != EtherType.IPV6) {
            return 0;
        }
        long ip = frame + ETH;
        long icmp = ip + Ipv6Header.LENGTH;
        int payloadLength = BigEndian.getUnsignedShort(segment, ip + Ipv6Header.PAYLOAD_LENGTH_OFFSET);
        if (BigEndian.getUnsignedByte(segment, ip) >>> 4 != 6
                || BigEndian.getUnsignedByte(segment, ip + Ipv6Header.NEXT_HEADER_OFFSET) != ICMPV6
                || BigEndian.getUnsignedByte(segment, ip + Ipv6Header.HOP_LIMIT_OFFSET) != ND_HOP_LIMIT
                || payloadLength < NS_MIN_LENGTH || payloadLength > length - ETH - Ipv6Header.LENGTH
                || BigEndian.getUnsignedByte(segment, icmp + IcmpHeader.TYPE_OFFSET)
                        != IcmpHeader.V6_NEIGHBOR_SOLICITATION
                || BigEndian.getUnsignedByte(segment, icmp + IcmpHeader.CODE_OFFSET) != 0) {
            return 0;
        }
        long targetHigh = BigEndian.getLong(segment, icmp + TARGET_OFFSET);
        long targetLow = BigEndian.getLong(segment, icmp + TARGET_OFFSET + 8);
        if ((targetHigh >>> 56) == 0xFF || !addresses.ownsIpv6(targetHigh, targetLow)) {
            return 0;
        }
        long sum = InternetChecksum.ipv6PseudoHeaderSum(segment, ip, ICMPV6, payloadLength)
                + InternetChecksum.sum(segment, icmp, payloadLength);
        if (InternetChecksum.fold(sum) != 0xFFFF) {
            return 0;
        }
        long requesterMac = MacAddress.read(segment, frame + 6);
        for (long o = icmp + OPTIONS_OFFSET; o + 8 <= icmp + payloadLength; ) {
            int optionLength = BigEndian.getUnsignedByte(segment, o + 1) * 8;
            if (optionLength == 0) {
                return 0;
            }
            if (BigEndian.getUnsignedByte(segment, o) == OPTION_SOURCE_LINK_LAYER && optionLength == 8) {
                requesterMac = MacAddress.read(segment, o + 2);
            }
            o += optionLength;
        }
        long sourceHigh = BigEndian.getLong(segment, ip + Ipv6Header.SOURCE_ADDRESS_OFFSET);
        long sourceLow = BigEndian.getLong(segment, ip + Ipv6Header.SOURCE_ADDRESS_OFFSET + 8);
        boolean detection = sourceHigh == 0 && sourceLow == 0;
        long destinationHigh = detection ? ALL_NODES_HIGH : sourceHigh;
        long destinationLow = detection ? ALL_NODES_LOW : sourceLow;
        MacAddress.write(segment, frame, detection ? ALL_NODES_MAC : requesterMac);
        MacAddress.write(segment, frame + 6, ownMac);
        BigEndian.putInt(segment, ip + Ipv6Header.VERSION_CLASS_FLOW_OFFSET, 0x6000_0000);
        BigEndian.putShort(segment, ip + Ipv6Header.PAYLOAD_LENGTH_OFFSET, 32);
        BigEndian.putLong(segment, ip + Ipv6Header.SOURCE_ADDRESS_OFFSET, targetHigh);
        BigEndian.putLong(segment, ip + Ipv6Header.SOURCE_ADDRESS_OFFSET + 8, targetLow);
        BigEndian.putLong(segment, ip + Ipv6Header.DESTINATION_ADDRESS_OFFSET, destinationHigh);
        BigEndian.putLong(segment, ip + Ipv6Header.DESTINATION_ADDRESS_OFFSET + 8, destinationLow);
        BigEndian.putInt(segment, icmp, IcmpHeader.V6_NEIGHBOR_ADVERTISEMENT << 24);
        BigEndian.putInt(segment, icmp + 4, detection ? FLAGS_OVERRIDE : FLAGS_SOLICITED_OVERRIDE);
        BigEndian.putLong(segment, icmp + TARGET_OFFSET, targetHigh);
        BigEndian.putLong(segment, icmp + TARGET_OFFSET + 8, targetLow);
        BigEndian.putShort(segment, icmp + OPTIONS_OFFSET, (OPTION_TARGET_LINK_LAYER << 8) | 1);
        MacAddress.write(segment, icmp + OPTIONS_OFFSET + 2, ownMac);
        int checksum = InternetChecksum.finish(InternetChecksum.ipv6PseudoHeaderSum(segment, ip, ICMPV6, 32)
                + InternetChecksum.sum(segment, icmp, 32));
        BigEndian.putShort(segment, icmp + IcmpHeader.CHECKSUM_OFFSET, checksum);
        return REPLY_LENGTH;
    }
}
