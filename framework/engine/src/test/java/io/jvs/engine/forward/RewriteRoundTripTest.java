package io.jvs.engine.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvs.engine.packet.Ipv4Address;
import io.jvs.engine.packet.Ipv6Address;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.IpProtocol;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For random addresses, ports, payloads and TTLs: a rewrite followed by the reverse rewrite gives
 * back the original packet byte for byte, apart from the TTL (and so the IPv4 header checksum),
 * which each forwarding decrements; after each step the packet is exactly the one PacketBuilder
 * makes for the new tuple, and every checksum verifies when recomputed naively.
 */
class RewriteRoundTripTest {
    /** UDP over IPv4 without checksum (over IPv6 the flow gets one: it is mandatory there). */
    static final int UDP_WITHOUT_CHECKSUM = -IpProtocol.UDP;

    /**
     * A random flow: client C, virtual service V, real server R and local address L (words 0-3,
     * 4-7, 8-11, 12-15 of {@code addressWords}; IPv4 uses the first of each four) and their ports.
     */
    record Flow(int family, int protocol, int ttl, byte[] payload, int[] addressWords, int[] ports) {
        int[] address(int host) {
            int[] words = new int[4];
            System.arraycopy(addressWords, host * 4, words, 0, 4);
            if (family == AddressFamily.IPV4) {
                words[1] = 0;
                words[2] = 0;
                words[3] = 0;
            }
            return words;
        }

        String text(int host) {
            int[] w = address(host);
            return family == AddressFamily.IPV4 ? Ipv4Address.format(w[0]) : Ipv6Address.format(w);
        }

        PacketBuilder packet(int source, int destination, int ttlNow) {
            int wire = protocol == UDP_WITHOUT_CHECKSUM ? IpProtocol.UDP : protocol;
            PacketBuilder builder = Hosts.packet(family, wire, text(source), ports[source], text(destination),
                    ports[destination]).payload(payload).ttl(ttlNow);
            return protocol == UDP_WITHOUT_CHECKSUM ? builder.noUdpChecksum() : builder;
        }

        @Override
        public String toString() {
            return "IPv" + family + " " + (protocol == UDP_WITHOUT_CHECKSUM ? "UDP without checksum"
                    : IpProtocol.name(protocol)) + " ttl " + ttl + " C " + text(C) + ":" + ports[C] + " V " + text(V)
                    + ":" + ports[V] + " R " + text(R) + ":" + ports[R] + " L " + text(L) + ":" + ports[L]
                    + " payload " + payload.length + " bytes";
        }
    }

    static final int C = 0;
    static final int V = 1;
    static final int R = 2;
    static final int L = 3;

    @Provide
    Arbitrary<Flow> flows() {
        return Combinators.combine(
                Arbitraries.of(AddressFamily.IPV4, AddressFamily.IPV6),
                Arbitraries.of(IpProtocol.TCP, IpProtocol.UDP, UDP_WITHOUT_CHECKSUM, IpProtocol.ICMP),
                Arbitraries.integers().between(3, 255),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(96),
                Arbitraries.integers().array(int[].class).ofSize(16),
                Arbitraries.integers().between(0, 0xFFFF).array(int[].class).ofSize(4))
                .as(Flow::new);
    }

    @Property(tries = 300, seed = "20260101")
    void natInThenBackRestoresTheOriginal(@ForAll("flows") Flow flow) {
        Frame frame = new Frame(flow.packet(C, V, flow.ttl()).build());
        int[] r = flow.address(R);
        int[] v = flow.address(V);
        assertEquals(ForwardResult.OK, AddressRewriter.rewriteDestination(frame.packet, r[0], r[1], r[2], r[3], flow.ports()[R]));
        assertExactAndValid(flow.packet(C, R, flow.ttl() - 1), frame);
        assertEquals(ForwardResult.OK, AddressRewriter.rewriteDestination(frame.packet, v[0], v[1], v[2], v[3], flow.ports()[V]));
        assertExactAndValid(flow.packet(C, V, flow.ttl() - 2), frame);
    }

    @Property(tries = 300, seed = "20260101")
    void natReplyThenBackRestoresTheOriginal(@ForAll("flows") Flow flow) {
        Frame frame = new Frame(flow.packet(R, C, flow.ttl()).build());
        int[] v = flow.address(V);
        int[] r = flow.address(R);
        assertEquals(ForwardResult.OK, AddressRewriter.rewriteSource(frame.packet, v[0], v[1], v[2], v[3], flow.ports()[V]));
        assertExactAndValid(flow.packet(V, C, flow.ttl() - 1), frame);
        assertEquals(ForwardResult.OK, AddressRewriter.rewriteSource(frame.packet, r[0], r[1], r[2], r[3], flow.ports()[R]));
        assertExactAndValid(flow.packet(R, C, flow.ttl() - 2), frame);
    }

    @Property(tries = 300, seed = "20260101")
    void fullNatInThenBackRestoresTheOriginal(@ForAll("flows") Flow flow) {
        Frame frame = new Frame(flow.packet(C, V, flow.ttl()).build());
        int[] c = flow.address(C);
        int[] v = flow.address(V);
        int[] r = flow.address(R);
        int[] l = flow.address(L);
        int[] p = flow.ports();
        assertEquals(ForwardResult.OK, AddressRewriter.rewriteSourceAndDestination(frame.packet,
                l[0], l[1], l[2], l[3], p[L], r[0], r[1], r[2], r[3], p[R]));
        assertExactAndValid(flow.packet(L, R, flow.ttl() - 1), frame);
        assertEquals(ForwardResult.OK, AddressRewriter.rewriteSourceAndDestination(frame.packet,
                c[0], c[1], c[2], c[3], p[C], v[0], v[1], v[2], v[3], p[V]));
        assertExactAndValid(flow.packet(C, V, flow.ttl() - 2), frame);
    }

    private static void assertExactAndValid(PacketBuilder expected, Frame frame) {
        byte[] actual = frame.bytes();
        assertArrayEquals(expected.build(), actual);
        assertEquals(List.of(), NaiveChecksums.problems(actual));
    }
}
