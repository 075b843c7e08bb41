package io.jvs.engine.forward;

import static io.jvs.engine.forward.Hosts.CLIENT_PORT;
import static io.jvs.engine.forward.Hosts.JVS_MAC;
import static io.jvs.engine.forward.Hosts.NEIGHBOUR_MAC;
import static io.jvs.engine.forward.Hosts.VIRTUAL_PORT;
import static io.jvs.engine.forward.Hosts.client;
import static io.jvs.engine.forward.Hosts.packet;
import static io.jvs.engine.forward.Hosts.real;
import static io.jvs.engine.forward.Hosts.virtual;
import static io.jvs.engine.forward.Hosts.words;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvs.engine.packet.PacketBuilder;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ICMP "fragmentation needed" and ICMPv6 "packet too big" built in place of the packet, compared
 * with the error PacketBuilder makes from the same original packet.
 */
class IcmpTooBigResponderTest {
    static final int FIRST_IDENTIFICATION = 0x4321;

    static Fixture.Operation respond(int mtu) {
        return f -> {
            IcmpTooBigResponder responder = new IcmpTooBigResponder(FIRST_IDENTIFICATION);
            int result = responder.respond(f.packet, f.tailroom(), mtu);
            if (result == ForwardResult.OK) {
                f.length = responder.frameLength();
            }
            return result;
        };
    }

    /** The pipeline's TUN path when the packet does not fit: TTL, encapsulation refused, reply. */
    static Fixture.Operation tunnelThenRespond(TunnelSettings settings, int outerFamily) {
        int[] r = words(real(outerFamily));
        return f -> {
            assertEquals(ForwardResult.OK, AddressRewriter.decrementTtl(f.packet));
            TunnelEncapsulator encapsulator = TunnelEncapsulatorTest.encapsulator();
            assertEquals(ForwardResult.TOO_BIG,
                    encapsulator.encapsulate(f.packet, f.headroom(), settings, outerFamily, r[0], r[1], r[2], r[3]));
            return respond(encapsulator.innerMtu()).apply(f);
        };
    }

    /** The error jvs must send back: from V to C, quoting the original as it was received. */
    static PacketBuilder expectedError(int family, Supplier<PacketBuilder> original, int quoteLimit, int mtu) {
        PacketBuilder error = family == AddressFamily.IPV4
                ? PacketBuilder.icmp4().icmpError(3, 4, original.get()).quoteLimit(quoteLimit).mtu(mtu)
                        .tos(0xC0).identification(FIRST_IDENTIFICATION)
                : PacketBuilder.icmp6().icmpError(2, 0, original.get()).mtu(mtu);
        return error.src(virtual(family)).dst(client(family)).ttl(64).srcMac(JVS_MAC).dstMac(NEIGHBOUR_MAC);
    }

    static PacketBuilder bigTcp(int family, int ipLength) {
        PacketBuilder builder = packet(family, IpProtocol.TCP, client(family), CLIENT_PORT, virtual(family), VIRTUAL_PORT)
                .payload(new byte[ipLength - (family == AddressFamily.IPV4 ? 40 : 60)]);
        return family == AddressFamily.IPV4 ? builder.dontFragment() : builder;
    }

    static List<Fixture> replies() {
        int v4 = AddressFamily.IPV4;
        int v6 = AddressFamily.IPV6;
        byte[] options = {(byte) 0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00};
        Supplier<PacketBuilder> smallUdp6 = () -> packet(v6, IpProtocol.UDP, client(v6), CLIENT_PORT, virtual(v6),
                VIRTUAL_PORT);
        Supplier<PacketBuilder> optionsUdp4 = () -> packet(v4, IpProtocol.UDP, client(v4), CLIENT_PORT, virtual(v4),
                VIRTUAL_PORT).dontFragment().ipv4Options(options);
        Supplier<PacketBuilder> tinyUdp4 = () -> packet(v4, IpProtocol.UDP, client(v4), CLIENT_PORT, virtual(v4),
                VIRTUAL_PORT).payload(new byte[0]);
        Supplier<PacketBuilder> firstFragment = () -> packet(v4, IpProtocol.UDP, client(v4), CLIENT_PORT, virtual(v4),
                VIRTUAL_PORT).payload(new byte[56]).fragment(0, true);
        Supplier<PacketBuilder> echo6 = () -> packet(v6, IpProtocol.ICMP, client(v6), 0, virtual(v6), 0);
        return List.of(
                Fixture.ok("IPv4 TCP with DF: fragmentation needed, quoting header + 8 bytes",
                        bigTcp(v4, 1481), respond(1480),
                        expectedError(v4, () -> bigTcp(v4, 1481), 28, 1480)),
                Fixture.ok("IPv4 UDP with IP options: the quote holds the whole header + 8 bytes",
                        optionsUdp4.get(), respond(1400),
                        expectedError(v4, optionsUdp4, 28 + options.length, 1400)),
                Fixture.ok("IPv4 tiny packet: the reply is longer than the original (uses the tailroom)",
                        tinyUdp4.get(), respond(1480),
                        expectedError(v4, tinyUdp4, 28, 1480)),
                Fixture.ok("IPv4 first fragment gets an answer",
                        firstFragment.get(), respond(1480),
                        expectedError(v4, firstFragment, 28, 1480)),
                Fixture.ok("IPv4 with a VLAN tag: tag kept, MACs swapped",
                        bigTcp(v4, 1481).vlan(7), respond(1480),
                        expectedError(v4, () -> bigTcp(v4, 1481), 28, 1480).vlan(7)),
                Fixture.ok("IPv6 TCP: packet too big, quoting what fits in 1280 bytes",
                        bigTcp(v6, 1481), respond(1480),
                        expectedError(v6, () -> bigTcp(v6, 1481), PacketBuilder.DEFAULT_IPV6_QUOTE_LIMIT, 1480)),
                Fixture.ok("IPv6 small UDP: the whole packet is quoted",
                        smallUdp6.get(), respond(1280),
                        expectedError(v6, smallUdp6, PacketBuilder.DEFAULT_IPV6_QUOTE_LIMIT, 1280)),
                Fixture.ok("IPv6 echo request (not an error) gets an answer",
                        echo6.get(), respond(1280),
                        expectedError(v6, echo6, PacketBuilder.DEFAULT_IPV6_QUOTE_LIMIT, 1280)),
                Fixture.ok("TUN IPIP: IPv4 DF packet too big for the tunnel is answered with MTU 1480",
                        bigTcp(v4, 1481), tunnelThenRespond(TunnelSettings.ipip(), v4),
                        expectedError(v4, () -> bigTcp(v4, 1481).ttl(63), 28, 1480)),
                Fixture.ok("TUN GUE over IPv6: IPv6 packet too big for the tunnel is answered with MTU 1448",
                        bigTcp(v6, 1449), tunnelThenRespond(TunnelSettings.gue(), v6),
                        expectedError(v6, () -> bigTcp(v6, 1449).ttl(63), PacketBuilder.DEFAULT_IPV6_QUOTE_LIMIT, 1448)));
    }

    static List<Fixture> refusals() {
        int v4 = AddressFamily.IPV4;
        int v6 = AddressFamily.IPV6;
        return List.of(
                Fixture.refused("no error about an ICMP error",
                        PacketBuilder.icmp4().src(client(v4)).dst(virtual(v4)).icmpError(3, 3,
                                packet(v4, IpProtocol.UDP, virtual(v4), VIRTUAL_PORT, client(v4), CLIENT_PORT)),
                        respond(1480), ForwardResult.ICMP_ERROR_FORBIDDEN),
                Fixture.refused("no error about an ICMPv6 error",
                        PacketBuilder.icmp6().src(client(v6)).dst(virtual(v6)).icmpError(1, 4,
                                packet(v6, IpProtocol.UDP, virtual(v6), VIRTUAL_PORT, client(v6), CLIENT_PORT)),
                        respond(1280), ForwardResult.ICMP_ERROR_FORBIDDEN),
                Fixture.refused("no error about an IPv4 fragment other than the first",
                        packet(v4, IpProtocol.UDP, client(v4), CLIENT_PORT, virtual(v4), VIRTUAL_PORT).fragment(8, false),
                        respond(1480), ForwardResult.ICMP_ERROR_FORBIDDEN),
                Fixture.refused("no error about an IPv6 fragment other than the first",
                        packet(v6, IpProtocol.TCP, client(v6), CLIENT_PORT, virtual(v6), VIRTUAL_PORT).fragment(8, false),
                        respond(1280), ForwardResult.ICMP_ERROR_FORBIDDEN),
                Fixture.refused("no error to a multicast IPv4 source",
                        packet(v4, IpProtocol.UDP, "224.0.0.5", CLIENT_PORT, virtual(v4), VIRTUAL_PORT),
                        respond(1480), ForwardResult.ICMP_ERROR_FORBIDDEN),
                Fixture.refused("no error to the unspecified IPv6 source",
                        packet(v6, IpProtocol.UDP, "::", CLIENT_PORT, virtual(v6), VIRTUAL_PORT),
                        respond(1280), ForwardResult.ICMP_ERROR_FORBIDDEN),
                Fixture.refused("no error to a multicast IPv6 source",
                        packet(v6, IpProtocol.UDP, "ff02::1", CLIENT_PORT, virtual(v6), VIRTUAL_PORT),
                        respond(1280), ForwardResult.ICMP_ERROR_FORBIDDEN));
    }

    static Stream<Fixture> all() {
        return Stream.of(replies(), refusals()).flatMap(List::stream);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void shouldBuildTheTooBigErrorInPlace(Fixture fixture) {
        fixture.verify();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void shouldNotAnswerWhereIcmpErrorsAreForbidden(Fixture fixture) {
        fixture.verify();
    }

    @Test
    void shouldRefuseWhenTheReplyDoesNotFitInTheTailroom() {
        int v4 = AddressFamily.IPV4;
        byte[] tiny = packet(v4, IpProtocol.UDP, client(v4), CLIENT_PORT, virtual(v4), VIRTUAL_PORT)
                .payload(new byte[0]).build();
        int needed = 14 + 20 + 8 + 28 - tiny.length;
        Frame cramped = new Frame(tiny, 0, needed - 1);
        assertEquals(ForwardResult.NO_TAILROOM, new IcmpTooBigResponder(0).respond(cramped.packet, cramped.tailroom(), 1480));
        assertArrayEquals(tiny, cramped.bytes());
        Frame enough = new Frame(tiny, 0, needed);
        IcmpTooBigResponder responder = new IcmpTooBigResponder(0);
        assertEquals(ForwardResult.OK, responder.respond(enough.packet, enough.tailroom(), 1480));
        assertEquals(14 + 56, responder.frameLength());
    }
}
