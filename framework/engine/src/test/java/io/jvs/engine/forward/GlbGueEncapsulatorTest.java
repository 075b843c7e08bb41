package io.jvs.engine.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.packet.InternetChecksum;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * GLB's GUE encapsulation against the layout of GLB Director's {@code docs/development/gue-header.md}
 * and {@code glb_encap.c}: outer header, UDP to 19523, GUE (version 0, C 0, Hlen, proto 4/41,
 * flags 0), private data (type 0, next hop index 0, hop count) and the hops after the first.
 */
class GlbGueEncapsulatorTest {

    private static final int SOURCE = 0xC0000201;
    private static final int[] SOURCE6 = {0x20010DB8, 0, 0, 0x99};
    private static final int FIRST_IDENTIFICATION = 0x1234;
    private static final int ETHERNET = 14;

    private static GlbGueEncapsulator encapsulator() {
        return new GlbGueEncapsulator(SOURCE, SOURCE6, 1500, GlbGueEncapsulator.DEFAULT_PORT, FIRST_IDENTIFICATION);
    }

    private static byte[] inner() {
        return PacketBuilder.udp4().src("198.51.100.9", 40000).dst("203.0.113.1", 53).payload("hi").build();
    }

    @Test
    void shouldWriteGlbsDocumentedHeaderWithTheRemainingHopsForIpv4() {
        byte[] frameBytes = inner();
        byte[] inner = Arrays.copyOfRange(frameBytes, ETHERNET, frameBytes.length);
        Frame frame = new Frame(frameBytes);
        int flowHash = frame.packet.flowHash();
        GlbGueEncapsulator glb = encapsulator();

        int result = glb.encapsulate(frame.packet, frame.headroom(), AddressFamily.IPV4,
                new int[] {0x0A000001, 0x0A000002, 0x0A000003}, 3);

        assertEquals(ForwardResult.OK, result);
        frame.offset = glb.frameOffset();
        frame.length = glb.frameLength();
        int udpLength = 8 + 8 + 8 + inner.length;
        int sourcePort = 0x8000 | (flowHash & 0x7FFF);
        String ipv4 = "4500" + hex16(20 + udpLength) + "1234" + "0000" + "4011" + "%s" + "c0000201" + "0a000001";
        String golden = ipv4.formatted(hex16(ipv4Checksum(HexFormat.of().parseHex(ipv4.formatted("0000")))))
                + hex16(sourcePort) + "4c43" + hex16(udpLength) + "0000"   // UDP: to 19523, checksum 0 as GLB
                + "03" + "04" + "0000"                                      // GUE: v0 C0 Hlen 3, proto IPv4, flags 0
                + "0000" + "00" + "02"                                      // private data type 0, next hop 0, 2 hops
                + "0a000002" + "0a000003"                                   // the hops after the first
                + HexFormat.of().formatHex(inner);
        assertEquals(golden, HexFormat.of().formatHex(frame.bytes(), ETHERNET, frame.length));
        assertEquals(GlbGueEncapsulator.overhead(AddressFamily.IPV4, 3), frame.length - frameBytes.length);
    }

    @Test
    void shouldCarryIpv6HopsAsSixteenByteAddressesWithAUdpChecksum() {
        byte[] frameBytes = PacketBuilder.tcp6().src("2001:db8:5::9", 40000).dst("2001:db8:1::1", 443).build();
        byte[] inner = Arrays.copyOfRange(frameBytes, ETHERNET, frameBytes.length);
        Frame frame = new Frame(frameBytes);
        GlbGueEncapsulator glb = encapsulator();
        int[] hops = {0x20010DB8, 0, 0, 1, 0x20010DB8, 0, 0, 2};

        assertEquals(ForwardResult.OK, glb.encapsulate(frame.packet, frame.headroom(), AddressFamily.IPV6, hops, 2));
        frame.offset = glb.frameOffset();
        frame.length = glb.frameLength();
        String text = HexFormat.of().formatHex(frame.bytes(), ETHERNET, frame.length);

        int udpLength = 8 + 8 + 16 + inner.length;
        assertEquals(hex16(udpLength), text.substring(8, 12), "payload length");
        assertEquals("11" + "40", text.substring(12, 16), "next header UDP, hop limit 64");
        assertEquals("20010db8000000000000000000000099", text.substring(16, 48), "source");
        assertEquals("20010db8000000000000000000000001", text.substring(48, 80), "first hop is the destination");
        assertEquals("4c43" + hex16(udpLength), text.substring(84, 92), "UDP port and length");
        assertEquals("05" + "29" + "0000" + "0000" + "00" + "01" + "20010db8000000000000000000000002"
                + HexFormat.of().formatHex(inner), text.substring(96), "GUE Hlen 5, proto 41, one 16-byte hop");
        assertTrue(InternetChecksum.isTransportChecksumValid(frame.segment, frame.offset + ETHERNET, AddressFamily.IPV6,
                IpProtocol.UDP, frame.offset + ETHERNET + 40, udpLength), "UDP checksum");
    }

    @Test
    void shouldMoveTheEthernetHeaderAndSetItsType() {
        byte[] inner = PacketBuilder.udp4().src("198.51.100.9", 40000).dst("203.0.113.1", 53).payload("hi")
                .vlan(7).build();
        Frame frame = new Frame(inner);
        GlbGueEncapsulator glb = encapsulator();

        assertEquals(ForwardResult.OK, glb.encapsulate(frame.packet, frame.headroom(), AddressFamily.IPV4,
                new int[] {0x0A000001, 0x0A000002}, 2));
        frame.offset = glb.frameOffset();
        frame.length = glb.frameLength();
        byte[] bytes = frame.bytes();
        assertArrayEquals(Arrays.copyOf(inner, 16), Arrays.copyOf(bytes, 16), "MAC addresses and VLAN tag moved");
        assertEquals(0x0800, ((bytes[16] & 0xFF) << 8) | (bytes[17] & 0xFF));
        assertEquals(0x02, bytes[18 + 20 + 8], "Hlen 2: private data and one hop");
    }

    @Test
    void shouldRefuseWhatItCannotEncode() {
        GlbGueEncapsulator glb = encapsulator();
        Frame frame = new Frame(inner());
        assertEquals(ForwardResult.UNSUPPORTED,
                glb.encapsulate(frame.packet, frame.headroom(), AddressFamily.IPV4, new int[32], 32));
        assertEquals(ForwardResult.UNSUPPORTED,
                glb.encapsulate(frame.packet, frame.headroom(), AddressFamily.IPV6, new int[36], 9));
        assertEquals(ForwardResult.UNSUPPORTED,
                glb.encapsulate(frame.packet, frame.headroom(), AddressFamily.IPV4, new int[1], 0));
        assertEquals(ForwardResult.NO_HEADROOM,
                glb.encapsulate(frame.packet, 20, AddressFamily.IPV4, new int[] {1, 2}, 2));
        Frame big = new Frame(PacketBuilder.udp4().src("198.51.100.9", 40000).dst("203.0.113.1", 53)
                .dontFragment().payload(new byte[1460]).build());
        assertEquals(ForwardResult.TOO_BIG,
                glb.encapsulate(big.packet, big.headroom(), AddressFamily.IPV4, new int[] {1, 2}, 2));
        assertEquals(1500 - 20 - 8 - 8 - 4, glb.innerMtu());
        assertThrows(IllegalArgumentException.class, () -> new GlbGueEncapsulator(SOURCE, null, 1500, 0, 0));
    }

    private static String hex16(int value) {
        return String.format("%04x", value & 0xFFFF);
    }

    /** RFC 1071, written out: the one's complement of the one's complement sum of the 16-bit words. */
    private static int ipv4Checksum(byte[] header) {
        long sum = 0;
        for (int i = 0; i < header.length; i += 2) {
            sum += ((header[i] & 0xFF) << 8) | (header[i + 1] & 0xFF);
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
