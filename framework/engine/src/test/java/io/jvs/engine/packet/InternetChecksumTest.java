package io.jvs.engine.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.IpProtocol;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void shouldMatchRfc1071Example() {
        byte[] data = HEX.parseHex("0001f203f4f5f6f7");
        MemorySegment segment = MemorySegment.ofArray(data);
        assertEquals(0xDDF2, InternetChecksum.fold(InternetChecksum.sum(segment, 0, data.length)));
        assertEquals(0x220D, InternetChecksum.checksum(segment, 0, data.length));
        assertEquals(0x220D, ReferenceChecksum.of(data));
    }

    @Test
    void shouldComputeKnownIpv4HeaderChecksum() {
        // A header with checksum field b861 (a classic textbook example).
        byte[] header = HEX.parseHex("450000730000400040110000c0a80001c0a800c7");
        MemorySegment segment = MemorySegment.ofArray(header);
        assertEquals(0xB861, InternetChecksum.ipv4HeaderChecksum(segment, 0));
        assertFalse(InternetChecksum.isIpv4HeaderChecksumValid(segment, 0));
        new Ipv4Header().wrap(segment, 0).updateChecksum();
        assertTrue(InternetChecksum.isIpv4HeaderChecksumValid(segment, 0));
        assertEquals(0xB861, ReferenceChecksum.u16(header, 10));
    }

    @Test
    void shouldCountOddLastByteAsHighByte() {
        byte[] data = {(byte) 0xAB};
        assertEquals(~0xAB00 & 0xFFFF, InternetChecksum.checksum(MemorySegment.ofArray(data), 0, 1));
        assertEquals(0xFFFF, InternetChecksum.checksum(MemorySegment.ofArray(new byte[0]), 0, 0));
    }

    @Property(tries = 500, seed = "20260101")
    void shouldEqualReferenceOnRandomRanges(@ForAll @Size(max = 3000) byte[] data,
            @ForAll @IntRange(min = 0, max = 9) int skip) {
        int from = Math.min(skip, data.length);
        int to = data.length - Math.min(skip / 2, data.length - from);
        int expected = ReferenceChecksum.of(data, from, to);
        assertEquals(expected, InternetChecksum.checksum(MemorySegment.ofArray(data), from, to - from));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment native_ = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, native_, BigEndian.BYTE, 0, data.length);
            assertEquals(expected, InternetChecksum.checksum(native_, from, to - from));
        }
    }

    @Property(tries = 300, seed = "20260101")
    void shouldComputeSameSumInPieces(@ForAll @Size(min = 2, max = 600) byte[] data,
            @ForAll @IntRange(min = 0, max = 300) int split) {
        int cut = Math.min(split, data.length) & ~1;
        MemorySegment s = MemorySegment.ofArray(data);
        long pieces = InternetChecksum.sum(s, 0, cut) + InternetChecksum.sum(s, cut, data.length - cut);
        assertEquals(InternetChecksum.checksum(s, 0, data.length), InternetChecksum.finish(pieces));
    }

    @Test
    void shouldProduceBuilderChecksumsThatReferenceAgreesWith() {
        PacketBuilder[] builders = {
            PacketBuilder.tcp4().payload("hello").mss(1400).timestamps(1, 2),
            PacketBuilder.tcp6().payload("hello!"),
            PacketBuilder.udp4().payload("x"),
            PacketBuilder.udp6().payload("xyz"),
            PacketBuilder.icmp4().payload("ping"),
            PacketBuilder.icmp6().payload("ping6"),
            PacketBuilder.tcp6().extensionHeader(Ipv6ExtensionWalker.HOP_BY_HOP).payload("ext"),
        };
        ParsedPacket p = new ParsedPacket();
        for (PacketBuilder b : builders) {
            byte[] frame = b.build();
            MemorySegment s = MemorySegment.ofArray(frame);
            assertEquals(ParseResult.OK, PacketParser.parse(s, 0, frame.length, p));
            int l3 = (int) p.l3Offset();
            int l4 = (int) p.l4Offset();
            int l4Length = (int) (p.ipEndOffset() - l4);
            int field = l4 + InternetChecksum.checksumFieldOffset(p.protocol());
            assertEquals(ReferenceChecksum.transport(frame, l3, p.family(), p.protocol(), l4, l4Length),
                    ReferenceChecksum.u16(frame, field), "reference agrees with builder");
            assertTrue(InternetChecksum.isTransportChecksumValid(s, l3, p.family(), p.protocol(), l4, l4Length));
            if (p.family() == 4) {
                assertEquals(0, ReferenceChecksum.of(frame, l3, l3 + p.ipHeaderLength()), "IPv4 header sums to ones");
            }
            frame[frame.length - 1] ^= 0x01;
            assertFalse(InternetChecksum.isTransportChecksumValid(s, l3, p.family(), p.protocol(), l4, l4Length));
        }
    }

    @Test
    void shouldTreatZeroUdpChecksumOverIpv4AsAbsent() {
        byte[] frame = PacketBuilder.udp4().noUdpChecksum().payload("data").build();
        MemorySegment s = MemorySegment.ofArray(frame);
        ParsedPacket p = new ParsedPacket();
        assertEquals(ParseResult.OK, PacketParser.parse(s, 0, frame.length, p));
        assertEquals(0, ReferenceChecksum.u16(frame, (int) p.l4Offset() + 6));
        assertTrue(InternetChecksum.isTransportChecksumValid(s, p.l3Offset(), 4, IpProtocol.UDP, p.l4Offset(), 12));
        assertEquals(0, InternetChecksum.adjustUdp32(0, 0x01020304, 0x05060708));
        assertEquals(0, InternetChecksum.adjustUdp16(0, 1, 2));
    }

    @Test
    void shouldSendComputedZeroUdpChecksumAsAllOnes() {
        byte[] frame = udpWhoseChecksumComputesToZero();
        ParsedPacket p = new ParsedPacket();
        MemorySegment s = MemorySegment.ofArray(frame);
        assertEquals(ParseResult.OK, PacketParser.parse(s, 0, frame.length, p));
        int field = (int) p.l4Offset() + 6;
        assertEquals(0xFFFF, ReferenceChecksum.u16(frame, field));
        assertEquals(0xFFFF, InternetChecksum.transportChecksum(s, p.l3Offset(), 4, IpProtocol.UDP, p.l4Offset(),
                (int) (p.ipEndOffset() - p.l4Offset())));
        assertTrue(InternetChecksum.isTransportChecksumValid(s, p.l3Offset(), 4, IpProtocol.UDP, p.l4Offset(),
                (int) (p.ipEndOffset() - p.l4Offset())));
    }

    /** A UDP datagram whose last payload word is chosen so that the computed checksum is 0. */
    private static byte[] udpWhoseChecksumComputesToZero() {
        byte[] payload = {1, 2, 3, 4, 0, 0};
        byte[] frame = PacketBuilder.udp4().payload(payload).build();
        int field = frame.length - payload.length - 2;
        int c = ReferenceChecksum.u16(frame, field);
        // With the free word w the checksum becomes ~(~c + w): w = c makes it ~0xFFFF = 0.
        payload[4] = (byte) (c >> 8);
        payload[5] = (byte) c;
        return PacketBuilder.udp4().payload(payload).build();
    }

    @Test
    void shouldWriteAllOnesWhenIncrementalUdpUpdateGivesZero() {
        PacketBuilder before = PacketBuilder.udp4().src("198.51.100.7", 5000).dst("203.0.113.9", 53).payload("abc");
        byte[] frame = before.build();
        ParsedPacket p = new ParsedPacket();
        assertEquals(ParseResult.OK, PacketParser.parse(MemorySegment.ofArray(frame), 0, frame.length, p));
        int field = (int) p.l4Offset() + 6;
        int stored = ReferenceChecksum.u16(frame, field);
        int zeroPort = -1;
        for (int port = 0; port <= 0xFFFF; port++) {
            if (InternetChecksum.adjust16(stored, 5000, port) == 0) {
                zeroPort = port;
                break;
            }
        }
        assertTrue(zeroPort >= 0, "some new port makes the checksum compute to 0");
        assertEquals(0xFFFF, InternetChecksum.adjustUdp16(stored, 5000, zeroPort));
        byte[] expected = PacketBuilder.udp4().src("198.51.100.7", zeroPort).dst("203.0.113.9", 53).payload("abc").build();
        assertEquals(0xFFFF, ReferenceChecksum.u16(expected, field), "full recomputation also sends 0xFFFF");
    }

    @Property(tries = 400, seed = "20260101")
    void shouldMatchFullRecomputationAfterIpv4Rewrite(@ForAll int oldSource, @ForAll int newSource,
            @ForAll int oldDestination, @ForAll int newDestination,
            @ForAll @IntRange(max = 65535) int oldPort, @ForAll @IntRange(max = 65535) int newPort,
            @ForAll boolean tcp, @ForAll boolean noUdpChecksum, @ForAll @Size(max = 40) byte[] payload) {
        String s0 = Ipv4Address.format(oldSource);
        String d0 = Ipv4Address.format(oldDestination);
        String s1 = Ipv4Address.format(newSource);
        String d1 = Ipv4Address.format(newDestination);
        PacketBuilder before = (tcp ? PacketBuilder.tcp4() : PacketBuilder.udp4()).src(s0, oldPort).dst(d0, 443).payload(payload);
        PacketBuilder after = (tcp ? PacketBuilder.tcp4() : PacketBuilder.udp4()).src(s1, newPort).dst(d1, 443).payload(payload);
        if (!tcp && noUdpChecksum) {
            before.noUdpChecksum();
            after.noUdpChecksum();
        }
        byte[] frame = before.build();
        MemorySegment s = MemorySegment.ofArray(frame);
        ParsedPacket p = new ParsedPacket();
        assertEquals(ParseResult.OK, PacketParser.parse(s, 0, frame.length, p));
        Ipv4Header ip = new Ipv4Header().wrap(s, p.l3Offset());
        long l4 = p.l4Offset();
        long field = l4 + InternetChecksum.checksumFieldOffset(p.protocol());
        int ipChecksum = ip.checksum();
        int l4Checksum = BigEndian.getUnsignedShort(s, field);
        ipChecksum = InternetChecksum.adjust32(ipChecksum, oldSource, newSource);
        ipChecksum = InternetChecksum.adjust32(ipChecksum, oldDestination, newDestination);
        if (tcp) {
            l4Checksum = InternetChecksum.adjust32(l4Checksum, oldSource, newSource);
            l4Checksum = InternetChecksum.adjust32(l4Checksum, oldDestination, newDestination);
            l4Checksum = InternetChecksum.adjust16(l4Checksum, oldPort, newPort);
        } else {
            l4Checksum = InternetChecksum.adjustUdp32(l4Checksum, oldSource, newSource);
            l4Checksum = InternetChecksum.adjustUdp32(l4Checksum, oldDestination, newDestination);
            l4Checksum = InternetChecksum.adjustUdp16(l4Checksum, oldPort, newPort);
        }
        ip.sourceAddress(newSource).destinationAddress(newDestination).checksum(ipChecksum);
        BigEndian.putShort(s, l4, newPort);
        BigEndian.putShort(s, field, l4Checksum);
        assertEquals(HEX.formatHex(after.build()), HEX.formatHex(frame), "incremental == full recomputation");
    }

    @Property(tries = 300, seed = "20260101")
    void shouldMatchFullRecomputationAfterIpv6Rewrite(@ForAll @Size(4) int[] oldSource, @ForAll @Size(4) int[] newSource,
            @ForAll @IntRange(max = 65535) int oldPort, @ForAll @IntRange(max = 65535) int newPort,
            @ForAll boolean tcp, @ForAll @Size(max = 40) byte[] payload) {
        PacketBuilder before = (tcp ? PacketBuilder.tcp6() : PacketBuilder.udp6())
                .src(Ipv6Address.format(oldSource), oldPort).dst("2001:db8::80", 443).payload(payload);
        PacketBuilder after = (tcp ? PacketBuilder.tcp6() : PacketBuilder.udp6())
                .src(Ipv6Address.format(newSource), newPort).dst("2001:db8::80", 443).payload(payload);
        byte[] frame = before.build();
        MemorySegment s = MemorySegment.ofArray(frame);
        ParsedPacket p = new ParsedPacket();
        assertEquals(ParseResult.OK, PacketParser.parse(s, 0, frame.length, p));
        long field = p.l4Offset() + InternetChecksum.checksumFieldOffset(p.protocol());
        int c = BigEndian.getUnsignedShort(s, field);
        if (tcp) {
            c = InternetChecksum.adjust128(c, oldSource[0], oldSource[1], oldSource[2], oldSource[3],
                    newSource[0], newSource[1], newSource[2], newSource[3]);
            c = InternetChecksum.adjust16(c, oldPort, newPort);
        } else {
            c = InternetChecksum.adjustUdp128(c, oldSource[0], oldSource[1], oldSource[2], oldSource[3],
                    newSource[0], newSource[1], newSource[2], newSource[3]);
            c = InternetChecksum.adjustUdp16(c, oldPort, newPort);
        }
        new Ipv6Header().wrap(s, p.l3Offset()).sourceAddress(newSource[0], newSource[1], newSource[2], newSource[3]);
        BigEndian.putShort(s, p.l4Offset(), newPort);
        BigEndian.putShort(s, field, c);
        assertEquals(HEX.formatHex(after.build()), HEX.formatHex(frame), "incremental == full recomputation");
    }

    @Test
    void shouldReturnMinusOneForUncoveredProtocolOrShortMessage() {
        MemorySegment s = MemorySegment.ofArray(new byte[64]);
        assertEquals(-1, InternetChecksum.transportChecksum(s, 0, 4, 47, 20, 20));
        assertEquals(-1, InternetChecksum.transportChecksum(s, 0, 4, IpProtocol.TCP, 20, 17));
        assertFalse(InternetChecksum.isTransportChecksumValid(s, 0, 4, 47, 20, 20));
        assertNotEquals(-1, InternetChecksum.transportChecksum(s, 0, 4, IpProtocol.UDP, 20, 8));
    }
}
