package io.jvs.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.conn.TimeoutProfile;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.plugins.offsethash.OffsetHashSchedulerFactory;
import io.jvs.spi.ConnectionView;
import io.jvs.spi.EvictionListener;
import io.jvs.spi.EvictionReason;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The offset-hash issue's stale-entry scenario with real UDP sockets through the proxy data plane:
 * a client that moves to another port keeps its session's destination and its old entry is evicted
 * at once (REPLACED); another client that takes over the old port with another session is sent by its
 * own session id, never to the first client's destination. Backends record the session ids they get.
 */
class OffsetHashSessionMoveTest {

    /** Records the client port and reason of every eviction, as a listener plugin would. */
    static final class Evictions implements EvictionListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEviction(ConnectionView c, EvictionReason reason, long nowNanos) {
            events.add(reason + " " + c.clientPort());
        }
    }

    private static byte[] session(long id) {
        return ByteBuffer.allocate(16).putLong(id).putLong(0x7061796C6F6164L).array();
    }

    /** Sends one datagram and returns the name of the backend that answered. */
    private static String ask(DatagramSocket client, int port, byte[] payload) throws Exception {
        client.send(new DatagramPacket(payload, payload.length, new InetSocketAddress("127.0.0.1", port)));
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        client.receive(p);
        String answer = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
        return answer.substring(0, answer.indexOf(':'));
    }

    private static DatagramSocket socket(int port) throws Exception {
        DatagramSocket s = new DatagramSocket(null);
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", port));
        s.setSoTimeout(Clients.READ_TIMEOUT_MILLIS);
        return s;
    }

    private static boolean received(UdpBackend backend, byte[] sessionPayload) {
        return backend.received().stream().anyMatch(b -> Arrays.equals(b, sessionPayload));
    }

    @Test
    void shouldFollowAMovedSessionAndNeverSendAnotherSessionOnTheOldTupleToItsDestination() throws Exception {
        ProxySettings settings = ProxyFixture.TEST_SETTINGS.withEventLoops(1);
        ClassPathSchedulers schedulers = new ClassPathSchedulers(List.of(new OffsetHashSchedulerFactory()), 1);
        Evictions evictions = new Evictions();
        try (UdpBackend a = new UdpBackend("a"); UdpBackend b = new UdpBackend("b"); UdpBackend c = new UdpBackend("c")) {
            ProxyDataPlane plane = ProxyDataPlane.create(settings, schedulers);
            try {
                plane.evictions().setListeners(List.of(evictions));
                plane.start();
                plane.setTimeouts(TimeoutProfile.ipvs().withUdp(3_600_000_000_000L)); // nothing relies on expiry
                int vip = ProxyFixture.freePort("127.0.0.1");
                plane.services().apply(List.of(new ServiceSpec(ServiceKey.udp("127.0.0.1", vip), "offh",
                        Map.of("offset", "0", "offlen", "8"), null, List.of(DestinationSpec.nat("127.0.0.1", a.port()),
                                DestinationSpec.nat("127.0.0.1", b.port()), DestinationSpec.nat("127.0.0.1", c.port())))));
                UdpBackend[] backends = {a, b, c};

                // (a) client A at tuple T1 with session S1.
                byte[] s1 = session(0x5151_5151_0000_0001L);
                DatagramSocket t1 = socket(0);
                int t1Port = t1.getLocalPort();
                String dS1 = ask(t1, vip, s1);

                // Find a session S2 that another destination serves (probing from other tuples).
                byte[] s2 = null;
                String dS2 = null;
                for (long id = 2; dS2 == null || dS2.equals(dS1); id++) {
                    s2 = session(0x5252_5252_0000_0000L + id);
                    try (DatagramSocket probe = socket(0)) {
                        dS2 = ask(probe, vip, s2);
                    }
                    assertTrue(id < 64, "no session id found on another destination");
                }
                evictions.events.clear();

                // (b) A moves to T2 with S1: same destination, T1's entry evicted at once with REPLACED.
                try (DatagramSocket t2 = socket(0)) {
                    assertEquals(dS1, ask(t2, vip, s1));
                    TcpProxyTest.waitFor(() -> evictions.events.contains("REPLACED " + t1Port));
                    assertEquals(List.of("REPLACED " + t1Port), evictions.events);

                    // (c) client B takes over T1 with session S2: its own session's destination, never A's.
                    t1.close();
                    try (DatagramSocket takeover = socket(t1Port)) {
                        String b1 = ask(takeover, vip, s2);
                        assertEquals(dS2, b1);
                        assertNotEquals(dS1, b1);
                    }
                }
                for (UdpBackend backend : backends) {
                    boolean isS1 = backend.name.equals(dS1);
                    assertEquals(isS1, received(backend, s1), backend.name + " and session S1");
                    if (isS1) {
                        assertTrue(!received(backend, s2), "A's destination never got B's session");
                    }
                }
            } finally {
                plane.close(0);
            }
        }
    }

    @Test
    void shouldScheduleTcpByPeekingTheSessionIdWhenTcpIsAllowed() throws Exception {
        ClassPathSchedulers schedulers = new ClassPathSchedulers(List.of(new OffsetHashSchedulerFactory()), 2);
        ProxyDataPlane plane = ProxyDataPlane.create(ProxyFixture.TEST_SETTINGS, schedulers);
        try (TestBackend a = new TestBackend("a", "127.0.0.1"); TestBackend b = new TestBackend("b", "127.0.0.1");
                TestBackend c = new TestBackend("c", "127.0.0.1")) {
            plane.start();
            int vip = ProxyFixture.freePort("127.0.0.1");
            plane.services().apply(List.of(new ServiceSpec(ServiceKey.tcp("127.0.0.1", vip), "offh",
                    Map.of("offset", "4", "offlen", "8", "allow-tcp", "true"), null, List.of(
                            DestinationSpec.nat("127.0.0.1", a.port()), DestinationSpec.nat("127.0.0.1", b.port()),
                            DestinationSpec.nat("127.0.0.1", c.port())))));
            java.util.Map<String, String> destinationOfSession = new java.util.HashMap<>();
            java.util.Set<String> reached = new java.util.HashSet<>();
            for (int i = 0; i < 30; i++) {
                String session = String.format("%08d", i % 10);
                byte[] bytes = ("HDR:" + session + ":tail").getBytes(StandardCharsets.US_ASCII);
                try (java.net.Socket s = Clients.connect("127.0.0.1", vip)) {
                    s.getOutputStream().write(bytes);
                    s.shutdownOutput();
                    String name = Clients.readLine(s.getInputStream());
                    String before = destinationOfSession.putIfAbsent(session, name);
                    if (before != null) {
                        assertEquals(before, name, "session " + session + " meets the same destination");
                    }
                    reached.add(name);
                }
            }
            assertTrue(reached.size() >= 2, "ten sessions spread: " + reached);
        } finally {
            plane.close(0);
        }
    }
}
