package io.jvs.engine.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.IpProtocol;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cuts builder-made frames at every length, in segments exactly as long as the cut, so that any read
 * past a bound would throw.
 */
class PacketTruncationTest {
    private final ParsedPacket p = new ParsedPacket();

    private static Map<String, byte[]> all() {
        Map<String, byte[]> m = new LinkedHashMap<>(SamplePackets.whole());
        m.putAll(SamplePackets.other());
        return m;
    }

    @Test
    void shouldReportTruncationAtEveryCutOfEveryKind() {
        for (Map.Entry<String, byte[]> e : all().entrySet()) {
            byte[] frame = e.getValue();
            assertEquals(ParseResult.OK, parse(MemorySegment.ofArray(frame), frame.length), e.getKey());
            int l2 = (int) p.l3Offset();
            for (int cut = 0; cut < frame.length; cut++) {
                byte[] shorter = Arrays.copyOf(frame, cut);
                int code = parse(MemorySegment.ofArray(shorter), cut);
                int expected = cut < l2 ? ParseResult.TRUNCATED_L2 : ParseResult.TRUNCATED_L3;
                assertEquals(ParseResult.name(expected), ParseResult.name(code), e.getKey() + " cut at " + cut);
            }
        }
    }

    @Test
    void shouldNeverReadPastANativeSegmentOfTheCutLength() {
        for (Map.Entry<String, byte[]> e : all().entrySet()) {
            byte[] frame = e.getValue();
            try (Arena arena = Arena.ofConfined()) {
                for (int cut = 0; cut <= frame.length; cut++) {
                    MemorySegment s = arena.allocate(Math.max(cut, 1)).asSlice(0, cut);
                    MemorySegment.copy(frame, 0, s, BigEndian.BYTE, 0, cut);
                    int code = parse(s, cut);
                    assertEquals(cut == frame.length, code == ParseResult.OK, e.getKey() + " cut at " + cut);
                }
            }
        }
    }

    @Test
    void shouldFailAtTheLayerACutWithMatchingIpLengthFallsIn() {
        for (Map.Entry<String, byte[]> e : SamplePackets.whole().entrySet()) {
            byte[] frame = e.getValue();
            assertEquals(ParseResult.OK, parse(MemorySegment.ofArray(frame), frame.length), e.getKey());
            int l3 = (int) p.l3Offset();
            int family = p.family();
            int headers = p.ipHeaderLength();
            int protocol = p.protocol();
            int tcpHeaderLength = p.tcpHeaderLength();
            int ipLength = p.ipPacketLength();
            for (int ipCut = 0; ipCut <= ipLength; ipCut++) {
                byte[] shorter = Arrays.copyOf(frame, l3 + ipCut);
                MemorySegment s = MemorySegment.ofArray(shorter);
                if (family == 4 && ipCut >= Ipv4Header.MIN_LENGTH) {
                    Ipv4Header ip = new Ipv4Header().wrap(s, l3).totalLength(ipCut);
                    if (ipCut >= ip.headerLength()) {
                        ip.updateChecksum();
                    }
                } else if (family == 6 && ipCut >= Ipv6Header.LENGTH) {
                    new Ipv6Header().wrap(s, l3).payloadLength(ipCut - Ipv6Header.LENGTH);
                }
                int code = parse(s, shorter.length);
                int expected = expectedForCut(family, headers, protocol, tcpHeaderLength, ipLength, ipCut);
                assertEquals(ParseResult.name(expected), ParseResult.name(code), e.getKey() + " IP length cut to " + ipCut);
            }
        }
    }

    private static int expectedForCut(int family, int headers, int protocol, int tcpHeaderLength, int ipLength, int cut) {
        if (cut < (family == 4 ? Ipv4Header.MIN_LENGTH : Ipv6Header.LENGTH)) {
            return ParseResult.TRUNCATED_L3;
        }
        if (cut < headers) {
            return family == 4 ? ParseResult.BAD_IPV4_HEADER_LENGTH : ParseResult.TRUNCATED_L3;
        }
        int rest = cut - headers;
        return switch (protocol) {
            case IpProtocol.TCP -> rest < 20 ? ParseResult.TRUNCATED_L4
                    : rest < tcpHeaderLength ? ParseResult.BAD_TCP_DATA_OFFSET : ParseResult.OK;
            case IpProtocol.UDP -> rest < 8 ? ParseResult.TRUNCATED_L4
                    : cut < ipLength ? ParseResult.BAD_UDP_LENGTH : ParseResult.OK;
            default -> rest < 8 ? ParseResult.TRUNCATED_L4 : ParseResult.OK;
        };
    }

    @Test
    void shouldKeepOkResultsConsistentWhenFragmentsAreCut() {
        int okCount = 0;
        for (Map.Entry<String, byte[]> e : SamplePackets.other().entrySet()) {
            byte[] frame = e.getValue();
            assertEquals(ParseResult.OK, parse(MemorySegment.ofArray(frame), frame.length), e.getKey());
            int l3 = (int) p.l3Offset();
            int family = p.family();
            int ipLength = p.ipPacketLength();
            for (int ipCut = 0; ipCut <= ipLength; ipCut++) {
                byte[] shorter = Arrays.copyOf(frame, l3 + ipCut);
                MemorySegment s = MemorySegment.ofArray(shorter);
                if (family == 4 && ipCut >= Ipv4Header.MIN_LENGTH) {
                    Ipv4Header ip = new Ipv4Header().wrap(s, l3).totalLength(ipCut);
                    if (ipCut >= ip.headerLength()) {
                        ip.updateChecksum();
                    }
                } else if (family == 6 && ipCut >= Ipv6Header.LENGTH) {
                    new Ipv6Header().wrap(s, l3).payloadLength(ipCut - Ipv6Header.LENGTH);
                }
                if (parse(s, shorter.length) == ParseResult.OK) {
                    okCount++;
                }
            }
        }
        assertTrue(okCount > 0, "some cuts of fragments stay valid (multiples of 8, later fragments)");
    }

    private int parse(MemorySegment s, int length) {
        int code = PacketParser.parse(s, 0, length, p);
        ParsedPacketInvariants.check(code, p, 0, length);
        return code;
    }
}
