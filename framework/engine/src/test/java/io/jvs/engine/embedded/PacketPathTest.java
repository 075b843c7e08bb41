package io.jvs.engine.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.forward.NaiveChecksums;
import io.jvs.engine.packet.MacAddress;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParseResult;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.pipeline.NeighborTable;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.TunnelType;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven packet exchanges through the whole engine (parse, connection table, scheduler,
 * forwarding): for every forwarding method over IPv4 and IPv6, TCP and UDP, the request and (where
 * replies pass through jvs) the reply are compared byte for byte with frames built independently,
 * and every checksum is verified from scratch by {@link NaiveChecksums}.
 */
class PacketPathTest {

    static final long OWN_MAC = 0x020000000001L;
    static final long GATEWAY_MAC = 0x0200000000FEL;
    static final long REAL_MAC = MacAddress.parse("02:00:00:00:01:07");
    static final long CLIENT_MAC = MacAddress.parse("02:00:00:00:0c:01");

    record Row(String description, int family, int protocol, ForwardingMethod method, TunnelType tunnel) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int family : new int[] {AddressFamily.IPV4, AddressFamily.IPV6}) {
            for (int protocol : new int[] {IpProtocol.TCP, IpProtocol.UDP}) {
                String f = (family == 4 ? "IPv4 " : "IPv6 ") + IpProtocol.name(protocol) + " ";
                rows.add(new Row(f + "NAT", family, protocol, ForwardingMethod.NAT, null));
                rows.add(new Row(f + "FULLNAT", family, protocol, ForwardingMethod.FULLNAT, null));
                rows.add(new Row(f + "DR", family, protocol, ForwardingMethod.DR, null));
                rows.add(new Row(f + "tunnel IPIP", family, protocol, ForwardingMethod.TUNNEL, TunnelType.IPIP));
                rows.add(new Row(f + "tunnel GUE", family, protocol, ForwardingMethod.TUNNEL, TunnelType.GUE));
                rows.add(new Row(f + "tunnel GRE", family, protocol, ForwardingMethod.TUNNEL, TunnelType.GRE));
            }
        }
        return rows.stream();
    }

    static String client(int family) {
        return family == 4 ? "198.51.100.10" : "2001:db8:c::10";
    }

    static String vip(int family) {
        return family == 4 ? "203.0.113.1" : "2001:db8:f::1";
    }

    static String real(int family) {
        return family == 4 ? "198.51.100.7" : "2001:db8:b::7";
    }

    static String local(int family) {
        return family == 4 ? "192.0.2.100" : "2001:db8:ffff::100";
    }

    static String tunnelSource(int family) {
        return family == 4 ? "192.0.2.1" : "2001:db8:ffff::1";
    }

    static PacketBuilder packet(Row row, String src, int sport, String dst, int dport, int ttl, int flags, String data) {
        PacketBuilder b = row.family == 4
                ? (row.protocol == IpProtocol.TCP ? PacketBuilder.tcp4() : PacketBuilder.udp4())
                : (row.protocol == IpProtocol.TCP ? PacketBuilder.tcp6() : PacketBuilder.udp6());
        b.src(src, sport).dst(dst, dport).ttl(ttl).payload(data.getBytes(StandardCharsets.US_ASCII));
        if (row.protocol == IpProtocol.TCP) {
            b.flags(flags).seq(1000).ack(flags == TcpFlags.SYN ? 0 : 5000);
        }
        return b;
    }

    static EmbeddedEngine engine(Row row) {
        EngineSettings settings = EngineSettings.defaults().withConnectionsPerWorker(1024)
                .withNeighbors(new NeighborTable(Map.of(IpAddress.parse(real(row.family)), REAL_MAC)));
        EmbeddedEngine e = new EmbeddedEngine(settings, EmbeddedEngineSmokeTest.FIRST);
        boolean keepsPort = row.method == ForwardingMethod.DR || row.method == ForwardingMethod.TUNNEL;
        DestinationSpec dest = new DestinationSpec(IpAddress.parse(real(row.family)), keepsPort ? 0 : 8080, 1, 0, 0,
                row.method, row.tunnel);
        ServiceKey key = row.protocol == IpProtocol.TCP ? ServiceKey.tcp(vip(row.family), 80)
                : ServiceKey.udp(vip(row.family), 80);
        e.services().apply(List.of(ServiceSpec.of(key, "first", dest)));
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void shouldForwardRequestAndReplyWithValidChecksums(Row row) {
        try (EmbeddedEngine e = engine(row)) {
            int f = row.family;
            byte[] request = packet(row, client(f), 40000, vip(f), 80, 64, TcpFlags.SYN, "hello").srcMac("02:00:00:00:0c:01")
                    .dstMac("02:00:00:00:00:01").build();
            List<byte[]> out = e.send(request);
            assertEquals(1, out.size(), "one frame out for the request");
            byte[] got = out.get(0);
            assertEquals(List.of(), NaiveChecksums.problems(got), "checksums of the forwarded request");
            switch (row.method) {
                case NAT -> assertArrayEquals(packet(row, client(f), 40000, real(f), 8080, 63, TcpFlags.SYN, "hello")
                        .srcMac(mac(OWN_MAC)).dstMac(mac(REAL_MAC)).build(), got);
                case FULLNAT -> assertArrayEquals(packet(row, local(f), 1024, real(f), 8080, 63, TcpFlags.SYN, "hello")
                        .srcMac(mac(OWN_MAC)).dstMac(mac(REAL_MAC)).build(), got);
                case DR -> assertArrayEquals(packet(row, client(f), 40000, vip(f), 80, 63, TcpFlags.SYN, "hello")
                        .srcMac(mac(OWN_MAC)).dstMac(mac(REAL_MAC)).build(), got);
                case TUNNEL -> assertTunnel(row, got,
                        packet(row, client(f), 40000, vip(f), 80, 63, TcpFlags.SYN, "hello").noEthernet().build());
                default -> throw new AssertionError();
            }
            if (row.method == ForwardingMethod.NAT || row.method == ForwardingMethod.FULLNAT) {
                String replyTo = row.method == ForwardingMethod.NAT ? client(f) : local(f);
                int replyPort = row.method == ForwardingMethod.NAT ? 40000 : 1024;
                byte[] reply = packet(row, real(f), 8080, replyTo, replyPort, 64, TcpFlags.SYN | TcpFlags.ACK, "world")
                        .srcMac(mac(REAL_MAC)).dstMac(mac(OWN_MAC)).build();
                List<byte[]> back = e.send(reply);
                assertEquals(1, back.size(), "one frame out for the reply");
                assertEquals(List.of(), NaiveChecksums.problems(back.get(0)), "checksums of the forwarded reply");
                assertArrayEquals(packet(row, vip(f), 80, client(f), 40000, 63, TcpFlags.SYN | TcpFlags.ACK, "world")
                        .srcMac(mac(OWN_MAC)).dstMac(mac(GATEWAY_MAC)).build(), back.get(0));
            }
        }
    }

    private static String mac(long value) {
        return MacAddress.format(value);
    }

    /** Checks the outer headers of a tunnelled frame and that its inner packet is the expected one. */
    private static void assertTunnel(Row row, byte[] frame, byte[] expectedInner) {
        ParsedPacket outer = new ParsedPacket();
        MemorySegment segment = MemorySegment.ofArray(frame);
        assertEquals(ParseResult.OK, PacketParser.parse(segment, 0, frame.length, outer));
        assertEquals(OWN_MAC, MacAddress.read(segment, 6));
        assertEquals(REAL_MAC, MacAddress.read(segment, 0));
        assertEquals(IpAddress.parse(tunnelSource(row.family)).w0(), outer.sourceAddressWord(0));
        assertEquals(IpAddress.parse(real(row.family)).w0(), outer.destinationAddressWord(0));
        int headerBytes;
        if (row.tunnel == TunnelType.IPIP) {
            assertEquals(row.family == 4 ? 4 : 41, outer.protocol(), "IPIP outer protocol");
            headerBytes = 0;
        } else if (row.tunnel == TunnelType.GRE) {
            assertEquals(47, outer.protocol(), "GRE outer protocol");
            headerBytes = 4;
        } else {
            assertEquals(IpProtocol.UDP, outer.protocol(), "GUE rides on UDP");
            assertEquals(6080, outer.destinationPort());
            headerBytes = 8 + 4;
        }
        int innerStart = (int) (outer.l3Offset() + outer.ipHeaderLength()) + headerBytes;
        byte[] inner = java.util.Arrays.copyOfRange(frame, innerStart, frame.length);
        assertArrayEquals(expectedInner, inner, "the inner packet is the client's, TTL decremented");
        assertTrue(frame.length - innerStart == expectedInner.length);
    }
}
