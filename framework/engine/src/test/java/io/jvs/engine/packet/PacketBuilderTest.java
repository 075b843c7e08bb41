package io.jvs.engine.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PacketBuilderTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void shouldBuildTheExampleSynByteForByte() {
        byte[] frame = PacketBuilder.tcp4().src("198.51.100.10", 40000).dst("203.0.113.1", 80)
                .flags(TcpFlags.SYN).seq(1000).build();
        String expectedWithoutChecksums = "020000000002" + "020000000001" + "0800"
                + "45000028" + "00010000" + "4006" + "0000" + "c633640a" + "cb007101"
                + "9c400050" + "000003e8" + "00000000" + "5002ffff" + "0000" + "0000";
        byte[] zeroed = frame.clone();
        zeroed[24] = 0;
        zeroed[25] = 0;
        zeroed[50] = 0;
        zeroed[51] = 0;
        assertEquals(expectedWithoutChecksums, HEX.formatHex(zeroed));
        assertEquals(ReferenceChecksum.of(zeroed, 14, 34), ReferenceChecksum.u16(frame, 24));
        assertEquals(ReferenceChecksum.transport(frame, 14, 4, 6, 34, 20), ReferenceChecksum.u16(frame, 50));
    }

    @Test
    void shouldTagWithVlanAndQinq() {
        byte[] one = PacketBuilder.udp4().vlan(0x123).build();
        assertEquals("8100" + "0123" + "0800", HEX.formatHex(one, 12, 18));
        byte[] two = PacketBuilder.udp6().vlan(10).vlan(20).build();
        assertEquals("88a8" + "000a" + "8100" + "0014" + "86dd", HEX.formatHex(two, 12, 22));
    }

    @Test
    void shouldChainIpv6ExtensionHeadersInOrder() {
        byte[] frame = PacketBuilder.udp6().extensionHeader(Ipv6ExtensionWalker.HOP_BY_HOP)
                .fragment(0, true).identification(0x01020304)
                .extensionHeader(Ipv6ExtensionWalker.AUTHENTICATION).payload(new byte[8]).build();
        int l3 = 14;
        assertEquals(0, frame[l3 + 6], "fixed header names hop-by-hop");
        assertEquals("2c00" + "0104" + "00000000", HEX.formatHex(frame, l3 + 40, l3 + 48), "HBH: next=fragment, PadN");
        assertEquals("3300" + "0001" + "01020304", HEX.formatHex(frame, l3 + 48, l3 + 56), "fragment: next=AH, M, id");
        assertEquals("1102", HEX.formatHex(frame, l3 + 56, l3 + 58), "AH: next=UDP, length (16/4)-2");
        assertEquals(8 + 8 + 16 + 8 + 8, ReferenceChecksum.u16(frame, l3 + 4), "payload length");
    }

    @Test
    void shouldQuoteTheOriginalWithinTheRfcLimits() {
        PacketBuilder big = PacketBuilder.udp4().payload(new byte[2000]);
        assertEquals(14 + 576, PacketBuilder.icmp4().icmpError(3, 3, big).build().length);
        PacketBuilder big6 = PacketBuilder.udp6().payload(new byte[2000]);
        assertEquals(14 + 1280, PacketBuilder.icmp6().icmpError(1, 4, big6).build().length);
        PacketBuilder small = PacketBuilder.udp4().vlan(9).payload("abc");
        byte[] error = PacketBuilder.icmp4().icmpError(3, 3, small).build();
        byte[] original = small.noEthernet().build();
        assertArrayEquals(original, Arrays.copyOfRange(error, 14 + 20 + 8, error.length),
                "the quote is the original IP packet, without its link header");
        assertEquals(ReferenceChecksum.transport(error, 14, 4, 1, 34, error.length - 34), ReferenceChecksum.u16(error, 36));
    }

    @Test
    void shouldWriteIntoASegmentAtAnOffset() {
        PacketBuilder b = PacketBuilder.tcp6().payload("into");
        byte[] expected = b.build();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(expected.length + 10);
            s.fill((byte) 0x5A);
            assertEquals(expected.length, b.buildInto(s, 5));
            assertArrayEquals(expected, s.asSlice(5, expected.length).toArray(BigEndian.BYTE));
            assertEquals(0x5A, BigEndian.getUnsignedByte(s, 4));
            assertEquals(0x5A, BigEndian.getUnsignedByte(s, 5 + expected.length));
        }
        assertEquals(expected.length, b.length());
    }

    @Test
    void shouldBuildBareIpAndPaddedFrames() {
        assertEquals(20 + 8 + 3, PacketBuilder.udp4().noEthernet().payload("abc").build().length);
        byte[] padded = PacketBuilder.udp4().payload("abc").padToMinimumFrame().build();
        assertEquals(60, padded.length);
        assertEquals(0, padded[59]);
        assertEquals(14 + 20 + 8 + 100, PacketBuilder.udp4().payload(new byte[100]).padToMinimumFrame().build().length);
    }

    @Test
    void shouldRefuseWhatCannotBeBuilt() {
        assertThrows(IllegalArgumentException.class, () -> PacketBuilder.tcp4().src("2001:db8::1", 1));
        assertThrows(IllegalArgumentException.class, () -> PacketBuilder.tcp6().dst("192.0.2.1"));
        assertThrows(IllegalStateException.class, () -> PacketBuilder.tcp6().ipv4Options(new byte[4]));
        assertThrows(IllegalStateException.class, () -> PacketBuilder.tcp4().extensionHeader(0));
        assertThrows(IllegalArgumentException.class, () -> PacketBuilder.tcp6().extensionHeader(Ipv6ExtensionWalker.FRAGMENT));
        assertThrows(IllegalArgumentException.class, () -> PacketBuilder.tcp4().ipv4Options(new byte[41]));
        assertThrows(IllegalArgumentException.class, () -> PacketBuilder.udp4().fragment(7, true));
        assertThrows(IllegalStateException.class, () -> PacketBuilder.tcp4().mss(1).timestamps(1, 1).windowScale(1)
                .sackBlock(1, 2).sackBlock(3, 4).sackBlock(5, 6).build());
        assertThrows(IllegalStateException.class, () -> PacketBuilder.udp4().payload(new byte[65535]).build());
    }

    @Test
    void shouldSetIcmpEchoAndMtuFields() {
        byte[] echo = PacketBuilder.icmp6().icmpEcho(0x1234, 0x5678).build();
        assertEquals("8000", HEX.formatHex(echo, 54, 56));
        assertEquals("12345678", HEX.formatHex(echo, 58, 62));
        byte[] tooBig = PacketBuilder.icmp6().icmpError(IcmpHeader.V6_PACKET_TOO_BIG, 0, PacketBuilder.udp6()).mtu(1280).build();
        assertEquals("00000500", HEX.formatHex(tooBig, 58, 62));
        byte[] fragNeeded = PacketBuilder.icmp4().icmpError(3, 4, PacketBuilder.udp4()).mtu(1400).build();
        assertEquals("00000578", HEX.formatHex(fragNeeded, 38, 42));
        byte[] reply = PacketBuilder.icmp4().icmpType(IcmpHeader.V4_ECHO_REPLY, 0).build();
        assertEquals(0, reply[34]);
    }
}
