package io.jvs.engine.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.forward.NaiveChecksums;
import io.jvs.engine.packet.MacAddress;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.pipeline.ForwardingSettings;
import io.jvs.engine.pipeline.NeighborTable;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.SchedulerProvider;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SecondChanceHops;
import io.jvs.spi.ServiceView;
import io.jvs.spi.TunnelType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code glb-gue} tunnels through the whole engine: the connection's destination is the outer
 * destination and the hops a {@link SecondChanceHops} scheduler gives are in GLB's GUE private data
 * (GLB Director {@code docs/development/gue-header.md}); the header bytes are built here
 * independently of the encapsulator, and every checksum is recomputed from scratch.
 */
class GlbGueForwardingTest {

    private static final long OWN_MAC = 0x020000000001L;
    private static final long REAL_MAC = MacAddress.parse("02:00:00:00:01:07");
    private static final String[] PROXIES = {"198.51.100.7", "198.51.100.8", "198.51.100.9"};

    /** Picks the first eligible destination; its next hops are the others in list order, as a row would be. */
    static final class ListHops implements Scheduler, SecondChanceHops {
        boolean fail;

        @Override
        public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
            DestinationList l = service.destinations();
            for (int i = 0; i < l.size(); i++) {
                if (l.get(i).isEligible()) {
                    return l.get(i);
                }
            }
            return NONE;
        }

        @Override
        public int nextHops(ServiceView service, PacketView packet, DestinationView first, DestinationView[] out) {
            if (fail) {
                throw new IllegalStateException("deliberate");
            }
            int n = 0;
            DestinationList l = service.destinations();
            for (int i = 0; i < l.size() && n < out.length; i++) {
                if (l.get(i) != first) {
                    out[n++] = l.get(i);
                }
            }
            return n;
        }
    }

    private static EmbeddedEngine engine(Scheduler scheduler, int glbPort) {
        ForwardingSettings d = ForwardingSettings.defaults();
        ForwardingSettings forwarding = new ForwardingSettings(d.ownMac(), d.gatewayMac(), d.mtu(), d.tunnelSource4(),
                d.tunnelSource6(), d.guePort(), glbPort, d.localAddresses(), d.localPortFirst(), d.localPortLast());
        EngineSettings settings = EngineSettings.defaults().withConnectionsPerWorker(1024).withForwarding(forwarding)
                .withNeighbors(new NeighborTable(Map.of(IpAddress.parse(PROXIES[0]), REAL_MAC)));
        SchedulerProvider provider = new SchedulerProvider() {
            @Override
            public Scheduler create(String name, Map<String, String> parameters, ServiceView service) {
                return scheduler;
            }

            @Override
            public boolean exists(String name) {
                return true;
            }
        };
        EmbeddedEngine e = new EmbeddedEngine(settings, provider);
        DestinationSpec[] dests = Arrays.stream(PROXIES).map(a -> new DestinationSpec(IpAddress.parse(a), 0, 1, 0, 0,
                ForwardingMethod.TUNNEL, TunnelType.GLB_GUE)).toArray(DestinationSpec[]::new);
        e.services().apply(List.of(ServiceSpec.of(ServiceKey.tcp("203.0.113.1", 80), "glb", dests)));
        return e;
    }

    private static byte[] clientPacket(int flags, int ttl) {
        return PacketBuilder.tcp4().src("192.0.2.55", 40000).dst("203.0.113.1", 80).ttl(ttl).flags(flags).seq(1000)
                .ack(flags == TcpFlags.SYN ? 0 : 5000).payload(new byte[] {'h', 'i'}).srcMac("02:00:00:00:0c:01")
                .dstMac("02:00:00:00:00:01").build();
    }

    /** GLB's UDP + GUE + private data for an IPv4 inner packet, without the UDP source port and length. */
    private static byte[] glbHeaderAfterUdpLength(String... nextHops) {
        ByteBuffer b = ByteBuffer.allocate(2 + 4 + 4 + 4 * nextHops.length);
        b.putShort((short) 0); // UDP checksum: GLB sends IPv4 GUE without one
        b.put((byte) (1 + nextHops.length)); // version 0, C 0, Hlen = private word + hops
        b.put((byte) 4); // inner IPv4
        b.putShort((short) 0); // flags
        b.putShort((short) 0); // private data type
        b.put((byte) 0); // next hop index
        b.put((byte) nextHops.length); // hop count
        for (String hop : nextHops) {
            b.putInt(IpAddress.parse(hop).w0());
        }
        return b.array();
    }

    private static void assertGlbFrame(byte[] frame, int port, byte[] innerIp, String... nextHops) {
        assertEquals(List.of(), NaiveChecksums.problems(frame), "checksums");
        ByteBuffer f = ByteBuffer.wrap(frame);
        assertEquals(REAL_MAC, f.getLong(0) >>> 16, "to the first hop's MAC");
        assertEquals(OWN_MAC, (f.getLong(6) >>> 16), "from jvs");
        assertEquals(0x0800, f.getShort(12) & 0xFFFF);
        assertEquals(0x45, frame[14] & 0xFF);
        assertEquals(17, frame[14 + 9], "UDP");
        assertEquals(IpAddress.parse("192.0.2.1").w0(), f.getInt(14 + 12), "tunnel source");
        assertEquals(IpAddress.parse(PROXIES[0]).w0(), f.getInt(14 + 16), "the connection's destination");
        int udp = 14 + 20;
        int sourcePort = f.getShort(udp) & 0xFFFF;
        assertTrue((sourcePort & 0x8000) != 0, "GLB sets the source port's high bit");
        assertEquals(port, f.getShort(udp + 2) & 0xFFFF, "GUE port");
        byte[] glb = glbHeaderAfterUdpLength(nextHops);
        assertEquals(8 + glb.length - 2 + innerIp.length, f.getShort(udp + 4) & 0xFFFF, "UDP length");
        assertArrayEquals(glb, Arrays.copyOfRange(frame, udp + 6, udp + 6 + glb.length), "GUE and GLB private data");
        assertArrayEquals(innerIp, Arrays.copyOfRange(frame, udp + 6 + glb.length, frame.length), "the inner packet");
        assertEquals(14 + 20 + 8 + glb.length - 2 + innerIp.length, frame.length);
    }

    private static byte[] innerIp(int flags) {
        byte[] original = clientPacket(flags, 63);
        return Arrays.copyOfRange(original, 14, original.length);
    }

    @Test
    void shouldListTheSchedulersNextHopsAfterTheConnectionsDestination() {
        try (EmbeddedEngine e = engine(new ListHops(), ForwardingSettings.DEFAULT_GLB_GUE_PORT)) {
            List<byte[]> out = e.send(clientPacket(TcpFlags.SYN, 64));

            assertEquals(1, out.size());
            assertGlbFrame(out.get(0), 19523, innerIp(TcpFlags.SYN), PROXIES[1], PROXIES[2]);
        }
    }

    @Test
    void shouldCarryTheHopsOnEveryPacketOfTheConnection() {
        try (EmbeddedEngine e = engine(new ListHops(), ForwardingSettings.DEFAULT_GLB_GUE_PORT)) {
            e.send(clientPacket(TcpFlags.SYN, 64));
            List<byte[]> out = e.send(clientPacket(TcpFlags.ACK, 64));

            assertEquals(1, out.size());
            assertGlbFrame(out.get(0), 19523, innerIp(TcpFlags.ACK), PROXIES[1], PROXIES[2]);
        }
    }

    @Test
    void shouldUseTheConfiguredPort() {
        try (EmbeddedEngine e = engine(new ListHops(), 7777)) {
            assertGlbFrame(e.send(clientPacket(TcpFlags.SYN, 64)).get(0), 7777, innerIp(TcpFlags.SYN), PROXIES[1],
                    PROXIES[2]);
        }
    }

    @Test
    void shouldSendAnEmptyHopListForSchedulersWithoutHops() {
        Scheduler plain = (service, packet, now) -> service.destinations().get(0);
        try (EmbeddedEngine e = engine(plain, ForwardingSettings.DEFAULT_GLB_GUE_PORT)) {
            assertGlbFrame(e.send(clientPacket(TcpFlags.SYN, 64)).get(0), 19523, innerIp(TcpFlags.SYN));
        }
    }

    @Test
    void shouldCountAThrowingHopSourceAndStillForwardToTheFirstHop() {
        ListHops failing = new ListHops();
        try (EmbeddedEngine e = engine(failing, ForwardingSettings.DEFAULT_GLB_GUE_PORT)) {
            failing.fail = true;
            List<byte[]> out = e.send(clientPacket(TcpFlags.SYN, 64));

            assertGlbFrame(out.get(0), 19523, innerIp(TcpFlags.SYN));
            assertEquals(1, e.engine().counter(WorkerCounters.SCHEDULER_ERRORS));
        }
    }
}
