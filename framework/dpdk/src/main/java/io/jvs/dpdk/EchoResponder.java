package io.jvs.dpdk;

import io.jvs.engine.packet.BigEndian;
import io.jvs.engine.packet.EtherType;
import io.jvs.engine.packet.EthernetHeader;
import io.jvs.engine.packet.IcmpHeader;
import io.jvs.engine.packet.InternetChecksum;
import io.jvs.engine.packet.Ipv4Header;
import io.jvs.engine.packet.Ipv6Header;
import io.jvs.engine.packet.MacAddress;
import java.lang.foreign.MemorySegment;

/**
 * Answers ICMP echo requests (RFC 792) and ICMPv6 echo requests (RFC 4443 section 4.1) to the
 * addresses jvs owns — virtual addresses, FULLNAT local addresses, {@code engine.dpdk.addresses} —
 * by turning the request into the reply in its own buffer, before the engine sees it:
 *
 * <pre>
 * request: eth dst=OWN src=H | IPv4 src=C dst=A ttl=t | ICMP type=8 code=0 csum=k id seq data
 * reply:   eth dst=H src=OWN | IPv4 src=A dst=C ttl=64 (header checksum recomputed)
 *                                                      | ICMP type=0 code=0 csum=k' id seq data
 * (IPv6: next header 58, hop limit 64, type 128 -> 129; the pseudo-header keeps its sum)
 * </pre>
 *
 * <p>The ICMP checksum is verified over the whole message (and the IPv6 pseudo-header), then
 * adjusted for the type change (RFC 1624): the reply's checksum is right exactly when the request's
 * was. Only untagged frames are answered; IPv4 fragments, IPv4 packets with a bad header checksum,
 * IPv6 packets with extension headers, lengths beyond the frame and bad ICMP checksums are left to the
 * engine unchanged (which drops or counts them). The frame keeps its length (padding included).
 *
 * <p>No rate limit: a reply is made in place, is as long as its request and goes back to the
 * request's sender (no amplification, no reflection to a third party), as Linux answers echo requests
 * without one ({@code icmp_ratemask} leaves echo replies out). Allocation-free; shared by all queues.
 * The address set is replaced as a whole ({@link #setAddresses}, one volatile write).
 */
public final class EchoResponder {

    /** The hop limit (TTL) of replies: 64, Linux's default. */
    public static final int REPLY_HOP_LIMIT = 64;

    private static final int ETH = EthernetHeader.LENGTH;
    private static final int IPV6_NEXT_HEADER_ICMPV6 = 58;
    private static final int IPV4_PROTOCOL_ICMP = 1;

    private final long ownMac;
    private volatile OwnedAddresses addresses;

    /**
     * Creates a responder.
     *
     * @param ownMac the port's MAC address, in the low 48 bits
     * @param addresses the addresses to answer for
     */
    public EchoResponder(long ownMac, OwnedAddresses addresses) {
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
     * Turns an echo request to an owned address into its reply, in place.
     *
     * @param segment memory holding the frame
     * @param frame the frame's first byte
     * @param length the frame's length, bytes
     * @return {@code true} when the frame is now a reply to send back; {@code false} when it was left
     *     unchanged
     */
    public boolean answer(MemorySegment segment, long frame, int length) {
        if (length < ETH + Ipv4Header.MIN_LENGTH + IcmpHeader.LENGTH) {
            return false;
        }
        int etherType = BigEndian.getUnsignedShort(segment, frame + EthernetHeader.ETHER_TYPE_OFFSET);
        if (etherType == EtherType.IPV4) {
            return answerIpv4(segment, frame, length);
        }
        if (etherType == EtherType.IPV6) {
            return answerIpv6(segment, frame, length);
        }
        return false;
    }

    private boolean answerIpv4(MemorySegment s, long frame, int length) {
        long ip = frame + ETH;
        int versionIhl = BigEndian.getUnsignedByte(s, ip);
        int headerLength = (versionIhl & 0x0F) * 4;
        if (versionIhl >>> 4 != 4 || headerLength < Ipv4Header.MIN_LENGTH
                || BigEndian.getUnsignedByte(s, ip + Ipv4Header.PROTOCOL_OFFSET) != IPV4_PROTOCOL_ICMP) {
            return false;
        }
        int totalLength = BigEndian.getUnsignedShort(s, ip + Ipv4Header.TOTAL_LENGTH_OFFSET);
        int flags = BigEndian.getUnsignedShort(s, ip + Ipv4Header.FLAGS_FRAGMENT_OFFSET_OFFSET);
        if (totalLength < headerLength + IcmpHeader.LENGTH || totalLength > length - ETH
                || (flags & (Ipv4Header.FLAG_MORE_FRAGMENTS | Ipv4Header.FRAGMENT_OFFSET_MASK)) != 0) {
            return false;
        }
        long icmp = ip + headerLength;
        int destination = BigEndian.getInt(s, ip + Ipv4Header.DESTINATION_ADDRESS_OFFSET);
        if (BigEndian.getUnsignedByte(s, icmp + IcmpHeader.TYPE_OFFSET) != IcmpHeader.V4_ECHO_REQUEST
                || BigEndian.getUnsignedByte(s, icmp + IcmpHeader.CODE_OFFSET) != 0
                || !addresses.ownsIpv4(destination)
                || !InternetChecksum.isIpv4HeaderChecksumValid(s, ip)
                || InternetChecksum.fold(InternetChecksum.sum(s, icmp, totalLength - headerLength)) != 0xFFFF) {
            return false;
        }
        int source = BigEndian.getInt(s, ip + Ipv4Header.SOURCE_ADDRESS_OFFSET);
        BigEndian.putInt(s, ip + Ipv4Header.SOURCE_ADDRESS_OFFSET, destination);
        BigEndian.putInt(s, ip + Ipv4Header.DESTINATION_ADDRESS_OFFSET, source);
        BigEndian.putByte(s, ip + Ipv4Header.TTL_OFFSET, REPLY_HOP_LIMIT);
        BigEndian.putShort(s, ip + Ipv4Header.CHECKSUM_OFFSET, 0);
        BigEndian.putShort(s, ip + Ipv4Header.CHECKSUM_OFFSET, InternetChecksum.ipv4HeaderChecksum(s, ip));
        replyType(s, icmp, IcmpHeader.V4_ECHO_REQUEST, IcmpHeader.V4_ECHO_REPLY);
        swapMacs(s, frame);
        return true;
    }

    private boolean answerIpv6(MemorySegment s, long frame, int length) {
        long ip = frame + ETH;
        if (length < ETH + Ipv6Header.LENGTH + IcmpHeader.LENGTH
                || BigEndian.getUnsignedByte(s, ip) >>> 4 != 6
                || BigEndian.getUnsignedByte(s, ip + Ipv6Header.NEXT_HEADER_OFFSET) != IPV6_NEXT_HEADER_ICMPV6) {
            return false;
        }
        int payloadLength = BigEndian.getUnsignedShort(s, ip + Ipv6Header.PAYLOAD_LENGTH_OFFSET);
        long icmp = ip + Ipv6Header.LENGTH;
        if (payloadLength < IcmpHeader.LENGTH || payloadLength > length - ETH - Ipv6Header.LENGTH
                || BigEndian.getUnsignedByte(s, icmp + IcmpHeader.TYPE_OFFSET) != IcmpHeader.V6_ECHO_REQUEST
                || BigEndian.getUnsignedByte(s, icmp + IcmpHeader.CODE_OFFSET) != 0) {
            return false;
        }
        long destinationHigh = BigEndian.getLong(s, ip + Ipv6Header.DESTINATION_ADDRESS_OFFSET);
        long destinationLow = BigEndian.getLong(s, ip + Ipv6Header.DESTINATION_ADDRESS_OFFSET + 8);
        if (!addresses.ownsIpv6(destinationHigh, destinationLow)) {
            return false;
        }
        long sum = InternetChecksum.ipv6PseudoHeaderSum(s, ip, IPV6_NEXT_HEADER_ICMPV6, payloadLength)
                + InternetChecksum.sum(s, icmp, payloadLength);
        if (InternetChecksum.fold(sum) != 0xFFFF) {
            return false;
        }
        long sourceHigh = BigEndian.getLong(s, ip + Ipv6Header.SOURCE_ADDRESS_OFFSET);
        long sourceLow = BigEndian.getLong(s, ip + Ipv6Header.SOURCE_ADDRESS_OFFSET + 8);
        BigEndian.putLong(s, ip + Ipv6Header.SOURCE_ADDRESS_OFFSET, destinationHigh);
        BigEndian.putLong(s, ip + Ipv6Header.SOURCE_ADDRESS_OFFSET + 8, destinationLow);
        BigEndian.putLong(s, ip + Ipv6Header.DESTINATION_ADDRESS_OFFSET, sourceHigh);
        BigEndian.putLong(s, ip + Ipv6Header.DESTINATION_ADDRESS_OFFSET + 8, sourceLow);
        BigEndian.putByte(s, ip + Ipv6Header.HOP_LIMIT_OFFSET, REPLY_HOP_LIMIT);
        replyType(s, icmp, IcmpHeader.V6_ECHO_REQUEST, IcmpHeader.V6_ECHO_REPLY);
        swapMacs(s, frame);
        return true;
    }

    /** Sets the reply type (code 0) and adjusts the checksum for the changed word. */
    private static void replyType(MemorySegment s, long icmp, int requestType, int replyType) {
        BigEndian.putByte(s, icmp + IcmpHeader.TYPE_OFFSET, replyType);
        int checksum = BigEndian.getUnsignedShort(s, icmp + IcmpHeader.CHECKSUM_OFFSET);
        BigEndian.putShort(s, icmp + IcmpHeader.CHECKSUM_OFFSET,
                InternetChecksum.adjust16(checksum, requestType << 8, replyType << 8));
    }

    private void swapMacs(MemorySegment s, long frame) {
        long requester = MacAddress.read(s, frame + 6);
        MacAddress.write(s, frame, requester);
        MacAddress.write(s, frame + 6, ownMac);
    }
}
