package io.jvs.engine.forward;

import static io.jvs.engine.forward.Hosts.CLIENT_PORT;
import static io.jvs.engine.forward.Hosts.JVS;
import static io.jvs.engine.forward.Hosts.JVS_MAC;
import static io.jvs.engine.forward.Hosts.LOCAL_PORT;
import static io.jvs.engine.forward.Hosts.NEIGHBOUR;
import static io.jvs.engine.forward.Hosts.NEIGHBOUR_MAC;
import static io.jvs.engine.forward.Hosts.REAL;
import static io.jvs.engine.forward.Hosts.REAL_MAC;
import static io.jvs.engine.forward.Hosts.REAL_PORT;
import static io.jvs.engine.forward.Hosts.VIRTUAL_PORT;
import static io.jvs.engine.forward.Hosts.client;
import static io.jvs.engine.forward.Hosts.familyName;
import static io.jvs.engine.forward.Hosts.local;
import static io.jvs.engine.forward.Hosts.packet;
import static io.jvs.engine.forward.Hosts.protocolName;
import static io.jvs.engine.forward.Hosts.real;
import static io.jvs.engine.forward.Hosts.virtual;
import static io.jvs.engine.forward.Hosts.words;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jvs.engine.packet.Ipv6ExtensionWalker;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParseResult;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NAT, FULLNAT and DR rewrites as fixture tables: every row's output is compared byte for byte with
 * a frame built independently, and its checksums are recomputed naively.
 */
class AddressRewriterTest {
    static final int[] FAMILIES = {AddressFamily.IPV4, AddressFamily.IPV6};
    static final int[] PROTOCOLS = {IpProtocol.TCP, IpProtocol.UDP, IpProtocol.ICMP};

    /** NAT toward the real server, then the Ethernet addresses toward it. */
    static Fixture.Operation natIn(int family) {
        int[] r = words(real(family));
        return f -> then(AddressRewriter.rewriteDestination(f.packet, r[0], r[1], r[2], r[3], REAL_PORT), f, JVS, REAL);
    }

    /** NAT reply toward the client. */
    static Fixture.Operation natOut(int family) {
        int[] v = words(virtual(family));
        return f -> then(AddressRewriter.rewriteSource(f.packet, v[0], v[1], v[2], v[3], VIRTUAL_PORT), f, JVS, NEIGHBOUR);
    }

    /** FULLNAT toward the real server, from the local address. */
    static Fixture.Operation fullNatIn(int family) {
        int[] l = words(local(family));
        int[] r = words(real(family));
        return f -> then(AddressRewriter.rewriteSourceAndDestination(f.packet,
                l[0], l[1], l[2], l[3], LOCAL_PORT, r[0], r[1], r[2], r[3], REAL_PORT), f, JVS, REAL);
    }

    /** FULLNAT reply toward the client, from the virtual service. */
    static Fixture.Operation fullNatOut(int family) {
        int[] v = words(virtual(family));
        int[] c = words(client(family));
        return f -> then(AddressRewriter.rewriteSourceAndDestination(f.packet,
                v[0], v[1], v[2], v[3], VIRTUAL_PORT, c[0], c[1], c[2], c[3], CLIENT_PORT), f, JVS, NEIGHBOUR);
    }

    /** Direct routing: TTL and MAC addresses only. */
    static Fixture.Operation directRouting() {
        return f -> then(AddressRewriter.decrementTtl(f.packet), f, JVS, REAL);
    }

    private static int then(int result, Frame frame, long sourceMac, long destinationMac) {
        if (result == ForwardResult.OK) {
            assertEquals(ForwardResult.OK, EthernetRewriter.setAddresses(frame.packet, sourceMac, destinationMac));
        }
        return result;
    }

    static List<Fixture> rewrites() {
        List<Fixture> rows = new ArrayList<>();
        for (int family : FAMILIES) {
            String c = client(family);
            String v = virtual(family);
            String r = real(family);
            String l = local(family);
            for (int protocol : PROTOCOLS) {
                String name = familyName(family) + " " + protocolName(protocol);
                rows.add(Fixture.ok("NAT in, " + name,
                        packet(family, protocol, c, CLIENT_PORT, v, VIRTUAL_PORT),
                        natIn(family),
                        packet(family, protocol, c, CLIENT_PORT, r, REAL_PORT).ttl(63).srcMac(JVS_MAC).dstMac(REAL_MAC)));
                rows.add(Fixture.ok("NAT out, " + name,
                        packet(family, protocol, r, REAL_PORT, c, CLIENT_PORT).srcMac(REAL_MAC).dstMac(JVS_MAC),
                        natOut(family),
                        packet(family, protocol, v, VIRTUAL_PORT, c, CLIENT_PORT).ttl(63)
                                .srcMac(JVS_MAC).dstMac(NEIGHBOUR_MAC)));
                rows.add(Fixture.ok("FULLNAT in, " + name,
                        packet(family, protocol, c, CLIENT_PORT, v, VIRTUAL_PORT),
                        fullNatIn(family),
                        packet(family, protocol, l, LOCAL_PORT, r, REAL_PORT).ttl(63).srcMac(JVS_MAC).dstMac(REAL_MAC)));
                rows.add(Fixture.ok("FULLNAT out, " + name,
                        packet(family, protocol, r, REAL_PORT, l, LOCAL_PORT).srcMac(REAL_MAC).dstMac(JVS_MAC),
                        fullNatOut(family),
                        packet(family, protocol, v, VIRTUAL_PORT, c, CLIENT_PORT).ttl(63)
                                .srcMac(JVS_MAC).dstMac(NEIGHBOUR_MAC)));
                rows.add(Fixture.ok("DR, " + name,
                        packet(family, protocol, c, CLIENT_PORT, v, VIRTUAL_PORT),
                        directRouting(),
                        packet(family, protocol, c, CLIENT_PORT, v, VIRTUAL_PORT).ttl(63)
                                .srcMac(JVS_MAC).dstMac(REAL_MAC)));
            }
        }
        return rows;
    }

    static List<Fixture> udpChecksums() {
        int family = AddressFamily.IPV4;
        String c = client(family);
        String v = virtual(family);
        String r = real(family);
        String l = local(family);
        int udp = IpProtocol.UDP;
        List<Fixture> rows = new ArrayList<>(List.of(
                Fixture.ok("NAT in, IPv4 UDP without checksum keeps 0",
                        packet(family, udp, c, CLIENT_PORT, v, VIRTUAL_PORT).noUdpChecksum(),
                        natIn(family),
                        packet(family, udp, c, CLIENT_PORT, r, REAL_PORT).noUdpChecksum().ttl(63)
                                .srcMac(JVS_MAC).dstMac(REAL_MAC)),
                Fixture.ok("NAT out, IPv4 UDP without checksum keeps 0",
                        packet(family, udp, r, REAL_PORT, c, CLIENT_PORT).noUdpChecksum().srcMac(REAL_MAC).dstMac(JVS_MAC),
                        natOut(family),
                        packet(family, udp, v, VIRTUAL_PORT, c, CLIENT_PORT).noUdpChecksum().ttl(63)
                                .srcMac(JVS_MAC).dstMac(NEIGHBOUR_MAC)),
                Fixture.ok("FULLNAT in, IPv4 UDP without checksum keeps 0",
                        packet(family, udp, c, CLIENT_PORT, v, VIRTUAL_PORT).noUdpChecksum(),
                        fullNatIn(family),
                        packet(family, udp, l, LOCAL_PORT, r, REAL_PORT).noUdpChecksum().ttl(63)
                                .srcMac(JVS_MAC).dstMac(REAL_MAC)),
                Fixture.ok("FULLNAT out, IPv4 UDP without checksum keeps 0",
                        packet(family, udp, r, REAL_PORT, l, LOCAL_PORT).noUdpChecksum().srcMac(REAL_MAC).dstMac(JVS_MAC),
                        fullNatOut(family),
                        packet(family, udp, v, VIRTUAL_PORT, c, CLIENT_PORT).noUdpChecksum().ttl(63)
                                .srcMac(JVS_MAC).dstMac(NEIGHBOUR_MAC))));
        for (int f : FAMILIES) {
            byte[] payload = payloadMakingUdpChecksumZero(f);
            rows.add(Fixture.ok("NAT in, " + familyName(f) + " UDP whose new checksum computes to 0 is sent as 0xFFFF",
                    packet(f, udp, client(f), CLIENT_PORT, virtual(f), VIRTUAL_PORT).payload(payload),
                    natIn(f),
                    packet(f, udp, client(f), CLIENT_PORT, real(f), REAL_PORT).payload(payload).ttl(63)
                            .srcMac(JVS_MAC).dstMac(REAL_MAC)));
        }
        return rows;
    }

    /**
     * Finds two payload bytes that make the UDP checksum of the NAT-ed packet compute to zero: with
     * a zero payload the checksum is ~S, and a payload word equal to it brings the sum to 0xFFFF.
     */
    static byte[] payloadMakingUdpChecksumZero(int family) {
        PacketBuilder zero = packet(family, IpProtocol.UDP, client(family), CLIENT_PORT, real(family), REAL_PORT)
                .payload(new byte[2]).ttl(63);
        byte[] frame = zero.build();
        int l4 = 14 + (family == AddressFamily.IPV4 ? 20 : 40);
        int checksum = NaiveChecksums.u16(frame, l4 + 6);
        byte[] payload = {(byte) (checksum >>> 8), (byte) checksum};
        byte[] expected = packet(family, IpProtocol.UDP, client(family), CLIENT_PORT, real(family), REAL_PORT)
                .payload(payload).ttl(63).build();
        assertEquals(0xFFFF, NaiveChecksums.u16(expected, l4 + 6), "the fixture's UDP checksum computes to zero");
        return payload;
    }

    static List<Fixture> fragments() {
        List<Fixture> rows = new ArrayList<>();
        for (int family : FAMILIES) {
            String c = client(family);
            String v = virtual(family);
            String r = real(family);
            String l = local(family);
            for (int protocol : new int[] {IpProtocol.TCP, IpProtocol.UDP}) {
                String name = familyName(family) + " " + protocolName(protocol);
                byte[] first = new byte[protocol == IpProtocol.TCP ? 44 : 56];
                byte[] later = new byte[37];
                for (int i = 0; i < first.length; i++) {
                    first[i] = (byte) (i * 7 + 1);
                }
                for (int i = 0; i < later.length; i++) {
                    later[i] = (byte) (i * 13 + 5);
                }
                rows.add(Fixture.ok("NAT in, first fragment, " + name,
                        packet(family, protocol, c, CLIENT_PORT, v, VIRTUAL_PORT).payload(first).fragment(0, true),
                        natIn(family),
                        packet(family, protocol, c, CLIENT_PORT, r, REAL_PORT).payload(first).fragment(0, true)
                                .ttl(63).srcMac(JVS_MAC).dstMac(REAL_MAC)));
                rows.add(Fixture.ok("NAT in, later fragment (IP header only), " + name,
                        packet(family, protocol, c, CLIENT_PORT, v, VIRTUAL_PORT).payload(later).fragment(64, false),
                        natIn(family),
                        packet(family, protocol, c, CLIENT_PORT, r, REAL_PORT).payload(later).fragment(64, false)
                                .ttl(63).srcMac(JVS_MAC).dstMac(REAL_MAC)));
                rows.add(Fixture.ok("FULLNAT in, first fragment, " + name,
                        packet(family, protocol, c, CLIENT_PORT, v, VIRTUAL_PORT).payload(first).fragment(0, true),
                        fullNatIn(family),
                        packet(family, protocol, l, LOCAL_PORT, r, REAL_PORT).payload(first).fragment(0, true)
                                .ttl(63).srcMac(JVS_MAC).dstMac(REAL_MAC)));
                rows.add(Fixture.ok("FULLNAT out, later fragment (IP header only), " + name,
                        packet(family, protocol, r, REAL_PORT, l, LOCAL_PORT).payload(later).fragment(1480, false)
                                .srcMac(REAL_MAC).dstMac(JVS_MAC),
                        fullNatOut(family),
                        packet(family, protocol, v, VIRTUAL_PORT, c, CLIENT_PORT).payload(later).fragment(1480, false)
                                .ttl(63).srcMac(JVS_MAC).dstMac(NEIGHBOUR_MAC)));
            }
        }
        return rows;
    }

    static List<Fixture> layouts() {
        int v4 = AddressFamily.IPV4;
        int v6 = AddressFamily.IPV6;
        int tcp = IpProtocol.TCP;
        int udp = IpProtocol.UDP;
        byte[] options = {(byte) 0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00};
        return List.of(
                Fixture.ok("NAT in keeps a VLAN tag, IPv4 TCP",
                        packet(v4, tcp, client(v4), CLIENT_PORT, virtual(v4), VIRTUAL_PORT).vlan(100),
                        natIn(v4),
                        packet(v4, tcp, client(v4), CLIENT_PORT, real(v4), REAL_PORT).vlan(100).ttl(63)
                                .srcMac(JVS_MAC).dstMac(REAL_MAC)),
                Fixture.ok("NAT out keeps QinQ tags, IPv6 UDP",
                        packet(v6, udp, real(v6), REAL_PORT, client(v6), CLIENT_PORT).vlan(100).vlan(200)
                                .srcMac(REAL_MAC).dstMac(JVS_MAC),
                        natOut(v6),
                        packet(v6, udp, virtual(v6), VIRTUAL_PORT, client(v6), CLIENT_PORT).vlan(100).vlan(200).ttl(63)
                                .srcMac(JVS_MAC).dstMac(NEIGHBOUR_MAC)),
                Fixture.ok("NAT in, IPv4 TCP with IP options",
                        packet(v4, tcp, client(v4), CLIENT_PORT, virtual(v4), VIRTUAL_PORT).ipv4Options(options),
                        natIn(v4),
                        packet(v4, tcp, client(v4), CLIENT_PORT, real(v4), REAL_PORT).ipv4Options(options).ttl(63)
                                .srcMac(JVS_MAC).dstMac(REAL_MAC)),
                Fixture.ok("FULLNAT in, IPv6 UDP behind hop-by-hop, routing and destination options headers",
                        packet(v6, udp, client(v6), CLIENT_PORT, virtual(v6), VIRTUAL_PORT)
                                .extensionHeader(Ipv6ExtensionWalker.HOP_BY_HOP)
                                .extensionHeader(Ipv6ExtensionWalker.ROUTING)
                                .extensionHeader(Ipv6ExtensionWalker.DESTINATION_OPTIONS),
                        fullNatIn(v6),
                        packet(v6, udp, local(v6), LOCAL_PORT, real(v6), REAL_PORT)
                                .extensionHeader(Ipv6ExtensionWalker.HOP_BY_HOP)
                                .extensionHeader(Ipv6ExtensionWalker.ROUTING)
                                .extensionHeader(Ipv6ExtensionWalker.DESTINATION_OPTIONS)
                                .ttl(63).srcMac(JVS_MAC).dstMac(REAL_MAC)),
                Fixture.ok("NAT in keeps the Ethernet padding of a short frame, IPv4 UDP",
                        packet(v4, udp, client(v4), CLIENT_PORT, virtual(v4), VIRTUAL_PORT).payload(new byte[2])
                                .padToMinimumFrame(),
                        natIn(v4),
                        packet(v4, udp, client(v4), CLIENT_PORT, real(v4), REAL_PORT).payload(new byte[2])
                                .padToMinimumFrame().ttl(63).srcMac(JVS_MAC).dstMac(REAL_MAC)),
                Fixture.ok("NAT in, IPv4 SCTP keeps its ports (its CRC32c covers no address)",
                        PacketBuilder.ip4(IpProtocol.SCTP).src(client(v4)).dst(virtual(v4))
                                .payload(sctpCommonHeader(CLIENT_PORT, VIRTUAL_PORT)),
                        f -> AddressRewriter.rewriteDestination(f.packet, words(real(v4))[0], 0, 0, 0, VIRTUAL_PORT),
                        PacketBuilder.ip4(IpProtocol.SCTP).src(client(v4)).dst(real(v4)).ttl(63)
                                .payload(sctpCommonHeader(CLIENT_PORT, VIRTUAL_PORT))));
    }

    static List<Fixture> refusals() {
        int v4 = AddressFamily.IPV4;
        int v6 = AddressFamily.IPV6;
        int tcp = IpProtocol.TCP;
        int udp = IpProtocol.UDP;
        return List.of(
                Fixture.refused("NAT in, IPv4 TTL 1 is not forwarded",
                        packet(v4, tcp, client(v4), CLIENT_PORT, virtual(v4), VIRTUAL_PORT).ttl(1),
                        natIn(v4), ForwardResult.TTL_EXCEEDED),
                Fixture.refused("NAT in, IPv4 TTL 0 is not forwarded",
                        packet(v4, udp, client(v4), CLIENT_PORT, virtual(v4), VIRTUAL_PORT).ttl(0),
                        natIn(v4), ForwardResult.TTL_EXCEEDED),
                Fixture.refused("FULLNAT out, IPv6 hop limit 1 is not forwarded",
                        packet(v6, udp, real(v6), REAL_PORT, local(v6), LOCAL_PORT).ttl(1),
                        fullNatOut(v6), ForwardResult.TTL_EXCEEDED),
                Fixture.refused("DR, IPv6 hop limit 1 is not forwarded",
                        packet(v6, tcp, client(v6), CLIENT_PORT, virtual(v6), VIRTUAL_PORT).ttl(1),
                        directRouting(), ForwardResult.TTL_EXCEEDED),
                Fixture.refused("NAT in, SCTP port change would break its CRC32c",
                        PacketBuilder.ip4(IpProtocol.SCTP).src(client(v4)).dst(virtual(v4))
                                .payload(sctpCommonHeader(CLIENT_PORT, VIRTUAL_PORT)),
                        natIn(v4), ForwardResult.UNSUPPORTED),
                Fixture.refused("NAT in, an unknown protocol (GRE) is not rewritten",
                        PacketBuilder.ip4(47).src(client(v4)).dst(virtual(v4)).payload(new byte[] {0, 0, 8, 0}),
                        natIn(v4), ForwardResult.UNSUPPORTED),
                Fixture.refused("NAT in, ICMPv6 inside IPv4 is not rewritten",
                        PacketBuilder.ip4(IpProtocol.ICMPV6).src(client(v4)).dst(virtual(v4)).payload(new byte[8]),
                        natIn(v4), ForwardResult.UNSUPPORTED));
    }

    static Fixture ttlTwo() {
        int v4 = AddressFamily.IPV4;
        return Fixture.ok("NAT in, IPv4 TTL 2 is forwarded with TTL 1",
                packet(v4, IpProtocol.TCP, client(v4), CLIENT_PORT, virtual(v4), VIRTUAL_PORT).ttl(2),
                natIn(v4),
                packet(v4, IpProtocol.TCP, client(v4), CLIENT_PORT, real(v4), REAL_PORT).ttl(1)
                        .srcMac(JVS_MAC).dstMac(REAL_MAC));
    }

    static byte[] sctpCommonHeader(int sourcePort, int destinationPort) {
        return new byte[] {(byte) (sourcePort >>> 8), (byte) sourcePort, (byte) (destinationPort >>> 8),
            (byte) destinationPort, 0, 0, 0, 1, 0x12, 0x34, 0x56, 0x78};
    }

    static Stream<Fixture> all() {
        return Stream.of(rewrites(), udpChecksums(), fragments(), layouts(), refusals(), List.of(ttlTwo()))
                .flatMap(List::stream);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rewrites")
    void shouldRewriteNatFullNatAndDrAsTheFixtureSays(Fixture fixture) {
        fixture.verify();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("udpChecksums")
    void shouldKeepUdpChecksumSemantics(Fixture fixture) {
        fixture.verify();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fragments")
    void shouldRewriteFragments(Fixture fixture) {
        fixture.verify();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void shouldRewriteWhateverTheHeaderLayout(Fixture fixture) {
        fixture.verify();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void shouldLeaveRefusedPacketsUntouched(Fixture fixture) {
        fixture.verify();
    }

    @Test
    void shouldForwardTtlTwoAsTtlOne() {
        ttlTwo().verify();
    }

    @Test
    void shouldAllowSeveralRewritesAfterOneParse() {
        int family = AddressFamily.IPV6;
        Frame frame = new Frame(packet(family, IpProtocol.TCP, client(family), CLIENT_PORT,
                virtual(family), VIRTUAL_PORT).build());
        int[] r = words(real(family));
        int[] v = words(virtual(family));
        assertEquals(ForwardResult.OK, AddressRewriter.rewriteDestination(frame.packet, r[0], r[1], r[2], r[3], REAL_PORT));
        assertEquals(ForwardResult.OK, AddressRewriter.rewriteDestination(frame.packet, v[0], v[1], v[2], v[3], VIRTUAL_PORT));
        byte[] expected = packet(family, IpProtocol.TCP, client(family), CLIENT_PORT, virtual(family), VIRTUAL_PORT)
                .ttl(62).build();
        assertArrayEquals(expected, frame.bytes());
    }

    @Test
    void shouldRefuseEthernetAddressesOnABareIpPacket() {
        byte[] bytes = packet(AddressFamily.IPV4, IpProtocol.UDP, client(AddressFamily.IPV4), CLIENT_PORT,
                virtual(AddressFamily.IPV4), VIRTUAL_PORT)
                .noEthernet().build();
        MemorySegment segment = MemorySegment.ofArray(bytes.clone());
        ParsedPacket parsed = new ParsedPacket();
        assertEquals(ParseResult.OK, PacketParser.parseIp(segment, 0, bytes.length, parsed));
        assertEquals(ForwardResult.UNSUPPORTED, EthernetRewriter.setAddresses(parsed, JVS, REAL));
        assertArrayEquals(bytes, segment.toArray(ValueLayout.JAVA_BYTE));
    }

    @Test
    void shouldNameEveryResultCodeOnce() {
        List<String> names = new ArrayList<>();
        for (int code = 0; code < ForwardResult.COUNT; code++) {
            names.add(ForwardResult.name(code));
        }
        assertEquals(ForwardResult.COUNT, names.stream().distinct().count());
        assertFalse(names.contains("UNKNOWN"));
        assertEquals("UNKNOWN", ForwardResult.name(ForwardResult.COUNT));
        assertEquals("TOO_BIG", ForwardResult.name(ForwardResult.TOO_BIG));
    }
}
