package io.jvs.engine.synproxy;

import io.jvs.engine.packet.BigEndian;
import io.jvs.engine.packet.EthernetHeader;
import io.jvs.engine.packet.InternetChecksum;
import io.jvs.engine.packet.Ipv4Header;
import io.jvs.engine.packet.Ipv6Header;
import io.jvs.engine.packet.TcpHeader;
import io.jvs.engine.packet.TcpOptionReader;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.lang.foreign.MemorySegment;

/**
 * Writes the TCP segments the SYN proxy sends itself (SYN-ACK with a cookie, SYN and ACKs toward a
 * real server, RST): IPv4 or IPv6 header, TCP header with options, payload, every checksum computed
 * in full. Set the fields, then {@link #writeIp} or {@link #writeFrame}.
 *
 * <p>Options, in Linux's order and padding:
 * <pre>
 *  SYN, SYN-ACK   MSS(4) [SACK-permitted(2) timestamps(10) | NOP NOP timestamps(10) | NOP NOP SACK-permitted(2)]
 *                 [NOP window-scale(3)]                                            at most 24 bytes
 *  other          [NOP NOP timestamps(10)]
 * </pre>
 *
 * IPv4: no options, DF set, identification 0, TTL {@value #TTL}. IPv6: traffic class and flow label
 * 0, hop limit {@value #TTL}.
 *
 * <p><b>Not thread-safe</b>; one per worker. Allocation-free.
 */
final class SegmentWriter {

    /** TTL and hop limit of the segments written. */
    static final int TTL = 64;

    int family;
    final int[] source = new int[4];
    final int[] destination = new int[4];
    int sourcePort;
    int destinationPort;
    int sequence;
    int acknowledgment;
    int flags;
    int window;
    /** MSS option in bytes, or -1 for none (SYNs only). */
    int mss;
    /** Window-scale option, or -1 for none (SYNs only). */
    int windowScale;
    /** SACK-permitted option (SYNs only). */
    boolean sackPermitted;
    boolean timestamps;
    int timestampValue;
    int timestampEchoReply;
    MemorySegment payload;
    long payloadOffset;
    int payloadLength;

    /**
     * Resets options and payload, keeping nothing of the last segment but its memory.
     *
     * @return this writer
     */
    SegmentWriter clear() {
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        timestamps = false;
        timestampValue = 0;
        timestampEchoReply = 0;
        payload = null;
        payloadOffset = 0;
        payloadLength = 0;
        flags = 0;
        sequence = 0;
        acknowledgment = 0;
        window = 0;
        return this;
    }

    /**
     * Sets the endpoints.
     *
     * @param addressFamily the family
     * @param s0 source word 0
     * @param s1 word 1
     * @param s2 word 2
     * @param s3 word 3
     * @param sport source port
     * @param d0 destination word 0
     * @param d1 word 1
     * @param d2 word 2
     * @param d3 word 3
     * @param dport destination port
     * @return this writer
     */
    SegmentWriter endpoints(int addressFamily, int s0, int s1, int s2, int s3, int sport, int d0, int d1, int d2,
            int d3, int dport) {
        family = addressFamily;
        source[0] = s0;
        source[1] = s1;
        source[2] = s2;
        source[3] = s3;
        destination[0] = d0;
        destination[1] = d1;
        destination[2] = d2;
        destination[3] = d3;
        sourcePort = sport;
        destinationPort = dport;
        return this;
    }

    private int optionsLength() {
        boolean syn = (flags & io.jvs.engine.packet.TcpFlags.SYN) != 0;
        int n = 0;
        if (syn) {
            n += mss >= 0 ? 4 : 0;
            n += timestamps || sackPermitted ? (timestamps ? 12 : 4) : 0;
            n += windowScale >= 0 ? 4 : 0;
        } else if (timestamps) {
            n += 12;
        }
        return n;
    }

    /**
     * Returns the length of the IP packet {@link #writeIp} writes.
     *
     * @return bytes
     */
    int ipLength() {
        int ip = family == AddressFamily.IPV6 ? Ipv6Header.LENGTH : Ipv4Header.MIN_LENGTH;
        return ip + TcpHeader.MIN_LENGTH + optionsLength() + payloadLength;
    }

    /**
     * Writes an Ethernet frame: header (no VLAN tag), then {@link #writeIp}.
     *
     * @param segment the memory
     * @param offset where the frame starts
     * @param capacity bytes available from {@code offset}
     * @param sourceMac the frame's source MAC (48 bits)
     * @param destinationMac its destination MAC
     * @return the frame length, or -1 when it does not fit
     */
    int writeFrame(MemorySegment segment, long offset, int capacity, long sourceMac, long destinationMac) {
        int length = EthernetHeader.LENGTH + ipLength();
        if (length > capacity) {
            return -1;
        }
        putMac(segment, offset + EthernetHeader.DESTINATION_OFFSET, destinationMac);
        putMac(segment, offset + EthernetHeader.SOURCE_OFFSET, sourceMac);
        BigEndian.putShort(segment, offset + EthernetHeader.ETHER_TYPE_OFFSET,
                family == AddressFamily.IPV6 ? 0x86DD : 0x0800);
        writeIp(segment, offset + EthernetHeader.LENGTH, capacity - EthernetHeader.LENGTH);
        return length;
    }

    private static void putMac(MemorySegment segment, long offset, long mac) {
        BigEndian.putShort(segment, offset, (int) (mac >>> 32));
        BigEndian.putInt(segment, offset + 2, (int) mac);
    }

    /**
     * Writes the IP packet.
     *
     * @param segment the memory
     * @param offset where the IP header starts
     * @param capacity bytes available from {@code offset}
     * @return the IP packet's length, or -1 when it does not fit
     */
    int writeIp(MemorySegment segment, long offset, int capacity) {
        int total = ipLength();
        if (total > capacity) {
            return -1;
        }
        int tcpLength = TcpHeader.MIN_LENGTH + optionsLength() + payloadLength;
        long l4;
        long pseudo;
        if (family == AddressFamily.IPV6) {
            BigEndian.putInt(segment, offset, 0x6000_0000);
            BigEndian.putShort(segment, offset + Ipv6Header.PAYLOAD_LENGTH_OFFSET, tcpLength);
            BigEndian.putByte(segment, offset + Ipv6Header.NEXT_HEADER_OFFSET, IpProtocol.TCP);
            BigEndian.putByte(segment, offset + Ipv6Header.HOP_LIMIT_OFFSET, TTL);
            for (int w = 0; w < 4; w++) {
                BigEndian.putInt(segment, offset + Ipv6Header.SOURCE_ADDRESS_OFFSET + 4L * w, source[w]);
                BigEndian.putInt(segment, offset + Ipv6Header.DESTINATION_ADDRESS_OFFSET + 4L * w, destination[w]);
            }
            l4 = offset + Ipv6Header.LENGTH;
            pseudo = InternetChecksum.sum(segment, offset + Ipv6Header.SOURCE_ADDRESS_OFFSET, 32) + IpProtocol.TCP
                    + tcpLength;
        } else {
            BigEndian.putByte(segment, offset, 0x45);
            BigEndian.putByte(segment, offset + Ipv4Header.TOS_OFFSET, 0);
            BigEndian.putShort(segment, offset + Ipv4Header.TOTAL_LENGTH_OFFSET, total);
            BigEndian.putShort(segment, offset + Ipv4Header.IDENTIFICATION_OFFSET, 0);
            BigEndian.putShort(segment, offset + Ipv4Header.FLAGS_FRAGMENT_OFFSET_OFFSET, Ipv4Header.FLAG_DONT_FRAGMENT);
            BigEndian.putByte(segment, offset + Ipv4Header.TTL_OFFSET, TTL);
            BigEndian.putByte(segment, offset + Ipv4Header.PROTOCOL_OFFSET, IpProtocol.TCP);
            BigEndian.putShort(segment, offset + Ipv4Header.CHECKSUM_OFFSET, 0);
            BigEndian.putInt(segment, offset + Ipv4Header.SOURCE_ADDRESS_OFFSET, source[0]);
            BigEndian.putInt(segment, offset + Ipv4Header.DESTINATION_ADDRESS_OFFSET, destination[0]);
            BigEndian.putShort(segment, offset + Ipv4Header.CHECKSUM_OFFSET,
                    InternetChecksum.checksum(segment, offset, Ipv4Header.MIN_LENGTH));
            l4 = offset + Ipv4Header.MIN_LENGTH;
            pseudo = InternetChecksum.ipv4PseudoHeaderSum(source[0], destination[0], IpProtocol.TCP, tcpLength);
        }
        int options = optionsLength();
        BigEndian.putShort(segment, l4 + TcpHeader.SOURCE_PORT_OFFSET, sourcePort);
        BigEndian.putShort(segment, l4 + TcpHeader.DESTINATION_PORT_OFFSET, destinationPort);
        BigEndian.putInt(segment, l4 + TcpHeader.SEQUENCE_NUMBER_OFFSET, sequence);
        BigEndian.putInt(segment, l4 + TcpHeader.ACKNOWLEDGMENT_NUMBER_OFFSET, acknowledgment);
        BigEndian.putByte(segment, l4 + TcpHeader.DATA_OFFSET_OFFSET, ((TcpHeader.MIN_LENGTH + options) / 4) << 4);
        BigEndian.putByte(segment, l4 + TcpHeader.FLAGS_OFFSET, flags);
        BigEndian.putShort(segment, l4 + TcpHeader.WINDOW_OFFSET, Math.min(window, 0xFFFF));
        BigEndian.putShort(segment, l4 + TcpHeader.CHECKSUM_OFFSET, 0);
        BigEndian.putShort(segment, l4 + TcpHeader.URGENT_POINTER_OFFSET, 0);
        writeOptions(segment, l4 + TcpHeader.OPTIONS_OFFSET);
        long data = l4 + TcpHeader.MIN_LENGTH + options;
        if (payloadLength > 0) {
            MemorySegment.copy(payload, payloadOffset, segment, data, payloadLength);
        }
        int checksum = InternetChecksum.finish(pseudo + InternetChecksum.sum(segment, l4, tcpLength));
        BigEndian.putShort(segment, l4 + TcpHeader.CHECKSUM_OFFSET, checksum);
        return total;
    }

    private void writeOptions(MemorySegment segment, long at) {
        long p = at;
        if ((flags & io.jvs.engine.packet.TcpFlags.SYN) != 0) {
            if (mss >= 0) {
                BigEndian.putByte(segment, p, TcpOptionReader.MSS);
                BigEndian.putByte(segment, p + 1, TcpOptionReader.MSS_LENGTH);
                BigEndian.putShort(segment, p + 2, mss);
                p += 4;
            }
            if (timestamps && sackPermitted) {
                BigEndian.putByte(segment, p, TcpOptionReader.SACK_PERMITTED);
                BigEndian.putByte(segment, p + 1, TcpOptionReader.SACK_PERMITTED_LENGTH);
                p = putTimestamps(segment, p + 2);
            } else if (timestamps) {
                p = putTimestamps(segment, putNops(segment, p));
            } else if (sackPermitted) {
                p = putNops(segment, p);
                BigEndian.putByte(segment, p, TcpOptionReader.SACK_PERMITTED);
                BigEndian.putByte(segment, p + 1, TcpOptionReader.SACK_PERMITTED_LENGTH);
                p += 2;
            }
            if (windowScale >= 0) {
                BigEndian.putByte(segment, p, TcpOptionReader.NOP);
                BigEndian.putByte(segment, p + 1, TcpOptionReader.WINDOW_SCALE);
                BigEndian.putByte(segment, p + 2, TcpOptionReader.WINDOW_SCALE_LENGTH);
                BigEndian.putByte(segment, p + 3, windowScale);
            }
        } else if (timestamps) {
            putTimestamps(segment, putNops(segment, p));
        }
    }

    private static long putNops(MemorySegment segment, long p) {
        BigEndian.putByte(segment, p, TcpOptionReader.NOP);
        BigEndian.putByte(segment, p + 1, TcpOptionReader.NOP);
        return p + 2;
    }

    private long putTimestamps(MemorySegment segment, long p) {
        BigEndian.putByte(segment, p, TcpOptionReader.TIMESTAMPS);
        BigEndian.putByte(segment, p + 1, TcpOptionReader.TIMESTAMPS_LENGTH);
        BigEndian.putInt(segment, p + 2, timestampValue);
        BigEndian.putInt(segment, p + 6, timestampEchoReply);
        return p + 10;
    }
}
