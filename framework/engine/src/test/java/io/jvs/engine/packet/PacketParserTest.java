package io.jvs.engine.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.IpProtocol;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PacketParserTest {
    private final ParsedPacket p = new ParsedPacket();

    private int parse(byte[] frame) {
        int code = PacketParser.parse(MemorySegment.ofArray(frame), 0, frame.length, p);
        ParsedPacketInvariants.check(code, p, 0, frame.length);
        return code;
    }

    @Test
    void shouldParseTcp4SynFromTheExample() {
        byte[] frame = PacketBuilder.tcp4().src("198.51.100.10", 40000).dst("203.0.113.1", 80)
                .flags(TcpFlags.SYN).seq(1000).build();
        assertEquals(ParseResult.OK, parse(frame));
        assertEquals(EtherType.IPV4, p.etherType());
        assertEquals(-1, p.vlanId());
        assertEquals(14, p.l3Offset());
        assertEquals(4, p.family());
        assertEquals(20, p.ipHeaderLength());
        assertEquals(40, p.ipPacketLength());
        assertEquals(IpProtocol.TCP, p.protocol());
        assertEquals(34, p.l4Offset());
        assertEquals(54, p.payloadOffset());
        assertEquals(0, p.payloadLength());
        assertEquals(0xC633640A, p.sourceAddressWord(0));
        assertEquals(0xCB007101, p.destinationAddressWord(0));
        assertEquals(0, p.sourceAddressWord(1));
        assertEquals(40000, p.sourcePort());
        assertEquals(80, p.destinationPort());
        assertEquals(TcpFlags.SYN, p.tcpFlags());
        assertEquals(1000, p.tcpSequence());
        assertEquals(0, p.tcpAcknowledgment());
        assertEquals(20, p.tcpHeaderLength());
        assertEquals(64, p.ttl());
        assertFalse(p.isFragment());
        assertEquals(-1, p.icmpType());
        assertEquals(0, p.firewallMark());
        assertEquals(54, frame.length);
    }

    @Test
    void shouldParseHandWrittenLinuxSynFixture() {
        byte[] frame = HexFormat.of().parseHex(
                "525400123456525400abcdef08004500"
                + "003c1c4640004006b836c633640acb00"
                + "71019c4000506f1c2a3b00000000a002"
                + "faf0946f0000020405b40402080a002b"
                + "1c4d0000000001030307");
        assertEquals(ParseResult.OK, parse(frame));
        assertEquals(0x6F1C2A3B, p.tcpSequence());
        assertEquals(TcpFlags.SYN, p.tcpFlags());
        assertEquals(40, p.tcpHeaderLength());
        assertEquals(0x1C46, p.identification());
        assertEquals(0x946F, ReferenceChecksum.transport(frame, 14, 4, 6, 34, 40), "fixture checksum is right");
        TcpOptions options = new TcpOptions();
        assertTrue(options.read(MemorySegment.ofArray(frame), p.l4Offset()));
        assertEquals(1460, options.mss());
        assertTrue(options.sackPermitted());
        assertTrue(options.hasTimestamps());
        assertEquals(0x002B1C4D, options.timestampValue());
        assertEquals(0, options.timestampEchoReply());
        assertEquals(7, options.windowScale());
    }

    @Test
    void shouldParseUdp6WithPayloadAndIgnoreEthernetPadding() {
        byte[] frame = PacketBuilder.udp4().src("192.0.2.10", 5353).dst("192.0.2.20", 53).payload("q")
                .padToMinimumFrame().build();
        assertEquals(60, frame.length);
        assertEquals(ParseResult.OK, parse(frame));
        assertEquals(1, p.payloadLength(), "padding is not payload");
        assertEquals('q', p.payloadByte(0));
        assertThrows(IndexOutOfBoundsException.class, () -> p.payloadByte(1));
        assertEquals(29, p.ipPacketLength());

        byte[] v6 = PacketBuilder.udp6().src("2001:db8::a", 1000).dst("2001:db8:1::b", 2000).payload("hello").build();
        assertEquals(ParseResult.OK, parse(v6));
        assertEquals(6, p.family());
        assertEquals(IpProtocol.UDP, p.protocol());
        assertEquals(40, p.ipHeaderLength());
        assertEquals(0x20010DB8, p.sourceAddressWord(0));
        assertEquals(0xA, p.sourceAddressWord(3));
        assertEquals(0x20010DB8, p.destinationAddressWord(0));
        assertEquals(0x00010000, p.destinationAddressWord(1));
        assertEquals(0xB, p.destinationAddressWord(3));
        assertEquals(1000, p.sourcePort());
        assertEquals(2000, p.destinationPort());
        assertEquals("hello", payloadText());
        assertEquals(p.segment(), p.payloadSegment());
    }

    private String payloadText() {
        byte[] b = new byte[p.payloadLength()];
        for (int i = 0; i < b.length; i++) {
            b[i] = p.payloadByte(i);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void shouldBoundUdpPayloadByUdpLength() {
        byte[] frame = PacketBuilder.udp4().payload("abcdef").build();
        assertEquals(ParseResult.OK, parse(frame));
        int l4 = (int) p.l4Offset();
        frame[l4 + 5] = 12; // UDP length 12: 4 payload bytes of the 6 the IP payload holds
        assertEquals(ParseResult.OK, parse(frame));
        assertEquals(4, p.payloadLength());
    }

    @Test
    void shouldReadVlanAndQinqTags() {
        assertEquals(ParseResult.OK, parse(PacketBuilder.tcp4().vlan(100).build()));
        assertEquals(100, p.vlanId());
        assertEquals(-1, p.innerVlanId());
        assertEquals(18, p.l3Offset());
        byte[] qinq = PacketBuilder.udp6().vlan(200).vlan(4094).build();
        assertEquals(ParseResult.OK, parse(qinq));
        assertEquals(EtherType.QINQ, ReferenceChecksum.u16(qinq, 12));
        assertEquals(200, p.vlanId());
        assertEquals(4094, p.innerVlanId());
        assertEquals(22, p.l3Offset());
        assertEquals(EtherType.IPV6, p.etherType());
        assertEquals(ParseResult.TOO_MANY_VLAN_TAGS, parse(PacketBuilder.tcp4().vlan(1).vlan(2).vlan(3).build()));
    }

    @Test
    void shouldReportArpAndNonIp() {
        byte[] frame = new byte[42];
        MemorySegment s = MemorySegment.ofArray(frame);
        new EthernetHeader().wrap(s, 0).destination(MacAddress.BROADCAST).source(0x020000000001L).etherType(EtherType.ARP);
        new ArpPacket().wrap(s, 14).hardwareType(1).protocolType(EtherType.IPV4).hardwareLength(6).protocolLength(4)
                .operation(ArpPacket.OPERATION_REQUEST).senderHardwareAddress(0x020000000001L)
                .senderProtocolAddress(Ipv4Address.parse("192.0.2.1")).targetProtocolAddress(Ipv4Address.parse("192.0.2.2"));
        assertEquals(ParseResult.ARP, parse(frame));
        assertEquals(14, p.l3Offset());
        assertEquals(ParseResult.TRUNCATED_L3, parse(Arrays.copyOf(frame, 41)));
        new EthernetHeader().wrap(s, 0).etherType(0x88CC);
        assertEquals(ParseResult.NOT_IP, parse(frame));
        new EthernetHeader().wrap(s, 0).etherType(0x0042);
        assertEquals(ParseResult.NOT_IP, parse(frame));
    }

    @Test
    void shouldRejectBadBuffers() {
        byte[] frame = PacketBuilder.tcp4().build();
        MemorySegment s = MemorySegment.ofArray(frame);
        assertEquals(ParseResult.BAD_BUFFER, PacketParser.parse(s, 0, frame.length + 1, p));
        assertEquals(ParseResult.BAD_BUFFER, PacketParser.parse(s, -1, 10, p));
        assertEquals(ParseResult.BAD_BUFFER, PacketParser.parse(s, 1, frame.length, p));
        assertEquals(ParseResult.BAD_BUFFER, PacketParser.parse(s, 0, -5, p));
        assertEquals(ParseResult.BAD_BUFFER, PacketParser.parse(s, Long.MAX_VALUE, 10, p));
        assertEquals(ParseResult.BAD_BUFFER, PacketParser.parse(null, 0, 10, p));
        assertEquals(ParseResult.BAD_BUFFER, PacketParser.parseIp(null, 0, 10, p));
        assertEquals(ParseResult.TRUNCATED_L2, PacketParser.parse(s, 0, 0, p));
    }

    @Test
    void shouldParseAtAnOffsetInsideALargerNativeSegment() {
        byte[] frame = PacketBuilder.tcp6().payload("payload").build();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(frame.length + 100);
            MemorySegment.copy(frame, 0, s, BigEndian.BYTE, 37, frame.length);
            int code = PacketParser.parse(s, 37, frame.length, p);
            assertEquals(ParseResult.OK, code);
            ParsedPacketInvariants.check(code, p, 37, frame.length);
            assertEquals(37 + 14, p.l3Offset());
            assertEquals(37 + 14 + 40 + 20, p.payloadOffset());
            assertEquals("payload", payloadText());
        }
    }

    @Test
    void shouldParseBareIpPackets() {
        byte[] ip = PacketBuilder.udp4().noEthernet().payload("x").build();
        int code = PacketParser.parseIp(MemorySegment.ofArray(ip), 0, ip.length, p);
        assertEquals(ParseResult.OK, code);
        ParsedPacketInvariants.check(code, p, 0, ip.length);
        assertEquals(0, p.l3Offset());
        assertEquals(EtherType.IPV4, p.etherType());
        byte[] ip6 = PacketBuilder.tcp6().noEthernet().build();
        assertEquals(ParseResult.OK, PacketParser.parseIp(MemorySegment.ofArray(ip6), 0, ip6.length, p));
        assertEquals(6, p.family());
        ip6[0] = 0x50;
        assertEquals(ParseResult.BAD_IP_VERSION, PacketParser.parseIp(MemorySegment.ofArray(ip6), 0, ip6.length, p));
        assertEquals(ParseResult.TRUNCATED_L3, PacketParser.parseIp(MemorySegment.ofArray(ip6), 0, 0, p));
    }

    @Test
    void shouldRejectIpVersionThatDoesNotMatchEtherType() {
        byte[] frame = PacketBuilder.tcp4().build();
        frame[14] = 0x65;
        assertEquals(ParseResult.BAD_IP_VERSION, parse(frame));
        byte[] v6 = PacketBuilder.tcp6().build();
        v6[14] = 0x45;
        assertEquals(ParseResult.BAD_IP_VERSION, parse(v6));
    }

    private static void fixIpv4Checksum(byte[] frame, int l3) {
        new Ipv4Header().wrap(MemorySegment.ofArray(frame), l3).updateChecksum();
    }

    @Test
    void shouldRejectLyingIpv4Lengths() {
        byte[] good = PacketBuilder.tcp4().payload("0123456789").build();
        assertEquals(ParseResult.OK, parse(good));

        byte[] f = good.clone();
        setTotalLength(f, good.length - 14 + 1);
        assertEquals(ParseResult.TRUNCATED_L3, parse(f), "total length beyond the frame");

        f = good.clone();
        setTotalLength(f, 19);
        assertEquals(ParseResult.BAD_IP_TOTAL_LENGTH, parse(f), "total length below 20");

        f = good.clone();
        setTotalLength(f, 20 + 10);
        assertEquals(ParseResult.TRUNCATED_L4, parse(f), "total length cuts the TCP header");

        f = good.clone();
        setTotalLength(f, 20 + 20 + 3);
        assertEquals(ParseResult.OK, parse(f), "shorter total length: the rest is padding");
        assertEquals(3, p.payloadLength());

        f = good.clone();
        f[14] = 0x44;
        fixIpv4Checksum(f, 14);
        assertEquals(ParseResult.BAD_IPV4_HEADER_LENGTH, parse(f), "IHL 4");

        f = good.clone();
        setTotalLength(f, 24);
        f[14] = 0x47;
        fixIpv4Checksum(f, 14);
        assertEquals(ParseResult.BAD_IPV4_HEADER_LENGTH, parse(f), "IHL 7 beyond total length 24");

        f = good.clone();
        f[14] = 0x4F;
        assertEquals(ParseResult.BAD_IPV4_HEADER_LENGTH, parse(f), "IHL 15 beyond total length 50");

        f = PacketBuilder.tcp4().payload(new byte[50]).build();
        f[14] = 0x4F;
        assertEquals(ParseResult.BAD_IPV4_HEADER_CHECKSUM, parse(f), "IHL 15 within total length: checksum over 60 bytes fails");
        fixIpv4Checksum(f, 14);
        assertEquals(ParseResult.BAD_TCP_DATA_OFFSET, parse(f),
                "IHL 15 with a checksum to match: the TCP header became options, zeros are read as TCP");

        f = good.clone();
        f[14 + 8] = 1;
        assertEquals(ParseResult.BAD_IPV4_HEADER_CHECKSUM, parse(f), "TTL changed without checksum");
    }

    private static void setTotalLength(byte[] frame, int length) {
        new Ipv4Header().wrap(MemorySegment.ofArray(frame), 14).totalLength(length).updateChecksum();
    }

    @Test
    void shouldParseIpv4Options() {
        byte[] options = {(byte) 0x94, 0x04, 0x00, 0x00, 0x01}; // router alert + NOP, padded to 8
        byte[] frame = PacketBuilder.udp4().ipv4Options(options).payload("z").build();
        assertEquals(ParseResult.OK, parse(frame));
        assertEquals(28, p.ipHeaderLength());
        assertEquals(14 + 28, p.l4Offset());
        Ipv4Header ip = new Ipv4Header().wrap(MemorySegment.ofArray(frame), 14);
        assertEquals(7, ip.ihl());
        assertEquals(8, ip.optionsLength());
        assertEquals((byte) 0x94, frame[(int) ip.optionsOffset()]);
        assertEquals("z", payloadText());
    }

    @Test
    void shouldRejectLyingTransportLengths() {
        byte[] tcp = PacketBuilder.tcp4().payload("abcd").build();
        int l4 = 34;
        byte[] f = tcp.clone();
        f[l4 + 12] = 0x40;
        assertEquals(ParseResult.BAD_TCP_DATA_OFFSET, parse(f), "data offset 4");
        f[l4 + 12] = 0x70;
        assertEquals(ParseResult.BAD_TCP_DATA_OFFSET, parse(f), "data offset 7 > 24 bytes of segment");
        f[l4 + 12] = 0x60;
        assertEquals(ParseResult.OK, parse(f), "data offset 6 fits: options eat the payload");
        assertEquals(0, p.payloadLength());

        byte[] udp = PacketBuilder.udp4().payload("abcd").build();
        f = udp.clone();
        f[l4 + 4] = 0;
        f[l4 + 5] = 7;
        assertEquals(ParseResult.BAD_UDP_LENGTH, parse(f), "UDP length 7");
        f[l4 + 5] = 13;
        assertEquals(ParseResult.BAD_UDP_LENGTH, parse(f), "UDP length beyond IP payload");

        byte[] udp6 = PacketBuilder.udp6().payload("abcd").build();
        f = udp6.clone();
        f[14 + 40 + 5] = 100;
        assertEquals(ParseResult.BAD_UDP_LENGTH, parse(f));

        byte[] tcp6 = PacketBuilder.tcp6().build();
        f = tcp6.clone();
        f[14 + 40 + 12] = 0x10;
        assertEquals(ParseResult.BAD_TCP_DATA_OFFSET, parse(f));
    }

    @Test
    void shouldRejectLyingIpv6PayloadLength() {
        byte[] good = PacketBuilder.tcp6().payload("abc").build();
        byte[] f = good.clone();
        f[14 + 5] += 1;
        assertEquals(ParseResult.TRUNCATED_L3, parse(f), "payload length beyond frame");
        f = good.clone();
        f[14 + 5] = 10;
        assertEquals(ParseResult.TRUNCATED_L4, parse(f), "payload length cuts TCP header");
        f = good.clone();
        f[14 + 5] = 0;
        assertEquals(ParseResult.TRUNCATED_L4, parse(f), "payload length 0");
    }

    @Test
    void shouldWalkIpv6ExtensionHeaders() {
        byte[] frame = PacketBuilder.tcp6()
                .extensionHeader(Ipv6ExtensionWalker.HOP_BY_HOP)
                .extensionHeader(Ipv6ExtensionWalker.DESTINATION_OPTIONS)
                .extensionHeader(Ipv6ExtensionWalker.ROUTING)
                .extensionHeader(Ipv6ExtensionWalker.AUTHENTICATION)
                .src("2001:db8::1", 1234).dst("2001:db8::2", 443).payload("tls").build();
        assertEquals(ParseResult.OK, parse(frame));
        assertEquals(IpProtocol.TCP, p.protocol());
        assertEquals(40 + 8 + 8 + 8 + 16, p.ipHeaderLength());
        assertEquals(14 + 80, p.l4Offset());
        assertEquals(1234, p.sourcePort());
        assertEquals(443, p.destinationPort());
        assertEquals("tls", payloadText());
        assertFalse(p.isFragment());
        Ipv6ExtensionWalker walker = new Ipv6ExtensionWalker();
        assertEquals(ParseResult.OK, walker.walk(MemorySegment.ofArray(frame), 14, frame.length));
        assertEquals(4, walker.headerCount());
        assertEquals(14 + 40 + 24, walker.nextHeaderFieldOffset(), "the AH names the upper layer");
    }

    @Test
    void shouldStopWalkAtEspAndNoNextHeader() {
        byte[] esp = PacketBuilder.ip6(Ipv6ExtensionWalker.ESP).extensionHeader(Ipv6ExtensionWalker.DESTINATION_OPTIONS)
                .payload(new byte[24]).build();
        assertEquals(ParseResult.OK, parse(esp));
        assertEquals(Ipv6ExtensionWalker.ESP, p.protocol());
        assertEquals(24, p.payloadLength());
        byte[] none = PacketBuilder.ip6(Ipv6ExtensionWalker.NO_NEXT_HEADER).build();
        assertEquals(ParseResult.OK, parse(none));
        assertEquals(Ipv6ExtensionWalker.NO_NEXT_HEADER, p.protocol());
        assertEquals(0, p.payloadLength());
    }

    @Test
    void shouldStopLongOrLoopingExtensionChains() {
        PacketBuilder b = PacketBuilder.udp6();
        for (int i = 0; i < Ipv6ExtensionWalker.DEFAULT_MAX_HEADERS; i++) {
            b.extensionHeader(Ipv6ExtensionWalker.DESTINATION_OPTIONS);
        }
        assertEquals(ParseResult.OK, parse(b.build()), "exactly the bound is fine");
        b.extensionHeader(Ipv6ExtensionWalker.DESTINATION_OPTIONS);
        assertEquals(ParseResult.IPV6_EXTENSION_LIMIT, parse(b.build()));

        // A "loop": a destination options header naming itself as next header, repeated to the end of a jumbo-ish packet.
        byte[] frame = PacketBuilder.ip6(Ipv6ExtensionWalker.DESTINATION_OPTIONS).payload(new byte[8 * 2000]).build();
        for (int i = 0; i < 2000; i++) {
            frame[14 + 40 + 8 * i] = (byte) Ipv6ExtensionWalker.DESTINATION_OPTIONS;
        }
        assertEquals(ParseResult.IPV6_EXTENSION_LIMIT, parse(frame));
        assertEquals(ParseResult.IPV6_EXTENSION_LIMIT, new Ipv6ExtensionWalker().walk(MemorySegment.ofArray(frame), 14, frame.length));
        Ipv6ExtensionWalker patient = new Ipv6ExtensionWalker(5000);
        assertEquals(ParseResult.TRUNCATED_L3, patient.walk(MemorySegment.ofArray(frame), 14, frame.length),
                "with a larger bound the walk reaches the end, where the next header it was promised is missing");
        frame[14 + 40 + 8 * 1999] = (byte) Ipv6ExtensionWalker.NO_NEXT_HEADER;
        assertEquals(ParseResult.OK, patient.walk(MemorySegment.ofArray(frame), 14, frame.length));
        assertEquals(2000, patient.headerCount());
    }

    @Test
    void shouldRejectMisplacedExtensionHeaders() {
        byte[] frame = PacketBuilder.tcp6().extensionHeader(Ipv6ExtensionWalker.DESTINATION_OPTIONS)
                .extensionHeader(Ipv6ExtensionWalker.HOP_BY_HOP).build();
        assertEquals(ParseResult.BAD_IPV6_EXTENSION_HEADER, parse(frame));
        byte[] twoFragments = PacketBuilder.udp6().fragment(0, true).fragment(0, true).payload(new byte[16]).build();
        assertEquals(ParseResult.BAD_IPV6_EXTENSION_HEADER, parse(twoFragments));
        byte[] hdrTooLong = PacketBuilder.tcp6().extensionHeader(Ipv6ExtensionWalker.ROUTING).build();
        hdrTooLong[14 + 40 + 1] = 50;
        assertEquals(ParseResult.TRUNCATED_L3, parse(hdrTooLong));
    }

    @Test
    void shouldParseIpv4Fragments() {
        byte[] first = PacketBuilder.udp4().identification(0x1234).fragment(0, true).payload(new byte[16]).build();
        assertEquals(ParseResult.OK, parse(first));
        assertTrue(p.isFragment());
        assertTrue(p.isFirstFragment());
        assertTrue(p.moreFragments());
        assertEquals(0x1234, p.identification());
        assertEquals(40000, p.sourcePort());
        assertEquals(34, p.l4Offset());
        assertEquals(16, p.payloadLength());

        byte[] later = PacketBuilder.tcp4().identification(0x1234).fragment(1480, false).payload("tail-bytes").build();
        assertEquals(ParseResult.OK, parse(later));
        assertTrue(p.isFragment());
        assertFalse(p.isFirstFragment());
        assertEquals(1480, p.fragmentOffset());
        assertEquals(IpProtocol.TCP, p.protocol());
        assertEquals(-1, p.l4Offset());
        assertEquals(0, p.sourcePort(), "no ports from a later fragment");
        assertEquals(0, p.destinationPort());
        assertEquals(0, p.tcpFlags());
        assertEquals(34, p.payloadOffset());
        assertEquals("tail-bytes", payloadText());

        byte[] laterTiny = PacketBuilder.tcp4().fragment(8, false).payload("ab").build();
        assertEquals(ParseResult.OK, parse(laterTiny), "a later fragment shorter than a TCP header is fine");

        byte[] notMultipleOf8 = PacketBuilder.udp4().fragment(0, true).payload(new byte[3]).build();
        assertEquals(ParseResult.BAD_FRAGMENT, parse(notMultipleOf8));
        byte[] beyond64k = PacketBuilder.udp4().fragment(65528, false).payload(new byte[16]).build();
        assertEquals(ParseResult.BAD_FRAGMENT, parse(beyond64k));
        byte[] dfOnly = PacketBuilder.tcp4().dontFragment().build();
        assertEquals(ParseResult.OK, parse(dfOnly));
        assertFalse(p.isFragment());
    }

    @Test
    void shouldParseIpv6Fragments() {
        byte[] first = PacketBuilder.tcp6().identification(0xCAFEBABE).fragment(0, true)
                .payload(new byte[12]).build();
        assertEquals(ParseResult.OK, parse(first));
        assertTrue(p.isFragment());
        assertTrue(p.isFirstFragment());
        assertEquals(0xCAFEBABE, p.identification());
        assertEquals(IpProtocol.TCP, p.protocol());
        assertEquals(48, p.ipHeaderLength());
        assertEquals(40000, p.sourcePort());

        byte[] later = PacketBuilder.udp6().extensionHeader(Ipv6ExtensionWalker.HOP_BY_HOP).fragment(2048, false)
                .payload("rest").build();
        assertEquals(ParseResult.OK, parse(later));
        assertFalse(p.isFirstFragment());
        assertEquals(2048, p.fragmentOffset());
        assertEquals(IpProtocol.UDP, p.protocol());
        assertEquals(-1, p.l4Offset());
        assertEquals(0, p.sourcePort());
        assertEquals("rest", payloadText());

        byte[] atomic = PacketBuilder.udp6().fragment(0, false).payload("whole").build();
        assertEquals(ParseResult.OK, parse(atomic));
        assertFalse(p.isFragment(), "an atomic fragment is a whole packet");
        assertEquals(40000, p.sourcePort());

        byte[] bad = PacketBuilder.udp6().fragment(0, true).payload(new byte[5]).build();
        assertEquals(ParseResult.BAD_FRAGMENT, parse(bad));
    }

    @Test
    void shouldParseIcmpEcho() {
        byte[] v4 = PacketBuilder.icmp4().icmpEcho(0x4242, 7).payload("abcdefgh").build();
        assertEquals(ParseResult.OK, parse(v4));
        assertEquals(IcmpHeader.V4_ECHO_REQUEST, p.icmpType());
        assertEquals(0, p.icmpCode());
        assertFalse(p.isIcmpError());
        assertFalse(p.hasEmbeddedPacket());
        assertEquals(0, p.sourcePort());
        assertEquals(8, p.payloadLength());
        IcmpHeader icmp = new IcmpHeader().wrap(MemorySegment.ofArray(v4), p.l4Offset());
        assertEquals(0x4242, icmp.identifier());
        assertEquals(7, icmp.sequenceNumber());

        byte[] v6 = PacketBuilder.icmp6().build();
        assertEquals(ParseResult.OK, parse(v6));
        assertEquals(IcmpHeader.V6_ECHO_REQUEST, p.icmpType());
        assertEquals(IpProtocol.ICMPV6, p.protocol());
        byte[] truncated = PacketBuilder.icmp4().build();
        setTotalLength(truncated, 20 + 7);
        assertEquals(ParseResult.TRUNCATED_L4, parse(truncated));
    }

    @Test
    void shouldReadTheQuotedPacketOfAnIcmpv4FragNeeded() {
        PacketBuilder original = PacketBuilder.tcp4().src("203.0.113.1", 80).dst("198.51.100.10", 40000)
                .dontFragment().payload(new byte[1400]);
        byte[] frame = PacketBuilder.icmp4().src("192.0.2.254").dst("203.0.113.1")
                .icmpError(IcmpHeader.V4_DESTINATION_UNREACHABLE, IcmpHeader.V4_CODE_FRAGMENTATION_NEEDED, original)
                .mtu(1400).build();
        assertEquals(14 + 20 + 8 + PacketBuilder.DEFAULT_IPV4_QUOTE_LIMIT, frame.length);
        assertEquals(ParseResult.OK, parse(frame));
        assertTrue(p.isIcmpError());
        assertEquals(IcmpHeader.V4_DESTINATION_UNREACHABLE, p.icmpType());
        assertEquals(IcmpHeader.V4_CODE_FRAGMENTATION_NEEDED, p.icmpCode());
        assertTrue(p.hasEmbeddedPacket());
        assertEquals(14 + 20 + 8, p.embeddedL3Offset());
        assertEquals(14 + 20 + 8 + 20, p.embeddedL4Offset());
        assertEquals(4, p.embeddedFamily());
        assertEquals(IpProtocol.TCP, p.embeddedProtocol());
        assertEquals(Ipv4Address.parse("203.0.113.1"), p.embeddedSourceAddressWord(0));
        assertEquals(Ipv4Address.parse("198.51.100.10"), p.embeddedDestinationAddressWord(0));
        assertTrue(p.hasEmbeddedPorts());
        assertEquals(80, p.embeddedSourcePort());
        assertEquals(40000, p.embeddedDestinationPort());
        assertEquals(1400, new IcmpHeader().wrap(MemorySegment.ofArray(frame), p.l4Offset()).nextHopMtu());
        ParsedPacket flow = new ParsedPacket();
        byte[] reverse = PacketBuilder.tcp4().src("198.51.100.10", 40000).dst("203.0.113.1", 80).build();
        assertEquals(ParseResult.OK, PacketParser.parse(MemorySegment.ofArray(reverse), 0, reverse.length, flow));
        assertEquals(flow.flowHash(), p.embeddedFlowHash(), "the error steers like the flow it is about");
    }

    @Test
    void shouldReadQuotesAsFarAsPresent() {
        PacketBuilder original = PacketBuilder.udp4().src("192.0.2.1", 1111).dst("192.0.2.2", 2222);
        byte[] classic = PacketBuilder.icmp4().icmpError(IcmpHeader.V4_TIME_EXCEEDED, 0, original).quoteLimit(28).build();
        assertEquals(ParseResult.OK, parse(classic));
        assertTrue(p.hasEmbeddedPorts(), "RFC 792 quote: IP header + 8 bytes");
        assertEquals(2222, p.embeddedDestinationPort());

        byte[] twoBytes = PacketBuilder.icmp4().icmpError(IcmpHeader.V4_TIME_EXCEEDED, 0, original).quoteLimit(22).build();
        assertEquals(ParseResult.OK, parse(twoBytes));
        assertTrue(p.hasEmbeddedPacket());
        assertEquals(IpProtocol.UDP, p.embeddedProtocol());
        assertFalse(p.hasEmbeddedPorts());
        assertEquals(14 + 20 + 8 + 20, p.embeddedL4Offset());

        byte[] headerOnly = PacketBuilder.icmp4().icmpError(IcmpHeader.V4_TIME_EXCEEDED, 0, original).quoteLimit(20).build();
        assertEquals(ParseResult.OK, parse(headerOnly));
        assertTrue(p.hasEmbeddedPacket());
        assertEquals(-1, p.embeddedL4Offset());

        byte[] tooShort = PacketBuilder.icmp4().icmpError(IcmpHeader.V4_TIME_EXCEEDED, 0, original).quoteLimit(12).build();
        assertEquals(ParseResult.OK, parse(tooShort));
        assertTrue(p.isIcmpError());
        assertFalse(p.hasEmbeddedPacket());
        assertEquals(0, p.embeddedFlowHash());

        byte[] wrongFamily = PacketBuilder.icmp4().icmpError(IcmpHeader.V4_TIME_EXCEEDED, 0, PacketBuilder.udp6()).build();
        assertEquals(ParseResult.OK, parse(wrongFamily));
        assertFalse(p.hasEmbeddedPacket());

        byte[] laterFragment = PacketBuilder.icmp4()
                .icmpError(IcmpHeader.V4_TIME_EXCEEDED, 0, PacketBuilder.udp4().fragment(64, false).payload(new byte[8])).build();
        assertEquals(ParseResult.OK, parse(laterFragment));
        assertTrue(p.hasEmbeddedPacket());
        assertFalse(p.hasEmbeddedPorts());
        assertEquals(-1, p.embeddedL4Offset());
    }

    @Test
    void shouldReadTheQuotedPacketOfAnIcmpv6PacketTooBig() {
        PacketBuilder original = PacketBuilder.udp6().src("2001:db8::80", 53).dst("2001:db8:ffff::1", 3333)
                .extensionHeader(Ipv6ExtensionWalker.DESTINATION_OPTIONS).payload(new byte[1500]);
        byte[] frame = PacketBuilder.icmp6().src("2001:db8::fe").dst("2001:db8::80")
                .icmpError(IcmpHeader.V6_PACKET_TOO_BIG, 0, original).mtu(1280).build();
        assertEquals(14 + 1280, frame.length);
        assertEquals(ParseResult.OK, parse(frame));
        assertTrue(p.isIcmpError());
        assertEquals(IcmpHeader.V6_PACKET_TOO_BIG, p.icmpType());
        assertEquals(1280, new IcmpHeader().wrap(MemorySegment.ofArray(frame), p.l4Offset()).mtu());
        assertEquals(6, p.embeddedFamily());
        assertEquals(IpProtocol.UDP, p.embeddedProtocol());
        assertEquals(0x20010DB8, p.embeddedSourceAddressWord(0));
        assertEquals(0x80, p.embeddedSourceAddressWord(3));
        assertEquals(0xFFFF0000, p.embeddedDestinationAddressWord(1));
        assertEquals(1, p.embeddedDestinationAddressWord(3));
        assertEquals(p.embeddedL3Offset() + 48, p.embeddedL4Offset());
        assertEquals(53, p.embeddedSourcePort());
        assertEquals(3333, p.embeddedDestinationPort());

        byte[] cutInExtension = PacketBuilder.icmp6().icmpError(IcmpHeader.V6_DESTINATION_UNREACHABLE, 4, original)
                .quoteLimit(44).build();
        assertEquals(ParseResult.OK, parse(cutInExtension));
        assertTrue(p.hasEmbeddedPacket());
        assertEquals(-1, p.embeddedProtocol(), "chain cut short: protocol unknown");
        assertEquals(0x80, p.embeddedSourceAddressWord(3));

        byte[] timeExceeded = PacketBuilder.icmp6().icmpError(IcmpHeader.V6_TIME_EXCEEDED, 0, PacketBuilder.tcp6()).build();
        assertEquals(ParseResult.OK, parse(timeExceeded));
        assertEquals(IpProtocol.TCP, p.embeddedProtocol());
        assertEquals(40000, p.embeddedSourcePort());
    }

    @Test
    void shouldHashBothDirectionsAlike() {
        byte[] ab = PacketBuilder.tcp4().src("198.51.100.10", 40000).dst("203.0.113.1", 80).build();
        byte[] ba = PacketBuilder.tcp4().src("203.0.113.1", 80).dst("198.51.100.10", 40000).build();
        byte[] other = PacketBuilder.tcp4().src("198.51.100.10", 40001).dst("203.0.113.1", 80).build();
        byte[] udp = PacketBuilder.udp4().src("198.51.100.10", 40000).dst("203.0.113.1", 80).build();
        int h = hash(ab);
        assertEquals(h, hash(ba));
        assertNotEquals(h, hash(other));
        assertNotEquals(h, hash(udp));
        byte[] ab6 = PacketBuilder.udp6().src("2001:db8::1", 5000).dst("2001:db8:2::1", 53).build();
        byte[] ba6 = PacketBuilder.udp6().src("2001:db8:2::1", 53).dst("2001:db8::1", 5000).build();
        assertEquals(hash(ab6), hash(ba6));
        assertNotEquals(hash(ab6), hash(PacketBuilder.udp6().src("2001:db8::1", 5000).dst("2001:db8:2::2", 53).build()));
    }

    private int hash(byte[] frame) {
        assertEquals(ParseResult.OK, parse(frame));
        return p.flowHash();
    }

    @Test
    void shouldResetEverythingBetweenParses() {
        assertEquals(ParseResult.OK, parse(PacketBuilder.icmp6().vlan(5)
                .icmpError(IcmpHeader.V6_TIME_EXCEEDED, 0, PacketBuilder.tcp6()).build()));
        p.firewallMark(7);
        assertEquals(7, p.firewallMark());
        assertEquals(ParseResult.OK, parse(PacketBuilder.udp4().build()));
        assertEquals(0, p.firewallMark());
        assertEquals(-1, p.vlanId());
        assertEquals(-1, p.icmpType());
        assertFalse(p.isIcmpError());
        assertFalse(p.hasEmbeddedPacket());
        assertEquals(0, p.sourceAddressWord(3));
        assertEquals(0, p.embeddedSourceAddressWord(0));
        assertThrows(IndexOutOfBoundsException.class, () -> p.sourceAddressWord(4));
    }

    @Test
    void shouldParseSctpPortsAndOtherProtocolsAsPayload() {
        byte[] sctp = PacketBuilder.ip4(IpProtocol.SCTP)
                .payload(new byte[] {0x0B, (byte) 0xB8, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 9}).build();
        assertEquals(ParseResult.OK, parse(sctp));
        assertEquals(3000, p.sourcePort());
        assertEquals(80, p.destinationPort());
        assertEquals(1, p.payloadLength());
        byte[] gre = PacketBuilder.ip4(47).payload(new byte[] {0, 0, 0x08, 0x00}).build();
        assertEquals(ParseResult.OK, parse(gre));
        assertEquals(47, p.protocol());
        assertEquals(34, p.l4Offset());
        assertEquals(34, p.payloadOffset());
        assertEquals(4, p.payloadLength());
        assertArrayEquals(new byte[] {0, 0, 8, 0}, Arrays.copyOfRange(gre, 34, 38));
    }

    @Test
    void shouldNameEveryCode() {
        for (int code = 0; code < ParseResult.COUNT; code++) {
            assertNotEquals("UNKNOWN", ParseResult.name(code));
        }
        assertEquals("OK", ParseResult.name(ParseResult.OK));
        assertEquals("BAD_UDP_LENGTH", ParseResult.name(ParseResult.BAD_UDP_LENGTH));
        assertEquals("UNKNOWN", ParseResult.name(ParseResult.COUNT));
        assertEquals("UNKNOWN", ParseResult.name(-1));
    }
}
