package io.jvs.engine.forward;

import static io.jvs.engine.forward.Hosts.CLIENT_PORT;
import static io.jvs.engine.forward.Hosts.JVS;
import static io.jvs.engine.forward.Hosts.JVS_MAC;
import static io.jvs.engine.forward.Hosts.REAL;
import static io.jvs.engine.forward.Hosts.REAL_MAC;
import static io.jvs.engine.forward.Hosts.VIRTUAL_PORT;
import static io.jvs.engine.forward.Hosts.client;
import static io.jvs.engine.forward.Hosts.familyName;
import static io.jvs.engine.forward.Hosts.packet;
import static io.jvs.engine.forward.Hosts.real;
import static io.jvs.engine.forward.Hosts.tunnelSource;
import static io.jvs.engine.forward.Hosts.virtual;
import static io.jvs.engine.forward.Hosts.words;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvs.engine.packet.FlowHash;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IPIP, GRE and GUE encapsulation as fixture tables: the expected frame is the outer header built
 * by PacketBuilder around the inner IP packet built by PacketBuilder, with the documented outer
 * fields (identification from the encapsulator's counter, TTL 64, DS and DF from the inner packet,
 * GUE source port and IPv6 flow label from the inner flow hash).
 */
class TunnelEncapsulatorTest {
    static final int FIRST_IDENTIFICATION = 0x1234;
    static final int GUE_PORT_5555 = 5555;

    static TunnelEncapsulator encapsulator() {
        return new TunnelEncapsulator(words(tunnelSource(4))[0], words(tunnelSource(6)), TunnelEncapsulator.DEFAULT_MTU,
                FIRST_IDENTIFICATION);
    }

    /** What the pipeline does for TUN: TTL, encapsulation toward R, Ethernet addresses at the new start. */
    static Fixture.Operation tunnel(TunnelSettings settings, int outerFamily) {
        int[] r = words(real(outerFamily));
        return f -> {
            int result = AddressRewriter.decrementTtl(f.packet);
            if (result != ForwardResult.OK) {
                return result;
            }
            TunnelEncapsulator encapsulator = encapsulator();
            result = encapsulator.encapsulate(f.packet, f.headroom(), settings, outerFamily, r[0], r[1], r[2], r[3]);
            if (result == ForwardResult.OK) {
                f.offset = encapsulator.frameOffset();
                f.length = encapsulator.frameLength();
                EthernetRewriter.setAddresses(f.segment, f.offset, JVS, REAL);
            }
            return result;
        };
    }

    /** The encapsulation alone, asserting the MTU it announces when the packet is too big. */
    static Fixture.Operation tooBig(TunnelSettings settings, int outerFamily, int innerMtu) {
        int[] r = words(real(outerFamily));
        return f -> {
            TunnelEncapsulator encapsulator = encapsulator();
            int result = encapsulator.encapsulate(f.packet, f.headroom(), settings, outerFamily, r[0], r[1], r[2], r[3]);
            assertEquals(innerMtu, encapsulator.innerMtu(), "inner MTU");
            return result;
        };
    }

    /**
     * The expected frame: the outer packet, from jvs to R, around the inner IP packet.
     *
     * @param inner makes the inner packet as it must appear inside (TTL already decremented)
     * @param innerFamily the inner family
     * @param tunnelHeader the bytes between the outer IP header and the inner packet
     * @param outer makes the outer builder (protocol, ports) for the family
     */
    static PacketBuilder expected(Supplier<PacketBuilder> inner, int innerFamily,
            int outerFamily, byte[] tunnelHeader, Function<Integer, PacketBuilder> outer, int dsField, boolean dontFragment,
            int flowHash) {
        byte[] innerBytes = inner.get().noEthernet().build();
        PacketBuilder builder = outer.apply(outerFamily)
                .src(tunnelSource(outerFamily)).dst(real(outerFamily))
                .payload(concat(tunnelHeader, innerBytes))
                .ttl(64).tos(dsField)
                .srcMac(JVS_MAC).dstMac(REAL_MAC);
        if (outerFamily == AddressFamily.IPV4) {
            builder.identification(FIRST_IDENTIFICATION);
            if (dontFragment) {
                builder.dontFragment();
            }
        } else {
            builder.flowLabel(flowHash & 0xFFFFF);
        }
        return builder;
    }

    static int flowHash(int family, int protocol) {
        int[] c = words(client(family));
        int[] v = words(virtual(family));
        int wireProtocol = protocol == IpProtocol.ICMP && family == AddressFamily.IPV6 ? IpProtocol.ICMPV6 : protocol;
        boolean ports = protocol != IpProtocol.ICMP;
        int sourcePort = ports ? CLIENT_PORT : 0;
        int destinationPort = ports ? VIRTUAL_PORT : 0;
        return family == AddressFamily.IPV4
                ? FlowHash.symmetricIpv4(wireProtocol, c[0], v[0], sourcePort, destinationPort)
                : FlowHash.symmetricIpv6(wireProtocol, c[0], c[1], c[2], c[3], v[0], v[1], v[2], v[3],
                        sourcePort, destinationPort);
    }

    static int entropyPort(int flowHash) {
        return 49152 + (int) (((flowHash & 0xFFFF_FFFFL) * 16384) >>> 32);
    }

    static byte[] ipipHeader() {
        return new byte[0];
    }

    static byte[] greHeader(int innerFamily) {
        return innerFamily == AddressFamily.IPV4 ? new byte[] {0, 0, 0x08, 0x00} : new byte[] {0, 0, (byte) 0x86, (byte) 0xDD};
    }

    static byte[] greHeaderWithKey(int innerFamily, int key) {
        return concat(new byte[] {0x20, 0}, Arrays.copyOfRange(greHeader(innerFamily), 2, 4),
                new byte[] {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key});
    }

    static byte[] gueHeader(int innerFamily) {
        return new byte[] {0, (byte) (innerFamily == AddressFamily.IPV4 ? 4 : 41), 0, 0};
    }

    static Function<Integer, PacketBuilder> ipOuter(int protocol) {
        return family -> family == AddressFamily.IPV4 ? PacketBuilder.ip4(protocol) : PacketBuilder.ip6(protocol);
    }

    /** The UDP outer of GUE; its checksum as the builder computes it, or none over IPv4. */
    static Function<Integer, PacketBuilder> udpOuter(int destinationPort, int flowHash, boolean ipv4Checksum) {
        return family -> {
            PacketBuilder builder = family == AddressFamily.IPV4 ? PacketBuilder.udp4() : PacketBuilder.udp6();
            builder.src(tunnelSource(family), entropyPort(flowHash)).dst(real(family), destinationPort);
            return family == AddressFamily.IPV4 && !ipv4Checksum ? builder.noUdpChecksum() : builder;
        };
    }

    static int ipProtocol(int innerFamily) {
        return innerFamily == AddressFamily.IPV4 ? 4 : 41;
    }

    /** The inner TCP packet C to V, DF set over IPv4 as TCP senders do. */
    static PacketBuilder innerTcp(int family) {
        PacketBuilder builder = packet(family, IpProtocol.TCP, client(family), CLIENT_PORT, virtual(family), VIRTUAL_PORT);
        return family == AddressFamily.IPV4 ? builder.dontFragment() : builder;
    }

    static List<Fixture> encapsulations() {
        List<Fixture> rows = new ArrayList<>();
        for (int inner : AddressRewriterTest.FAMILIES) {
            int hash = flowHash(inner, IpProtocol.TCP);
            for (int outer : AddressRewriterTest.FAMILIES) {
                String name = familyName(inner) + " TCP in " + familyName(outer);
                rows.add(Fixture.ok("IPIP, " + name, innerTcp(inner), tunnel(TunnelSettings.ipip(), outer),
                        expected(() -> innerTcp(inner).ttl(63), inner, outer, ipipHeader(),
                                ipOuter(ipProtocol(inner)), 0, true, hash)));
                rows.add(Fixture.ok("GRE, " + name, innerTcp(inner), tunnel(TunnelSettings.gre(), outer),
                        expected(() -> innerTcp(inner).ttl(63), inner, outer, greHeader(inner),
                                ipOuter(47), 0, true, hash)));
                rows.add(Fixture.ok("GUE, " + name, innerTcp(inner), tunnel(TunnelSettings.gue(), outer),
                        expected(() -> innerTcp(inner).ttl(63), inner, outer, gueHeader(inner),
                                udpOuter(TunnelSettings.DEFAULT_GUE_PORT, hash, false), 0, true, hash)));
            }
        }
        return rows;
    }

    static List<Fixture> variants() {
        int v4 = AddressFamily.IPV4;
        int v6 = AddressFamily.IPV6;
        int udpHash4 = flowHash(v4, IpProtocol.UDP);
        int icmpHash6 = flowHash(v6, IpProtocol.ICMP);
        int tcpHash4 = flowHash(v4, IpProtocol.TCP);
        int tcpHash6 = flowHash(v6, IpProtocol.TCP);
        int key = 0xDEADBEEF;
        return List.of(
                Fixture.ok("IPIP, IPv4 UDP without DF: outer DF clear",
                        packet(v4, IpProtocol.UDP, client(v4), CLIENT_PORT, virtual(v4), VIRTUAL_PORT),
                        tunnel(TunnelSettings.ipip(), v4),
                        expected(() -> packet(v4, IpProtocol.UDP, client(v4), CLIENT_PORT, virtual(v4), VIRTUAL_PORT).ttl(63),
                                v4, v4, ipipHeader(), ipOuter(4), 0, false, udpHash4)),
                Fixture.ok("GRE with key, IPv4 TCP in IPv4",
                        innerTcp(v4), tunnel(TunnelSettings.greWithKey(key), v4),
                        expected(() -> innerTcp(v4).ttl(63), v4, v4, greHeaderWithKey(v4, key), ipOuter(47), 0, true,
                                tcpHash4)),
                Fixture.ok("GRE with key, IPv6 TCP in IPv6",
                        innerTcp(v6), tunnel(TunnelSettings.greWithKey(key), v6),
                        expected(() -> innerTcp(v6).ttl(63), v6, v6, greHeaderWithKey(v6, key), ipOuter(47), 0, true,
                                tcpHash6)),
                Fixture.ok("GUE to port 5555 with a UDP checksum over IPv4, IPv4 TCP",
                        innerTcp(v4), tunnel(TunnelSettings.gue(GUE_PORT_5555, TunnelSettings.UdpChecksum.ALWAYS), v4),
                        expected(() -> innerTcp(v4).ttl(63), v4, v4, gueHeader(v4),
                                udpOuter(GUE_PORT_5555, tcpHash4, true), 0, true, tcpHash4)),
                Fixture.ok("GUE, IPv6 ICMPv6 echo in IPv4",
                        packet(v6, IpProtocol.ICMP, client(v6), 0, virtual(v6), 0),
                        tunnel(TunnelSettings.gue(), v4),
                        expected(() -> packet(v6, IpProtocol.ICMP, client(v6), 0, virtual(v6), 0).ttl(63),
                                v6, v4, gueHeader(v6), udpOuter(TunnelSettings.DEFAULT_GUE_PORT, icmpHash6, false), 0, true,
                                icmpHash6)),
                Fixture.ok("IPIP keeps the VLAN tag and sets its EtherType to the outer family, IPv4 in IPv6",
                        innerTcp(v4).vlan(42), tunnel(TunnelSettings.ipip(), v6),
                        expected(() -> innerTcp(v4).ttl(63), v4, v6, ipipHeader(), ipOuter(4), 0, true, tcpHash4)
                                .vlan(42)),
                Fixture.ok("IPIP copies DSCP, CE becomes ECT(0), IPv4 in IPv4",
                        innerTcp(v4).tos(0xBB), tunnel(TunnelSettings.ipip(), v4),
                        expected(() -> innerTcp(v4).tos(0xBB).ttl(63), v4, v4, ipipHeader(), ipOuter(4), 0xBA, true,
                                tcpHash4)),
                Fixture.ok("GRE copies the traffic class (ECT(1) kept), IPv6 in IPv6",
                        innerTcp(v6).tos(0xB9), tunnel(TunnelSettings.gre(), v6),
                        expected(() -> innerTcp(v6).tos(0xB9).ttl(63), v6, v6, greHeader(v6), ipOuter(47), 0xB9, true,
                                tcpHash6)),
                Fixture.ok("IPIP drops the Ethernet padding of a short frame",
                        packet(v4, IpProtocol.UDP, client(v4), CLIENT_PORT, virtual(v4), VIRTUAL_PORT).payload(new byte[1])
                                .padToMinimumFrame(),
                        tunnel(TunnelSettings.ipip(), v4),
                        expected(() -> packet(v4, IpProtocol.UDP, client(v4), CLIENT_PORT, virtual(v4), VIRTUAL_PORT)
                                        .payload(new byte[1]).ttl(63),
                                v4, v4, ipipHeader(), ipOuter(4), 0, false, udpHash4)),
                Fixture.ok("IPIP, IPv4 DF packet that fills the MTU exactly (1480 + 20)",
                        innerTcp(v4).payload(new byte[1440]), tunnel(TunnelSettings.ipip(), v4),
                        expected(() -> innerTcp(v4).payload(new byte[1440]).ttl(63), v4, v4, ipipHeader(), ipOuter(4), 0,
                                true, tcpHash4)),
                Fixture.ok("IPIP, IPv4 packet without DF one byte over the MTU is encapsulated anyway",
                        packet(v4, IpProtocol.TCP, client(v4), CLIENT_PORT, virtual(v4), VIRTUAL_PORT)
                                .payload(new byte[1441]),
                        tunnel(TunnelSettings.ipip(), v4),
                        expected(() -> packet(v4, IpProtocol.TCP, client(v4), CLIENT_PORT, virtual(v4), VIRTUAL_PORT)
                                        .payload(new byte[1441]).ttl(63),
                                v4, v4, ipipHeader(), ipOuter(4), 0, false, tcpHash4)));
    }

    static List<Fixture> refusals() {
        int v4 = AddressFamily.IPV4;
        int v6 = AddressFamily.IPV6;
        return List.of(
                Fixture.refused("IPIP, IPv4 DF packet one byte over the MTU is too big (inner MTU 1480)",
                        innerTcp(v4).payload(new byte[1441]),
                        tooBig(TunnelSettings.ipip(), v4, 1480), ForwardResult.TOO_BIG),
                Fixture.refused("IPIP, IPv6 packet one byte over the MTU is too big (inner MTU 1480)",
                        innerTcp(v6).payload(new byte[1421]),
                        tooBig(TunnelSettings.ipip(), v4, 1480), ForwardResult.TOO_BIG),
                Fixture.refused("GUE over IPv6, IPv6 packet over the MTU is too big (inner MTU 1500 - 40 - 12)",
                        innerTcp(v6).payload(new byte[1389]),
                        tooBig(TunnelSettings.gue(), v6, 1448), ForwardResult.TOO_BIG),
                Fixture.refused("GRE with key over IPv4, IPv4 DF packet over the MTU is too big (inner MTU 1472)",
                        innerTcp(v4).payload(new byte[1433]),
                        tooBig(TunnelSettings.greWithKey(7), v4, 1472), ForwardResult.TOO_BIG),
                Fixture.refused("TUN, IPv4 TTL 1 is not forwarded",
                        innerTcp(v4).ttl(1), tunnel(TunnelSettings.ipip(), v4), ForwardResult.TTL_EXCEEDED));
    }

    static Stream<Fixture> all() {
        return Stream.of(encapsulations(), variants(), refusals()).flatMap(List::stream);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encapsulations")
    void shouldEncapsulateEveryFamilyPairInEveryTunnelType(Fixture fixture) {
        fixture.verify();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void shouldHonourTunnelOptionsAndInnerFields(Fixture fixture) {
        fixture.verify();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void shouldLeaveRefusedPacketsUntouched(Fixture fixture) {
        fixture.verify();
    }

    @Test
    void shouldRefuseWithoutEnoughHeadroom() {
        byte[] input = innerTcp(4).build();
        int[] r = words(real(4));
        for (int headroom : new int[] {0, 19}) {
            Frame frame = new Frame(input, headroom, 0);
            assertEquals(ForwardResult.NO_HEADROOM, encapsulator().encapsulate(frame.packet, frame.headroom(),
                    TunnelSettings.ipip(), 4, r[0], 0, 0, 0));
            assertArrayEquals(input, frame.bytes());
        }
        Frame exact = new Frame(input, 20, 0);
        TunnelEncapsulator encapsulator = encapsulator();
        assertEquals(ForwardResult.OK, encapsulator.encapsulate(exact.packet, exact.headroom(), TunnelSettings.ipip(), 4,
                r[0], 0, 0, 0));
        assertEquals(0, encapsulator.frameOffset());
        assertEquals(input.length + 20, encapsulator.frameLength());
    }

    @Test
    void shouldRefuseAnOuterFamilyWithoutTunnelSource() {
        byte[] input = innerTcp(4).build();
        Frame frame = new Frame(input);
        int[] r = words(real(6));
        TunnelEncapsulator ipv4Only = new TunnelEncapsulator(words(tunnelSource(4))[0], null, 1500, 0);
        assertEquals(ForwardResult.UNSUPPORTED,
                ipv4Only.encapsulate(frame.packet, frame.headroom(), TunnelSettings.gre(), 6, r[0], r[1], r[2], r[3]));
        assertArrayEquals(input, frame.bytes());
    }

    @Test
    void shouldCountIpv4IdentificationsAcrossPacketsAndWrapAt16Bits() {
        int[] r4 = words(real(4));
        int[] r6 = words(real(6));
        TunnelEncapsulator encapsulator = new TunnelEncapsulator(words(tunnelSource(4))[0], words(tunnelSource(6)), 1500,
                0xFFFF);
        int[] identifications = new int[2];
        int[] outerFamilies = {4, 6, 4};
        int seen = 0;
        for (int i = 0; i < outerFamilies.length; i++) {
            Frame frame = new Frame(innerTcp(4).build());
            int[] r = outerFamilies[i] == 4 ? r4 : r6;
            assertEquals(ForwardResult.OK, encapsulator.encapsulate(frame.packet, frame.headroom(), TunnelSettings.ipip(),
                    outerFamilies[i], r[0], r[1], r[2], r[3]));
            if (outerFamilies[i] == 4) {
                byte[] out = frame.segment.asSlice(encapsulator.frameOffset(), encapsulator.frameLength())
                        .toArray(ValueLayout.JAVA_BYTE);
                identifications[seen++] = NaiveChecksums.u16(out, 14 + 4);
            }
        }
        assertArrayEquals(new int[] {0xFFFF, 0x0000}, identifications);
    }

    @Test
    void shouldSendGueWithoutUdpChecksumOverIpv6WhenConfigured() {
        int v6 = AddressFamily.IPV6;
        int hash = flowHash(v6, IpProtocol.TCP);
        TunnelSettings never = TunnelSettings.gue(TunnelSettings.DEFAULT_GUE_PORT, TunnelSettings.UdpChecksum.NEVER);
        Fixture fixture = Fixture.ok("GUE without UDP checksum over IPv6 (RFC 6935)", innerTcp(v6), tunnel(never, v6),
                expected(() -> innerTcp(v6).ttl(63), v6, v6, gueHeader(v6),
                        udpOuter(TunnelSettings.DEFAULT_GUE_PORT, hash, true), 0, true, hash));
        byte[] actual = fixture.output();
        byte[] wanted = fixture.expected().get();
        int checksumAt = 14 + 40 + 6;
        assertEquals(0, NaiveChecksums.u16(actual, checksumAt), "no UDP checksum");
        wanted[checksumAt] = 0;
        wanted[checksumAt + 1] = 0;
        assertArrayEquals(wanted, actual);
    }

    @Test
    void shouldRejectAnMtuOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new TunnelEncapsulator(1, null, 575, 0));
        assertThrows(IllegalArgumentException.class, () -> new TunnelEncapsulator(1, null, 65536, 0));
        assertThrows(IllegalArgumentException.class, () -> TunnelSettings.gue(0, TunnelSettings.UdpChecksum.DEFAULT));
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
