package io.jvs.engine.forward;

import static io.jvs.engine.forward.Hosts.CLIENT_PORT;
import static io.jvs.engine.forward.Hosts.LOCAL_PORT;
import static io.jvs.engine.forward.Hosts.REAL_PORT;
import static io.jvs.engine.forward.Hosts.VIRTUAL_PORT;
import static io.jvs.engine.forward.Hosts.client;
import static io.jvs.engine.forward.Hosts.familyName;
import static io.jvs.engine.forward.Hosts.local;
import static io.jvs.engine.forward.Hosts.packet;
import static io.jvs.engine.forward.Hosts.real;
import static io.jvs.engine.forward.Hosts.router;
import static io.jvs.engine.forward.Hosts.virtual;
import static io.jvs.engine.forward.Hosts.words;

import io.jvs.engine.packet.PacketBuilder;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ICMP error translation for NAT and FULLNAT, both directions, as fixture tables: the error as
 * received and the error as it must be sent on are both built by PacketBuilder from the quoted
 * packet's two versions, so the quoted IPv4 header checksum and the quoted transport checksum are
 * the ones a sender would have computed.
 */
class IcmpErrorTranslatorTest {
    /** One kind of error: its type and code, what it quotes, how much of it. */
    record ErrorKind(String name, int family, int type, int code, int quotedProtocol, int quoteLimit) {
        PacketBuilder error(String source, String destination, String quotedSource, int quotedSourcePort,
                String quotedDestination, int quotedDestinationPort, int ttl) {
            PacketBuilder quoted = packet(family, quotedProtocol, quotedSource, quotedSourcePort, quotedDestination,
                    quotedDestinationPort);
            PacketBuilder error = family == AddressFamily.IPV4 ? PacketBuilder.icmp4() : PacketBuilder.icmp6();
            error.src(source).dst(destination).ttl(ttl).icmpError(type, code, quoted);
            return quoteLimit > 0 ? error.quoteLimit(quoteLimit) : error;
        }
    }

    static List<ErrorKind> kinds() {
        int v4 = AddressFamily.IPV4;
        int v6 = AddressFamily.IPV6;
        return List.of(
                new ErrorKind("IPv4 port unreachable quoting UDP", v4, 3, 3, IpProtocol.UDP, 0),
                new ErrorKind("IPv4 host unreachable quoting all of a TCP segment", v4, 3, 1, IpProtocol.TCP, 0),
                new ErrorKind("IPv4 time exceeded quoting TCP header + 8 bytes", v4, 11, 0, IpProtocol.TCP, 28),
                new ErrorKind("IPv4 host unreachable quoting an echo request", v4, 3, 1, IpProtocol.ICMP, 0),
                new ErrorKind("IPv6 port unreachable quoting UDP", v6, 1, 4, IpProtocol.UDP, 0),
                new ErrorKind("IPv6 time exceeded quoting TCP", v6, 3, 0, IpProtocol.TCP, 0),
                new ErrorKind("IPv6 packet too big quoting TCP cut short", v6, 2, 0, IpProtocol.TCP, 40 + 12),
                new ErrorKind("IPv6 address unreachable quoting an echo request", v6, 1, 3, IpProtocol.ICMP, 0));
    }

    static Fixture.Operation natFromRealServer(int family) {
        int[] v = words(virtual(family));
        return f -> IcmpErrorTranslator.natFromRealServer(f.packet, v[0], v[1], v[2], v[3], VIRTUAL_PORT);
    }

    static Fixture.Operation natFromClient(int family) {
        int[] r = words(real(family));
        return f -> IcmpErrorTranslator.natFromClient(f.packet, r[0], r[1], r[2], r[3], REAL_PORT);
    }

    static Fixture.Operation fullNatFromRealServer(int family) {
        int[] v = words(virtual(family));
        int[] c = words(client(family));
        return f -> IcmpErrorTranslator.fullNatFromRealServer(f.packet, v[0], v[1], v[2], v[3], VIRTUAL_PORT,
                c[0], c[1], c[2], c[3], CLIENT_PORT);
    }

    static Fixture.Operation fullNatFromClient(int family) {
        int[] r = words(real(family));
        int[] l = words(local(family));
        return f -> IcmpErrorTranslator.fullNatFromClient(f.packet, r[0], r[1], r[2], r[3], REAL_PORT,
                l[0], l[1], l[2], l[3], LOCAL_PORT);
    }

    static List<Fixture> translations() {
        List<Fixture> rows = new ArrayList<>();
        for (ErrorKind kind : kinds()) {
            int f = kind.family();
            String c = client(f);
            String v = virtual(f);
            String r = real(f);
            String l = local(f);
            String x = router(f);
            rows.add(Fixture.ok("NAT, from the real server, " + kind.name(),
                    kind.error(r, c, c, CLIENT_PORT, r, REAL_PORT, 64), natFromRealServer(f),
                    kind.error(v, c, c, CLIENT_PORT, v, VIRTUAL_PORT, 63)));
            rows.add(Fixture.ok("NAT, from a router beside the real server (source becomes V), " + kind.name(),
                    kind.error(x, c, c, CLIENT_PORT, r, REAL_PORT, 64), natFromRealServer(f),
                    kind.error(v, c, c, CLIENT_PORT, v, VIRTUAL_PORT, 63)));
            rows.add(Fixture.ok("NAT, from the client, " + kind.name(),
                    kind.error(c, v, v, VIRTUAL_PORT, c, CLIENT_PORT, 64), natFromClient(f),
                    kind.error(c, r, r, REAL_PORT, c, CLIENT_PORT, 63)));
            rows.add(Fixture.ok("NAT, from a router on the client side (source kept), " + kind.name(),
                    kind.error(x, v, v, VIRTUAL_PORT, c, CLIENT_PORT, 64), natFromClient(f),
                    kind.error(x, r, r, REAL_PORT, c, CLIENT_PORT, 63)));
            rows.add(Fixture.ok("FULLNAT, from the real server, " + kind.name(),
                    kind.error(r, l, l, LOCAL_PORT, r, REAL_PORT, 64), fullNatFromRealServer(f),
                    kind.error(v, c, c, CLIENT_PORT, v, VIRTUAL_PORT, 63)));
            rows.add(Fixture.ok("FULLNAT, from the client, " + kind.name(),
                    kind.error(c, v, v, VIRTUAL_PORT, c, CLIENT_PORT, 64), fullNatFromClient(f),
                    kind.error(l, r, r, REAL_PORT, l, LOCAL_PORT, 63)));
            rows.add(Fixture.ok("FULLNAT, from a router on the client side (source becomes L), " + kind.name(),
                    kind.error(x, v, v, VIRTUAL_PORT, c, CLIENT_PORT, 64), fullNatFromClient(f),
                    kind.error(l, r, r, REAL_PORT, l, LOCAL_PORT, 63)));
        }
        return rows;
    }

    static List<Fixture> refusals() {
        List<Fixture> rows = new ArrayList<>();
        for (int f : AddressRewriterTest.FAMILIES) {
            String c = client(f);
            String v = virtual(f);
            String r = real(f);
            String name = familyName(f);
            ErrorKind unreachable = kinds().stream().filter(k -> k.family() == f).findFirst().orElseThrow();
            rows.add(Fixture.refused(name + " echo request is not an error",
                    packet(f, IpProtocol.ICMP, r, 0, c, 0), natFromRealServer(f), ForwardResult.NO_EMBEDDED_PACKET));
            rows.add(Fixture.refused(name + " error with TTL 1 is not forwarded",
                    unreachable.error(r, c, c, CLIENT_PORT, r, REAL_PORT, 1), natFromRealServer(f),
                    ForwardResult.TTL_EXCEEDED));
            int headerOnly = f == AddressFamily.IPV4 ? 22 : 42;
            rows.add(Fixture.refused(name + " error whose quote stops before the ports",
                    new ErrorKind("cut", f, unreachable.type(), unreachable.code(), IpProtocol.UDP, headerOnly)
                            .error(r, c, c, CLIENT_PORT, r, REAL_PORT, 64),
                    natFromRealServer(f), ForwardResult.NO_EMBEDDED_PACKET));
            PacketBuilder quotingGre = (f == AddressFamily.IPV4 ? PacketBuilder.icmp4() : PacketBuilder.icmp6())
                    .src(c).dst(v).icmpError(unreachable.type(), unreachable.code(),
                            (f == AddressFamily.IPV4 ? PacketBuilder.ip4(47) : PacketBuilder.ip6(47)).src(v).dst(c)
                                    .payload(new byte[] {0, 0, 8, 0}));
            rows.add(Fixture.refused(name + " error quoting an unknown protocol", quotingGre, natFromClient(f),
                    ForwardResult.UNSUPPORTED));
            byte[] corrupted = unreachable.error(r, c, c, CLIENT_PORT, r, REAL_PORT, 64).build();
            int checksumAt = 14 + (f == AddressFamily.IPV4 ? 20 : 40) + 2;
            corrupted[checksumAt] ^= 0x01;
            rows.add(new Fixture(name + " error with a bad ICMP checksum is dropped", corrupted::clone,
                    natFromRealServer(f), ForwardResult.BAD_CHECKSUM, corrupted::clone));
        }
        return rows;
    }

    static Stream<Fixture> all() {
        return Stream.of(translations(), refusals()).flatMap(List::stream);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("translations")
    void shouldTranslateErrorsAndTheirQuotes(Fixture fixture) {
        fixture.verify();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void shouldLeaveUntranslatableErrorsUntouched(Fixture fixture) {
        fixture.verify();
    }
}
