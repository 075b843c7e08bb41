package io.jvs.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Golden bytes of PROXY protocol headers, written out by hand from haproxy's proxy-protocol.txt. */
class ProxyProtocolHeaderTest {

    private static final int[] CLIENT4 = {0xC0000201, 0, 0, 0};       // 192.0.2.1
    private static final int[] VIP4 = {0xCB007101, 0, 0, 0};          // 203.0.113.1
    private static final int[] CLIENT6 = {0x20010DB8, 0, 0, 0x00000001};                  // 2001:db8::1
    private static final int[] VIP6 = {0x20010DB8, 0x00000001, 0x00000000, 0x0000ABCD};  // 2001:db8:0:1::abcd

    private static byte[] write(ProxyProtocolVersion v, int family, int protocol, int[] src, int sport, int[] dst,
            int dport) {
        ByteBuffer b = ByteBuffer.allocate(200);
        int n = ProxyProtocolHeader.write(v, b, family, protocol, src, sport, dst, dport);
        assertEquals(n, b.position());
        return Arrays.copyOf(b.array(), n);
    }

    @Test
    void shouldWriteVersionOneForIpv4() {
        assertEquals("PROXY TCP4 192.0.2.1 203.0.113.1 56324 443\r\n", new String(
                write(ProxyProtocolVersion.V1, AddressFamily.IPV4, IpProtocol.TCP, CLIENT4, 56324, VIP4, 443),
                StandardCharsets.US_ASCII));
    }

    @Test
    void shouldWriteVersionOneForIpv6() {
        assertEquals("PROXY TCP6 2001:db8::1 2001:db8:0:1::abcd 65535 0\r\n", new String(
                write(ProxyProtocolVersion.V1, AddressFamily.IPV6, IpProtocol.TCP, CLIENT6, 65535, VIP6, 0),
                StandardCharsets.US_ASCII));
    }

    @Test
    void shouldWriteVersionTwoForTcpOverIpv4() {
        byte[] expected = HexFormat.of().parseHex(
                "0d0a0d0a000d0a515549540a" // signature
                + "21"                       // version 2, PROXY
                + "11"                       // AF_INET, STREAM
                + "000c"                     // 12 address bytes
                + "c0000201" + "cb007101"    // 192.0.2.1, 203.0.113.1
                + "dc04" + "01bb");          // 56324, 443
        assertArrayEquals(expected,
                write(ProxyProtocolVersion.V2, AddressFamily.IPV4, IpProtocol.TCP, CLIENT4, 56324, VIP4, 443));
    }

    @Test
    void shouldWriteVersionTwoForUdpOverIpv6() {
        byte[] expected = HexFormat.of().parseHex(
                "0d0a0d0a000d0a515549540a"
                + "21"
                + "22"                                          // AF_INET6, DGRAM
                + "0024"                                        // 36 address bytes
                + "20010db8000000000000000000000001"            // 2001:db8::1
                + "20010db800000001000000000000abcd"            // 2001:db8:0:1::abcd
                + "0035" + "1f90");                              // 53, 8080
        assertArrayEquals(expected,
                write(ProxyProtocolVersion.V2, AddressFamily.IPV6, IpProtocol.UDP, CLIENT6, 53, VIP6, 8080));
    }

    @Test
    void shouldWriteNothingForNone() {
        assertEquals(0, write(ProxyProtocolVersion.NONE, AddressFamily.IPV4, IpProtocol.TCP, CLIENT4, 1, VIP4, 2).length);
    }

    @Test
    void shouldRefuseVersionOneForUdp() {
        assertThrows(IllegalArgumentException.class,
                () -> write(ProxyProtocolVersion.V1, AddressFamily.IPV4, IpProtocol.UDP, CLIENT4, 1, VIP4, 2));
    }

    @Test
    void shouldFitTheLongestVersionOneLineInItsLimit() {
        int[] max6 = {-1, -1, -1, -1};
        byte[] line = write(ProxyProtocolVersion.V1, AddressFamily.IPV6, IpProtocol.TCP, max6, 65535, max6, 65535);
        assertEquals(104, line.length);
        assertEquals(true, line.length <= ProxyProtocolHeader.V1_MAX_BYTES);
    }
}
