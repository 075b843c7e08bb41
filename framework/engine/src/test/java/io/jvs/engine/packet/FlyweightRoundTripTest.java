package io.jvs.engine.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Every setter writes the bytes the RFC diagram says, and every accessor reads them back. */
class FlyweightRoundTripTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String hex(MemorySegment s, long from, int length) {
        return HEX.formatHex(s.asSlice(from, length).toArray(BigEndian.BYTE));
    }

    @Test
    void shouldWriteEthernetAndVlanFieldsAtTheirOffsets() {
        MemorySegment s = MemorySegment.ofArray(new byte[3 + 22]);
        EthernetHeader eth = new EthernetHeader().wrap(s, 3)
                .destination(MacAddress.parse("01:02:03:04:05:06"))
                .source(MacAddress.parse("0a:0b:0c:0d:0e:0f"))
                .etherType(EtherType.QINQ);
        VlanTag outer = new VlanTag().wrap(s, 3 + EthernetHeader.ETHER_TYPE_OFFSET);
        outer.tci(0).vlanId(100).priority(5).dropEligible(true).etherType(EtherType.VLAN);
        VlanTag inner = new VlanTag().wrap(s, 3 + EthernetHeader.ETHER_TYPE_OFFSET + VlanTag.LENGTH);
        inner.vlanId(4095).etherType(EtherType.IPV6);
        assertEquals("0102030405060a0b0c0d0e0f88a8b0648100" + "0fff86dd", hex(s, 3, 22));
        assertEquals(0x010203040506L, eth.destination());
        assertEquals(0x0a0b0c0d0e0fL, eth.source());
        assertEquals(EtherType.QINQ, eth.etherType());
        assertEquals(EtherType.QINQ, outer.tpid());
        assertEquals(100, outer.vlanId());
        assertEquals(5, outer.priority());
        assertTrue(outer.dropEligible());
        assertEquals(EtherType.VLAN, outer.etherType());
        assertEquals(4095, inner.vlanId());
        assertEquals(0, inner.priority());
        assertFalse(inner.dropEligible());
        eth.swapAddresses();
        assertEquals(0x0a0b0c0d0e0fL, eth.destination());
        assertEquals(0x010203040506L, eth.source());
        assertEquals(3, eth.offset());
        assertEquals(s, eth.segment());
    }

    @Test
    void shouldWriteArpFields() {
        MemorySegment s = MemorySegment.ofArray(new byte[ArpPacket.LENGTH]);
        ArpPacket arp = new ArpPacket().wrap(s, 0).hardwareType(1).protocolType(EtherType.IPV4)
                .hardwareLength(6).protocolLength(4).operation(ArpPacket.OPERATION_REPLY)
                .senderHardwareAddress(0x020000000001L).senderProtocolAddress(Ipv4Address.parse("192.0.2.1"))
                .targetHardwareAddress(0x020000000002L).targetProtocolAddress(Ipv4Address.parse("192.0.2.2"));
        assertEquals("0001080006040002" + "020000000001c0000201" + "020000000002c0000202", hex(s, 0, 28));
        assertTrue(arp.isEthernetIpv4());
        assertEquals(ArpPacket.OPERATION_REPLY, arp.operation());
        assertEquals(0x020000000001L, arp.senderHardwareAddress());
        assertEquals(0xC0000201, arp.senderProtocolAddress());
        assertEquals(0x020000000002L, arp.targetHardwareAddress());
        assertEquals(0xC0000202, arp.targetProtocolAddress());
        arp.protocolLength(16);
        assertFalse(arp.isEthernetIpv4());
    }

    @Test
    void shouldWriteIpv4FieldsAndKeepNeighbouringBits() {
        MemorySegment s = MemorySegment.ofArray(new byte[24]);
        Ipv4Header ip = new Ipv4Header().wrap(s, 0).version(4).ihl(6).tos(0xB8).totalLength(1500)
                .identification(0xBEEF).dontFragment(true).moreFragments(true).fragmentOffset(0x1ABC)
                .ttl(255).protocol(17).sourceAddress(0xC0000201).destinationAddress(0xCB007101);
        assertEquals("46b805dcbeef7abcff110000c0000201cb007101", hex(s, 0, 20));
        assertEquals(4, ip.version());
        assertEquals(6, ip.ihl());
        assertEquals(24, ip.headerLength());
        assertEquals(4, ip.optionsLength());
        assertEquals(20, ip.optionsOffset());
        assertEquals(24, ip.payloadOffset());
        assertEquals(0xB8, ip.tos());
        assertEquals(1500, ip.totalLength());
        assertEquals(0xBEEF, ip.identification());
        assertTrue(ip.dontFragment());
        assertTrue(ip.moreFragments());
        assertTrue(ip.isFragment());
        assertEquals(0x1ABC, ip.fragmentOffset());
        assertEquals(255, ip.ttl());
        assertEquals(17, ip.protocol());
        assertEquals(0xC0000201, ip.sourceAddress());
        assertEquals(0xCB007101, ip.destinationAddress());
        ip.moreFragments(false).fragmentOffset(0);
        assertTrue(ip.dontFragment());
        assertFalse(ip.isFragment());
        ip.dontFragment(false);
        assertEquals(0, ip.flagsAndFragmentOffset());
        ip.updateChecksum();
        assertTrue(ip.isChecksumValid());
        byte[] bytes = s.toArray(BigEndian.BYTE);
        assertEquals(ReferenceChecksum.of(zeroChecksum(bytes)), ip.checksum());
    }

    private static byte[] zeroChecksum(byte[] ipv4) {
        byte[] copy = ipv4.clone();
        copy[10] = 0;
        copy[11] = 0;
        return copy;
    }

    @Test
    void shouldWriteIpv6Fields() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(40);
            int[] src = Ipv6Address.parse("2001:db8::1");
            int[] dst = Ipv6Address.parse("fe80::aabb:ccff:fedd:eeff");
            Ipv6Header ip = new Ipv6Header().wrap(s, 0).version(6).trafficClass(0xAB).flowLabel(0xFEDCB)
                    .payloadLength(1280).nextHeader(58).hopLimit(255)
                    .sourceAddress(src[0], src[1], src[2], src[3])
                    .destinationAddress(dst[0], dst[1], dst[2], dst[3]);
            assertEquals("6abfedcb05003aff20010db8000000000000000000000001fe80000000000000aabbccfffeddeeff",
                    hex(s, 0, 40));
            assertEquals(6, ip.version());
            assertEquals(0xAB, ip.trafficClass());
            assertEquals(0xFEDCB, ip.flowLabel());
            assertEquals(1280, ip.payloadLength());
            assertEquals(58, ip.nextHeader());
            assertEquals(255, ip.hopLimit());
            for (int i = 0; i < 4; i++) {
                assertEquals(src[i], ip.sourceAddressWord(i));
                assertEquals(dst[i], ip.destinationAddressWord(i));
            }
            ip.trafficClass(0).flowLabel(0);
            assertEquals(6, ip.version());
            assertEquals(40, ip.payloadOffset());
        }
    }

    @Property(tries = 200, seed = "7")
    void shouldRoundTripTcpFields(@ForAll @IntRange(max = 65535) int sport, @ForAll @IntRange(max = 65535) int dport,
            @ForAll int seq, @ForAll int ack, @ForAll @IntRange(min = 5, max = 15) int dataOffset,
            @ForAll @IntRange(max = 255) int flags, @ForAll @IntRange(max = 65535) int window,
            @ForAll @IntRange(max = 65535) int checksum, @ForAll @IntRange(max = 65535) int urgent) {
        MemorySegment s = MemorySegment.ofArray(new byte[61]);
        TcpHeader tcp = new TcpHeader().wrap(s, 1).sourcePort(sport).destinationPort(dport).sequenceNumber(seq)
                .acknowledgmentNumber(ack).dataOffset(dataOffset).flags(flags).window(window).checksum(checksum)
                .urgentPointer(urgent);
        assertEquals(sport, tcp.sourcePort());
        assertEquals(dport, tcp.destinationPort());
        assertEquals(seq, tcp.sequenceNumber());
        assertEquals(ack, tcp.acknowledgmentNumber());
        assertEquals(dataOffset, tcp.dataOffset());
        assertEquals(dataOffset * 4, tcp.headerLength());
        assertEquals(dataOffset * 4 - 20, tcp.optionsLength());
        assertEquals(1 + dataOffset * 4, tcp.payloadOffset());
        assertEquals(flags, tcp.flags());
        assertEquals(window, tcp.window());
        assertEquals(checksum, tcp.checksum());
        assertEquals(urgent, tcp.urgentPointer());
        byte[] b = s.toArray(BigEndian.BYTE);
        assertEquals(sport, ReferenceChecksum.u16(b, 1));
        assertEquals(dataOffset, (b[13] & 0xFF) >>> 4);
        assertEquals(flags, b[14] & 0xFF);
        assertEquals(checksum, ReferenceChecksum.u16(b, 17));
    }

    @Test
    void shouldRoundTripUdpAndIcmpFields() {
        MemorySegment s = MemorySegment.ofArray(new byte[16]);
        UdpHeader udp = new UdpHeader().wrap(s, 0).sourcePort(53).destinationPort(65535).length(512).checksum(0xABCD);
        assertEquals("0035ffff0200abcd", hex(s, 0, 8));
        assertEquals(53, udp.sourcePort());
        assertEquals(65535, udp.destinationPort());
        assertEquals(512, udp.length());
        assertEquals(0xABCD, udp.checksum());
        assertEquals(8, udp.payloadOffset());

        IcmpHeader icmp = new IcmpHeader().wrap(s, 8).type(3).code(4).checksum(0x1234).nextHopMtu(1400);
        assertEquals("0304123400000578", hex(s, 8, 8));
        assertEquals(3, icmp.type());
        assertEquals(4, icmp.code());
        assertEquals(0x1234, icmp.checksum());
        assertEquals(1400, icmp.nextHopMtu());
        icmp.mtu(0xFFFFFFF0L);
        assertEquals(0xFFFFFFF0L, icmp.mtu());
        icmp.identifier(0xAAAA).sequenceNumber(0x5555);
        assertEquals(0xAAAA5555, icmp.restOfHeader());
        assertEquals(0xAAAA, icmp.identifier());
        assertEquals(0x5555, icmp.sequenceNumber());
        assertEquals(16, icmp.embeddedPacketOffset());
        assertTrue(IcmpHeader.isError(4, IcmpHeader.V4_TIME_EXCEEDED));
        assertFalse(IcmpHeader.isError(4, IcmpHeader.V4_ECHO_REPLY));
        assertTrue(IcmpHeader.isError(6, IcmpHeader.V6_PACKET_TOO_BIG));
        assertFalse(IcmpHeader.isError(6, IcmpHeader.V6_NEIGHBOR_SOLICITATION));
    }

    @Test
    void shouldPlaceGreOptionalFieldsByFlags() {
        MemorySegment s = MemorySegment.ofArray(new byte[16 + 4]);
        GreHeader gre = new GreHeader().wrap(s, 0)
                .flagsAndVersion(GreHeader.FLAG_CHECKSUM | GreHeader.FLAG_KEY | GreHeader.FLAG_SEQUENCE)
                .protocolType(EtherType.IPV4).key(0x11223344).sequenceNumber(0x55667788);
        assertEquals(16, gre.headerLength());
        assertEquals(16, gre.payloadOffset());
        assertEquals("b0000800000000001122334455667788", hex(s, 0, 16));
        gre.updateChecksum(20);
        byte[] bytes = s.toArray(BigEndian.BYTE);
        assertEquals(0, ReferenceChecksum.of(bytes), "checksum makes the sum all ones");
        assertTrue(gre.checksumPresent());
        assertTrue(gre.keyPresent());
        assertTrue(gre.sequencePresent());
        assertEquals(0, gre.version());
        assertEquals(0x11223344, gre.key());
        assertEquals(0x55667788, gre.sequenceNumber());

        MemorySegment k = MemorySegment.ofArray(new byte[12]);
        GreHeader keyed = new GreHeader().wrap(k, 0).flagsAndVersion(GreHeader.FLAG_SEQUENCE | GreHeader.FLAG_KEY)
                .protocolType(EtherType.IPV6).key(7).sequenceNumber(9);
        assertEquals("300086dd0000000700000009", hex(k, 0, 12));
        assertFalse(keyed.checksumPresent());
        assertEquals(12, keyed.headerLength());
        assertEquals(4, GreHeader.headerLength(0));
        assertEquals(8, GreHeader.headerLength(GreHeader.FLAG_SEQUENCE));
        assertEquals(EtherType.IPV6, keyed.protocolType());
    }

    @Test
    void shouldReadGueVariantZeroFields() {
        MemorySegment s = MemorySegment.ofArray(new byte[12]);
        GueHeader gue = new GueHeader().wrap(s, 0).version(0).controlMessage(false).hlen(2).protoCtype(4).flags(0x8000);
        assertEquals("0204" + "8000", hex(s, 0, 4));
        assertEquals(0, gue.version());
        assertFalse(gue.controlMessage());
        assertEquals(2, gue.hlen());
        assertEquals(12, gue.headerLength());
        assertEquals(12, gue.payloadOffset());
        assertEquals(4, gue.protoCtype());
        assertEquals(0x8000, gue.flags());
        gue.controlMessage(true).hlen(31);
        assertEquals("3f", hex(s, 0, 1));
        assertTrue(gue.controlMessage());
        assertEquals(128, gue.headerLength());
        MemorySegment direct = MemorySegment.ofArray(new byte[] {0x45, 0, 0, 20});
        assertEquals(1, new GueHeader().wrap(direct, 0).version(), "variant 1: a bare IPv4 header");
    }

    @Test
    void shouldReadAndWriteBigEndianPrimitives() {
        MemorySegment s = MemorySegment.ofArray(new byte[16]);
        BigEndian.putShort(s, 1, 0xFFFE);
        BigEndian.putInt(s, 3, 0x01020304);
        BigEndian.putLong(s, 7, 0x0A0B0C0D0E0F1011L);
        BigEndian.putByte(s, 15, 0x1FF);
        assertArrayEquals(HEX.parseHex("00fffe010203040a0b0c0d0e0f1011ff"), s.toArray(BigEndian.BYTE));
        assertEquals(0xFFFE, BigEndian.getUnsignedShort(s, 1));
        assertEquals(0x01020304, BigEndian.getInt(s, 3));
        assertEquals(0x0A0B0C0D0E0F1011L, BigEndian.getLong(s, 7));
        assertEquals(0xFF, BigEndian.getUnsignedByte(s, 15));
    }
}
