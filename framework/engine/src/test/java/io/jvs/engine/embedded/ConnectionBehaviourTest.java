package io.jvs.engine.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.conn.TimeoutProfile;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParseResult;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.Persistence;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.ConnectionView;
import io.jvs.spi.EvictionListener;
import io.jvs.spi.EvictionReason;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Connection-level behaviour through the whole engine: persistence, session keys and the stale-entry
 * problem, port reuse, destination removal, expiry and eviction notifications, fragments, ICMP
 * errors and malformed input.
 */
class ConnectionBehaviourTest {

    /** Records evictions as text, like a listener plugin would. */
    static final class RecordingListener implements EvictionListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onEviction(ConnectionView c, EvictionReason reason, long nowNanos) {
            events.add(reason + " " + c.clientPort() + "->" + c.destination().key());
        }
    }

    private final RecordingListener listener = new RecordingListener();

    private EmbeddedEngine engine(ServiceSpec... services) {
        EmbeddedEngine e = new EmbeddedEngine(EngineSettings.defaults().withConnectionsPerWorker(4096),
                new TestSchedulerProvider());
        e.engine().evictions().setListeners(List.of(listener));
        e.services().apply(List.of(services));
        return e;
    }

    private static ServiceSpec web(String scheduler) {
        return ServiceSpec.of(ServiceKey.tcp("203.0.113.1", 80), scheduler, DestinationSpec.nat("198.51.100.1", 8080),
                DestinationSpec.nat("198.51.100.2", 8080), DestinationSpec.nat("198.51.100.3", 8080));
    }

    private static byte[] syn(String client, int port) {
        return PacketBuilder.tcp4().src(client, port).dst("203.0.113.1", 80).flags(TcpFlags.SYN).build();
    }

    private static byte[] tcp(String client, int port, int flags) {
        return PacketBuilder.tcp4().src(client, port).dst("203.0.113.1", 80).flags(flags).build();
    }

    private static String destinationOf(List<byte[]> out) {
        assertEquals(1, out.size(), "one frame forwarded");
        ParsedPacket p = new ParsedPacket();
        assertEquals(ParseResult.OK, PacketParser.parse(MemorySegment.ofArray(out.get(0)), 0, out.get(0).length, p));
        int a = p.destinationAddressWord(0);
        return (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255) + ":" + p.destinationPort();
    }

    @Test
    void shouldSpreadNewConnectionsAndKeepEstablishedOnesOnTheirDestination() {
        try (EmbeddedEngine e = engine(web("rr"))) {
            String first = destinationOf(e.send(syn("198.51.100.10", 1000)));
            String second = destinationOf(e.send(syn("198.51.100.10", 1001)));
            assertNotEquals(first, second);
            assertEquals(first, destinationOf(e.send(tcp("198.51.100.10", 1000, TcpFlags.ACK))));
            assertEquals(second, destinationOf(e.send(tcp("198.51.100.10", 1001, TcpFlags.ACK))));
        }
    }

    @Test
    void shouldNotScheduleTcpWithoutSynUnlessSloppy() {
        try (EmbeddedEngine e = engine(web("rr"))) {
            assertEquals(0, e.send(tcp("198.51.100.10", 1000, TcpFlags.ACK)).size());
            assertEquals(1, e.engine().counter(WorkerCounters.TCP_NOT_SYN));
            e.engine().tunables().setSloppyTcp(true);
            assertEquals(1, e.send(tcp("198.51.100.10", 1000, TcpFlags.ACK)).size());
        }
    }

    @Test
    void shouldSendAPersistentClientToTheSameDestinationUntilItsTemplateExpires() {
        ServiceSpec persistent = web("rr").withPersistence(new Persistence(300, 24));
        try (EmbeddedEngine e = engine(persistent)) {
            String d = destinationOf(e.send(syn("198.51.100.10", 1000)));
            assertEquals(d, destinationOf(e.send(syn("198.51.100.10", 1001))));
            assertEquals(d, destinationOf(e.send(syn("198.51.100.77", 1002))), "same /24 network, same template");
            assertNotEquals(d, destinationOf(e.send(syn("198.51.101.10", 1003))), "another network is scheduled");
            // Connections end (SYN-only entries: NONE/SYN_RECV timeouts are short); the template outlives them.
            e.advanceSeconds(200);
            assertEquals(d, destinationOf(e.send(syn("198.51.100.10", 1004))));
            e.advanceSeconds(200 + 300 + 10);
            long before = listener.events.stream().filter(s -> s.startsWith("EXPIRED")).count();
            assertTrue(before >= 5, "connections and the template expired: " + listener.events);
            String after = destinationOf(e.send(syn("198.51.100.10", 1005)));
            assertNotEquals(d, after, "a new template is scheduled round robin after the old one expired");
        }
    }

    @Test
    void shouldEvictTheStaleEntryAtOnceWhenTheSessionMovesToAnotherTuple() {
        ServiceSpec udp = ServiceSpec.of(ServiceKey.udp("203.0.113.5", 4000), "session",
                DestinationSpec.nat("198.51.100.1", 4000), DestinationSpec.nat("198.51.100.2", 4000),
                DestinationSpec.nat("198.51.100.3", 4000));
        try (EmbeddedEngine e = new EmbeddedEngine(EngineSettings.defaults().withConnectionsPerWorker(4096)
                .withTimeouts(TimeoutProfile.ipvs().withUdp(3_600_000_000_000L)), new TestSchedulerProvider())) {
            e.engine().evictions().setListeners(List.of(listener));
            e.services().apply(List.of(udp));
            byte[] s1 = ByteBuffer.allocate(16).putLong(0x1111_1111_1111_1111L).putLong(1).array();
            byte[] s2 = ByteBuffer.allocate(16).putLong(0x2222_2222_2222_2223L).putLong(2).array();
            // (a) client A at tuple T1 with session S1
            String dS1 = destinationOf(e.send(PacketBuilder.udp4().src("198.51.100.10", 5000).dst("203.0.113.5", 4000)
                    .payload(s1).build()));
            // (b) A moves to T2, same session: same destination, T1's entry evicted at once with REPLACED
            String moved = destinationOf(e.send(PacketBuilder.udp4().src("198.51.100.20", 6000)
                    .dst("203.0.113.5", 4000).payload(s1).build()));
            assertEquals(dS1, moved);
            assertEquals(List.of("REPLACED 5000->" + dS1), listener.events);
            // (c) client B takes over T1 with session S2: scheduled by its own session, not A's destination
            String dS2 = destinationOf(e.send(PacketBuilder.udp4().src("198.51.100.10", 5000).dst("203.0.113.5", 4000)
                    .payload(s2).build()));
            assertNotEquals(dS1, dS2, "B must not be sent to A's destination");
            assertEquals(2, e.liveEntries(0).size());
        }
    }

    @Test
    void shouldRescheduleWhenATupleIsReusedByAnotherSession() {
        ServiceSpec udp = ServiceSpec.of(ServiceKey.udp("203.0.113.5", 4000), "session",
                DestinationSpec.nat("198.51.100.1", 4000), DestinationSpec.nat("198.51.100.2", 4000));
        try (EmbeddedEngine e = engine(udp)) {
            byte[] s1 = ByteBuffer.allocate(8).putLong(2).array();
            byte[] s2 = ByteBuffer.allocate(8).putLong(3).array();
            String d1 = destinationOf(e.send(PacketBuilder.udp4().src("198.51.100.10", 5000).dst("203.0.113.5", 4000)
                    .payload(s1).build()));
            String d2 = destinationOf(e.send(PacketBuilder.udp4().src("198.51.100.10", 5000).dst("203.0.113.5", 4000)
                    .payload(s2).build()));
            assertNotEquals(d1, d2);
            assertEquals(List.of("RESCHEDULED 5000->" + d1), listener.events);
        }
    }

    @Test
    void shouldRescheduleASynOnATimeWaitEntryAsConnReuseMode() {
        try (EmbeddedEngine e = engine(web("rr"))) {
            String d = destinationOf(e.send(syn("198.51.100.10", 1000)));
            e.send(tcp("198.51.100.10", 1000, TcpFlags.ACK));
            e.send(tcp("198.51.100.10", 1000, TcpFlags.FIN | TcpFlags.ACK));
            e.send(PacketBuilder.tcp4().src(d.split(":")[0], 8080).dst("198.51.100.10", 1000)
                    .flags(TcpFlags.FIN | TcpFlags.ACK).build());
            e.send(tcp("198.51.100.10", 1000, TcpFlags.ACK));
            String again = destinationOf(e.send(syn("198.51.100.10", 1000)));
            assertNotEquals(d, again, "round robin moves on after the reused tuple was rescheduled");
            assertEquals("RESCHEDULED 1000->" + d, listener.events.get(0));
        }
    }

    @Test
    void shouldCloseAndExpireWithTheRightReasons() {
        try (EmbeddedEngine e = engine(web("rr"))) {
            String d = destinationOf(e.send(syn("198.51.100.10", 1000)));
            e.send(tcp("198.51.100.10", 1000, TcpFlags.ACK));
            e.send(tcp("198.51.100.10", 1000, TcpFlags.RST));
            destinationOf(e.send(syn("198.51.100.10", 2000)));
            e.send(tcp("198.51.100.10", 2000, TcpFlags.ACK));
            e.advanceSeconds(11);
            assertEquals(List.of("CLOSED 1000->" + d), listener.events, "RST -> CLOSE, 10 s");
            e.advanceSeconds(900);
            assertEquals(2, listener.events.size());
            assertTrue(listener.events.get(1).startsWith("EXPIRED 2000->"), listener.events.toString());
            assertEquals(0, e.liveEntries(0).size());
        }
    }

    @Test
    void shouldDropOrExpireConnectionsOfARemovedDestinationAsExpireNodestConn() {
        ServiceSpec two = ServiceSpec.of(ServiceKey.tcp("203.0.113.1", 80), "rr",
                DestinationSpec.nat("198.51.100.1", 8080), DestinationSpec.nat("198.51.100.2", 8080));
        try (EmbeddedEngine e = engine(two)) {
            destinationOf(e.send(syn("198.51.100.10", 1000)));
            e.services().apply(List.of(two.withDestinations(List.of(DestinationSpec.nat("198.51.100.2", 8080)))));
            assertEquals(0, e.send(tcp("198.51.100.10", 1000, TcpFlags.ACK)).size(), "default: packets dropped");
            assertEquals(List.of(), listener.events, "default: the entry stays until it expires");
            e.engine().tunables().setExpireNodestConn(true);
            assertEquals(0, e.send(tcp("198.51.100.10", 1000, TcpFlags.ACK)).size());
            assertEquals(List.of("DEST_REMOVED 1000->198.51.100.1:8080"), listener.events);
        }
    }

    @Test
    void shouldFlushRemovedDestinationsAtOnceWhenExpireNodestConnIsOn() {
        ServiceSpec two = ServiceSpec.of(ServiceKey.tcp("203.0.113.1", 80), "rr",
                DestinationSpec.nat("198.51.100.1", 8080), DestinationSpec.nat("198.51.100.2", 8080));
        try (EmbeddedEngine e = engine(two)) {
            e.engine().tunables().setExpireNodestConn(true);
            e.send(syn("198.51.100.10", 1000));
            e.send(syn("198.51.100.10", 1001));
            e.services().apply(List.of(two.withDestinations(List.of(DestinationSpec.nat("198.51.100.2", 8080)))));
            e.runUntilIdle();
            assertEquals(List.of("DEST_REMOVED 1000->198.51.100.1:8080"), listener.events);
            e.services().apply(List.of());
            e.runUntilIdle();
            assertEquals("FLUSHED 1001->198.51.100.2:8080", listener.events.get(1));
        }
    }

    @Test
    void shouldIsolateAFailingListener() {
        try (EmbeddedEngine e = engine(web("rr"))) {
            e.engine().evictions().setListeners(List.of((c, r, n) -> {
                throw new IllegalStateException("faulty listener");
            }, listener));
            e.send(syn("198.51.100.10", 1000));
            e.advanceSeconds(120);
            assertEquals(1, listener.events.size());
            assertEquals(1, e.engine().evictions().listenerFailures(0));
            assertEquals(0, e.engine().evictions().listenerFailures(1));
        }
    }

    @Test
    void shouldKeepActiveAndInactiveCountsOnTheDestination() {
        try (EmbeddedEngine e = engine(web("rr"))) {
            e.send(syn("198.51.100.10", 1000));
            var d = e.services().table().get(ServiceKey.tcp("203.0.113.1", 80)).destinations().get(0);
            assertEquals(0, d.activeConnections());
            assertEquals(1, d.inactiveConnections());
            e.send(tcp("198.51.100.10", 1000, TcpFlags.ACK));
            assertEquals(1, d.activeConnections());
            assertEquals(0, d.inactiveConnections());
            e.send(tcp("198.51.100.10", 1000, TcpFlags.RST));
            assertEquals(0, d.activeConnections());
            assertEquals(1, d.inactiveConnections());
            e.advanceSeconds(11);
            assertEquals(0, d.inactiveConnections());
        }
    }

    @Test
    void shouldForwardLaterFragmentsLikeTheirFirstAndDropOrphans() {
        try (EmbeddedEngine e = engine(ServiceSpec.of(ServiceKey.udp("203.0.113.5", 53), "rr",
                DestinationSpec.nat("198.51.100.1", 5353), DestinationSpec.nat("198.51.100.2", 5353)))) {
            byte[] first = PacketBuilder.udp4().src("198.51.100.10", 5000).dst("203.0.113.5", 53).identification(77)
                    .fragment(0, true).payload(new byte[64]).build();
            byte[] second = PacketBuilder.ip4(17).src("198.51.100.10").dst("203.0.113.5").identification(77)
                    .fragment(72, false).payload(new byte[32]).build();
            String d = destinationOf(e.send(first));
            List<byte[]> out = e.send(second);
            assertEquals(1, out.size());
            ParsedPacket p = new ParsedPacket();
            PacketParser.parse(MemorySegment.ofArray(out.get(0)), 0, out.get(0).length, p);
            assertEquals(d.split(":")[0], io.jvs.engine.service.IpAddress.ipv4(p.destinationAddressWord(0)).toString());
            byte[] orphan = PacketBuilder.ip4(17).src("198.51.100.11").dst("203.0.113.5").identification(78)
                    .fragment(72, false).payload(new byte[32]).build();
            assertEquals(0, e.send(orphan).size());
            assertEquals(1, e.engine().counter(WorkerCounters.ORPHAN_FRAGMENTS));
        }
    }

    @Test
    void shouldTranslateAnIcmpErrorFromTheRealServerSide() {
        try (EmbeddedEngine e = engine(web("rr"))) {
            String d = destinationOf(e.send(syn("198.51.100.10", 1000)));
            String real = d.split(":")[0];
            // The real server's host says the client's port is unreachable, quoting the (NAT'd) packet.
            PacketBuilder quoted = PacketBuilder.tcp4().src("198.51.100.10", 1000).dst(real, 8080).flags(TcpFlags.SYN);
            byte[] error = PacketBuilder.icmp4().src(real).dst("198.51.100.10").icmpError(3, 3, quoted).build();
            List<byte[]> out = e.send(error);
            assertEquals(1, out.size());
            assertEquals(List.of(), io.jvs.engine.forward.NaiveChecksums.problems(out.get(0)));
            ParsedPacket p = new ParsedPacket();
            PacketParser.parse(MemorySegment.ofArray(out.get(0)), 0, out.get(0).length, p);
            assertEquals("203.0.113.1", io.jvs.engine.service.IpAddress.ipv4(p.sourceAddressWord(0)).toString());
            assertEquals(80, p.embeddedDestinationPort());
            assertEquals(1, e.engine().counter(WorkerCounters.ICMP_TRANSLATED));
        }
    }

    @Test
    void shouldCountAndDropMalformedPacketsWithoutDisturbingEstablishedFlows() {
        try (EmbeddedEngine e = engine(web("rr"))) {
            String d = destinationOf(e.send(syn("198.51.100.10", 1000)));
            byte[] good = tcp("198.51.100.10", 1000, TcpFlags.ACK);
            for (int cut = 0; cut < good.length; cut++) {
                byte[] truncated = java.util.Arrays.copyOf(good, cut);
                if (cut > 0) {
                    assertEquals(0, e.send(truncated).size(), "truncated at " + cut);
                }
            }
            byte[] lying = good.clone();
            lying[16] = (byte) 0xFF; // IPv4 total length far beyond the frame
            assertEquals(0, e.send(lying).size());
            assertTrue(e.engine().counter(WorkerCounters.DROPPED) >= good.length - 1);
            assertEquals(d, destinationOf(e.send(good)), "the established flow still forwards");
        }
    }

    @Test
    void shouldApplyPerServiceTimeoutsAndEngineWideChanges() {
        ServiceSpec shortUdp = ServiceSpec.of(ServiceKey.udp("203.0.113.5", 53), "rr",
                DestinationSpec.nat("198.51.100.1", 53)).withTimeouts(TimeoutProfile.ipvs().withUdp(5_000_000_000L));
        ServiceSpec defaultUdp = ServiceSpec.of(ServiceKey.udp("203.0.113.6", 53), "rr",
                DestinationSpec.nat("198.51.100.2", 53));
        try (EmbeddedEngine e = engine(shortUdp, defaultUdp)) {
            e.send(PacketBuilder.udp4().src("198.51.100.10", 5000).dst("203.0.113.5", 53).build());
            e.send(PacketBuilder.udp4().src("198.51.100.10", 5001).dst("203.0.113.6", 53).build());
            e.advanceSeconds(6);
            assertEquals(List.of("EXPIRED 5000->198.51.100.1:53"), listener.events, "5 s for the first service only");
            e.engine().setTimeouts(TimeoutProfile.ipvs().withUdp(20_000_000_000L));
            e.runUntilIdle();
            e.send(PacketBuilder.udp4().src("198.51.100.10", 5001).dst("203.0.113.6", 53).build());
            e.advanceSeconds(21);
            assertEquals("EXPIRED 5001->198.51.100.2:53", listener.events.get(1), "ipvsadm --set udp 20");
        }
    }

    @Test
    void shouldAnswerTooBigForATunnelWhenDontFragmentIsSet() {
        ServiceSpec tunnel = ServiceSpec.of(ServiceKey.udp("203.0.113.7", 53), "rr", new DestinationSpec(
                io.jvs.engine.service.IpAddress.parse("198.51.100.9"), 0, 1, 0, 0,
                io.jvs.spi.ForwardingMethod.TUNNEL, io.jvs.spi.TunnelType.GUE));
        try (EmbeddedEngine e = engine(tunnel)) {
            byte[] big = PacketBuilder.udp4().src("198.51.100.10", 5000).dst("203.0.113.7", 53).dontFragment()
                    .payload(new byte[1500 - 28]).build();
            List<byte[]> out = e.send(big);
            assertEquals(1, out.size());
            assertEquals(List.of(), io.jvs.engine.forward.NaiveChecksums.problems(out.get(0)));
            ParsedPacket p = new ParsedPacket();
            PacketParser.parse(MemorySegment.ofArray(out.get(0)), 0, out.get(0).length, p);
            assertEquals(io.jvs.spi.IpProtocol.ICMP, p.protocol());
            assertEquals(3, p.icmpType(), "destination unreachable");
            assertEquals(4, p.icmpCode(), "fragmentation needed");
            assertEquals("198.51.100.10", io.jvs.engine.service.IpAddress.ipv4(p.destinationAddressWord(0)).toString());
            assertEquals("203.0.113.7", io.jvs.engine.service.IpAddress.ipv4(p.sourceAddressWord(0)).toString());
            int mtu = (out.get(0)[14 + 20 + 6] & 0xff) << 8 | (out.get(0)[14 + 20 + 7] & 0xff);
            assertEquals(1500 - 20 - 8 - 4, mtu, "MTU minus outer IPv4, UDP and GUE headers");
            assertEquals(1, e.engine().counter(WorkerCounters.TOO_BIG));
            byte[] small = PacketBuilder.udp4().src("198.51.100.10", 5000).dst("203.0.113.7", 53).dontFragment()
                    .payload(new byte[100]).build();
            assertEquals(1, e.send(small).size());
        }
    }
}
