package io.jvs.dpdk;

import io.jvs.engine.packet.BigEndian;
import io.jvs.engine.packet.EtherType;
import io.jvs.engine.packet.EthernetHeader;
import io.jvs.engine.packet.IcmpHeader;
import io.jvs.engine.packet.InternetChecksum;
import io.jvs.engine.packet.Ipv6Header;
import io.jvs.engine.packet.MacAddress;
import io.jvs.engine.pipeline.Ipv6Neighbors;
import io.jvs.engine.pipeline.NeighborTable;
import java.lang.foreign.MemorySegment;

/**
 * IPv6 neighbour discovery for {@link DpdkPacketIo} (RFC 4861 section 7.2): the engine names an IPv6
 * next hop without a static MAC by its slot in {@link #neighbors} ({@link NeighborTable#ipv6Token});
 * before such a frame leaves, the slot's address must be on an on-link prefix, and its MAC from the
 * slot replaces the token; unresolved, a neighbour solicitation goes out from the port (at most one
 * per retry interval) and the frame waits, as for ARP ({@link NeighborResolver}).
 *
 * <pre>
 *   TX frame, dst = 03:fe:slot ──> slot's address on-link? ── no ──> freed (noRoute)
 *        │ MAC known: written, sent (stale: solicited again)
 *        └ unknown: NS to ff02::1:ffXX:XXXX (eth 33:33:ff:XX:XX:XX), frame held
 *   RX neighbour advertisement (hop limit 255, valid checksum) ──> target's MAC learned
 *        (target link-layer option, else the frame's source); consumed when sent to the port's MAC
 *   RX neighbour solicitation for an owned address ──> the solicitor learned (source link-layer option)
 * </pre>
 *
 * There is no IPv6 gateway yet: a next hop off every on-link prefix is not reachable.
 *
 * @param onLinkHigh the on-link prefixes' high 64 bits
 * @param onLinkLow their low 64 bits
 * @param onLinkLength their lengths, 0..128
 * @param sourcesHigh jvs's own IPv6 addresses (solicitations' sources), high 64 bits
 * @param sourcesLow their low 64 bits
 * @param neighbors the slots the engine names and their answers
 * @param ownMac the port's MAC
 * @param timeoutNanos how long an answer is trusted before the neighbour is asked again
 * @param retryNanos least time between two solicitations for one neighbour
 * @param holdNanos longest time a frame waits for its neighbour's answer
 */
public record Ipv6NeighborResolver(long[] onLinkHigh, long[] onLinkLow, int[] onLinkLength, long[] sourcesHigh,
        long[] sourcesLow, Ipv6Neighbors neighbors, long ownMac, long timeoutNanos, long retryNanos, long holdNanos) {

    /** Length of a solicitation frame: 14 + 40 + 24 + 8 (source link-layer option), bytes. */
    public static final int SOLICITATION_LENGTH = 86;
    /** {@link #learn}: an advertisement to jvs; it is consumed. */
    public static final int CONSUMED = 1;
    /** {@link #learn}: the frame goes on. */
    public static final int PASSED = 0;

    private static final int ETH = EthernetHeader.LENGTH;
    private static final int ICMPV6 = 58;
    private static final int HOP_LIMIT = 255;

    /**
     * Tells whether an address is on an on-link prefix.
     *
     * @param h its high 64 bits
     * @param l its low 64 bits
     * @return {@code true} when it is reached directly
     */
    public boolean isOnLink(long h, long l) {
        for (int i = 0; i < onLinkLength.length; i++) {
            int n = onLinkLength[i];
            long maskHigh = n == 0 ? 0 : n >= 64 ? -1L : -1L << (64 - n);
            long maskLow = n <= 64 ? 0 : n == 128 ? -1L : -1L << (128 - n);
            if ((h & maskHigh) == onLinkHigh[i] && (l & maskLow) == onLinkLow[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Learns from an ICMPv6 neighbour advertisement, or a solicitation for an owned address.
     *
     * @param segment memory holding the frame
     * @param frame the frame's first byte
     * @param length the frame's length, bytes
     * @param owned jvs's addresses
     * @param nowNanos the time
     * @return {@link #CONSUMED} for an advertisement to the port's MAC, else {@link #PASSED}
     */
    public int learn(MemorySegment segment, long frame, int length, OwnedAddresses owned, long nowNanos) {
        if (length < ETH + Ipv6Header.LENGTH + 24
                || BigEndian.getUnsignedShort(segment, frame + EthernetHeader.ETHER_TYPE_OFFSET) != EtherType.IPV6) {
            return PASSED;
        }
        long ip = frame + ETH;
        long icmp = ip + Ipv6Header.LENGTH;
        int type = BigEndian.getUnsignedByte(segment, icmp + IcmpHeader.TYPE_OFFSET);
        int payloadLength = BigEndian.getUnsignedShort(segment, ip + Ipv6Header.PAYLOAD_LENGTH_OFFSET);
        if ((type != IcmpHeader.V6_NEIGHBOR_ADVERTISEMENT && type != IcmpHeader.V6_NEIGHBOR_SOLICITATION)
                || BigEndian.getUnsignedByte(segment, ip + Ipv6Header.NEXT_HEADER_OFFSET) != ICMPV6
                || BigEndian.getUnsignedByte(segment, ip + Ipv6Header.HOP_LIMIT_OFFSET) != HOP_LIMIT
                || BigEndian.getUnsignedByte(segment, icmp + IcmpHeader.CODE_OFFSET) != 0
                || payloadLength < 24 || payloadLength > length - ETH - Ipv6Header.LENGTH) {
            return PASSED;
        }
        long sum = InternetChecksum.ipv6PseudoHeaderSum(segment, ip, ICMPV6, payloadLength)
                + InternetChecksum.sum(segment, icmp, payloadLength);
        if (InternetChecksum.fold(sum) != 0xFFFF) {
            return PASSED;
        }
        boolean advertisement = type == IcmpHeader.V6_NEIGHBOR_ADVERTISEMENT;
        long mac = advertisement ? linkLayerOption(segment, icmp, payloadLength, 2) : linkLayerOption(segment, icmp,
                payloadLength, 1);
        if (advertisement) {
            long h = BigEndian.getLong(segment, icmp + 8);
            long l = BigEndian.getLong(segment, icmp + 16);
            if (mac == 0) {
                mac = MacAddress.read(segment, frame + 6);
            }
            int slot = neighbors.find(h, l);
            if (slot != Ipv6Neighbors.MISSING) {
                neighbors.learn(slot, mac, nowNanos);
            }
            return MacAddress.read(segment, frame) == ownMac ? CONSUMED : PASSED;
        }
        long targetHigh = BigEndian.getLong(segment, icmp + 8);
        long targetLow = BigEndian.getLong(segment, icmp + 16);
        long sourceHigh = BigEndian.getLong(segment, ip + Ipv6Header.SOURCE_ADDRESS_OFFSET);
        long sourceLow = BigEndian.getLong(segment, ip + Ipv6Header.SOURCE_ADDRESS_OFFSET + 8);
        if (mac != 0 && (sourceHigh != 0 || sourceLow != 0) && owned.ownsIpv6(targetHigh, targetLow)) {
            int slot = neighbors.claim(sourceHigh, sourceLow);
            if (slot != Ipv6Neighbors.MISSING) {
                neighbors.learn(slot, mac, nowNanos);
            }
        }
        return PASSED;
    }

    /** The MAC of the first link-layer option of a type (1 source, 2 target), or 0. */
    private static long linkLayerOption(MemorySegment segment, long icmp, int payloadLength, int type) {
        for (long o = icmp + 24; o + 8 <= icmp + payloadLength; ) {
            int optionLength = BigEndian.getUnsignedByte(segment, o + 1) * 8;
            if (optionLength == 0) {
                return 0;
            }
            if (BigEndian.getUnsignedByte(segment, o) == type && optionLength == 8) {
                return MacAddress.read(segment, o + 2);
            }
            o += optionLength;
        }
        return 0;
    }

    /**
     * Writes a neighbour solicitation for a slot's address, from the own address sharing the longest
     * prefix with it.
     *
     * @param segment memory of at least {@link #SOLICITATION_LENGTH} bytes from {@code frame}
     * @param frame where the frame starts
     * @param slot the neighbour's slot
     */
    public void writeSolicitation(MemorySegment segment, long frame, int slot) {
        long h = neighbors.high(slot);
        long l = neighbors.low(slot);
        segment.asSlice(frame, SOLICITATION_LENGTH).fill((byte) 0);
        MacAddress.write(segment, frame, 0x3333_FF00_0000L | (l & 0xFF_FFFFL));
        MacAddress.write(segment, frame + 6, ownMac);
        BigEndian.putShort(segment, frame + EthernetHeader.ETHER_TYPE_OFFSET, EtherType.IPV6);
        long ip = frame + ETH;
        BigEndian.putInt(segment, ip, 0x6000_0000);
        BigEndian.putShort(segment, ip + Ipv6Header.PAYLOAD_LENGTH_OFFSET, 32);
        BigEndian.putByte(segment, ip + Ipv6Header.NEXT_HEADER_OFFSET, ICMPV6);
        BigEndian.putByte(segment, ip + Ipv6Header.HOP_LIMIT_OFFSET, HOP_LIMIT);
        int source = sourceFor(h, l);
        BigEndian.putLong(segment, ip + Ipv6Header.SOURCE_ADDRESS_OFFSET, source < 0 ? 0 : sourcesHigh[source]);
        BigEndian.putLong(segment, ip + Ipv6Header.SOURCE_ADDRESS_OFFSET + 8, source < 0 ? 0 : sourcesLow[source]);
        BigEndian.putLong(segment, ip + Ipv6Header.DESTINATION_ADDRESS_OFFSET, 0xFF02_0000_0000_0000L);
        BigEndian.putLong(segment, ip + Ipv6Header.DESTINATION_ADDRESS_OFFSET + 8, 0x0000_0001_FF00_0000L
                | (l & 0xFF_FFFFL));
        long icmp = ip + Ipv6Header.LENGTH;
        BigEndian.putByte(segment, icmp + IcmpHeader.TYPE_OFFSET, IcmpHeader.V6_NEIGHBOR_SOLICITATION);
        BigEndian.putLong(segment, icmp + 8, h);
        BigEndian.putLong(segment, icmp + 16, l);
        BigEndian.putShort(segment, icmp + 24, 0x0101);
        MacAddress.write(segment, icmp + 26, ownMac);
        BigEndian.putShort(segment, icmp + IcmpHeader.CHECKSUM_OFFSET, InternetChecksum.finish(
                InternetChecksum.ipv6PseudoHeaderSum(segment, ip, ICMPV6, 32) + InternetChecksum.sum(segment, icmp, 32)));
    }

    /** The index of the own address sharing the longest prefix with an address, -1 when there is none. */
    private int sourceFor(long h, long l) {
        int best = -1;
        int bestLength = -1;
        for (int i = 0; i < sourcesHigh.length; i++) {
            long x = sourcesHigh[i] ^ h;
            int common = x != 0 ? Long.numberOfLeadingZeros(x) : 64 + Long.numberOfLeadingZeros(sourcesLow[i] ^ l);
            if (common > bestLength) {
                best = i;
                bestLength = common;
            }
        }
        return best;
    }
}
