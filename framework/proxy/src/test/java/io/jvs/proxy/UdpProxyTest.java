package io.jvs.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.EvictionReason;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** UDP through the proxy over loopback: sessions, distribution, replies from the virtual address, expiry, PROXY v2. */
class UdpProxyTest {

    private static String ask(DatagramSocket client, int port, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        client.send(new DatagramPacket(b, b.length, new InetSocketAddress("127.0.0.1", port)));
        DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
        client.receive(p);
        assertEquals(new InetSocketAddress("127.0.0.1", port), p.getSocketAddress(), "the reply comes from the VIP");
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
    }

    private static DatagramSocket client() throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        s.setSoTimeout(Clients.READ_TIMEOUT_MILLIS);
        return s;
    }

    @Test
    void shouldKeepEachClientInOneSessionAndSpreadSessionsRoundRobin() throws Exception {
        try (ProxyFixture f = new ProxyFixture(); UdpBackend a = new UdpBackend("a"); UdpBackend b = new UdpBackend("b")) {
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(ServiceSpec.of(ServiceKey.udp("127.0.0.1", port), "rr", DestinationSpec.nat("127.0.0.1", a.port()),
                    DestinationSpec.nat("127.0.0.1", b.port())));
            Map<String, Integer> sessions = new TreeMap<>();
            for (int c = 0; c < 8; c++) {
                try (DatagramSocket client = client()) {
                    String first = ask(client, port, "hello" + c);
                    String name = first.substring(0, first.indexOf(':'));
                    assertEquals(name + ":hello" + c, first);
                    for (int i = 0; i < 3; i++) {
                        assertEquals(name + ":again" + i, ask(client, port, "again" + i), "same session, same destination");
                    }
                    sessions.merge(name, 1, Integer::sum);
                }
            }
            assertEquals(Map.of("a", 4, "b", 4), sessions);
            assertEquals(8, f.plane.counter(ProxyCounters.SESSIONS));
            assertEquals(8, f.plane.workerCounter(WorkerCounters.NEW_CONNECTIONS));
            assertEquals(32, f.plane.counter(ProxyCounters.DATAGRAMS_IN));
            TcpProxyTest.waitFor(() -> f.plane.counter(ProxyCounters.DATAGRAMS_OUT) == 32);
            assertEquals(8, f.plane.openSessions());
        }
    }

    @Test
    void shouldKeepAPersistentClientOnOneDestinationFromEveryPort() throws Exception {
        try (ProxyFixture f = new ProxyFixture(); UdpBackend a = new UdpBackend("a"); UdpBackend b = new UdpBackend("b")) {
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(ServiceSpec.of(ServiceKey.udp("127.0.0.1", port), "rr", DestinationSpec.nat("127.0.0.1", a.port()),
                    DestinationSpec.nat("127.0.0.1", b.port())).withPersistence(new io.jvs.engine.service.Persistence(300, 32)));
            java.util.Set<String> names = new java.util.HashSet<>();
            for (int c = 0; c < 6; c++) {
                try (DatagramSocket client = client()) {
                    String answer = ask(client, port, "p" + c);
                    names.add(answer.substring(0, answer.indexOf(':')));
                }
            }
            assertEquals(1, names.size(), "one template for the client's address: " + names);
            assertEquals(5, f.plane.workerCounter(WorkerCounters.PERSISTENCE_HITS));
        }
    }

    @Test
    void shouldRefuseProxyProtocolVersionOneForUdp() {
        try (ProxyFixture f = new ProxyFixture()) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> f.plane.setServiceOptions(ServiceKey.udp("127.0.0.1", 5353),
                            ServiceOptions.DEFAULT.withProxyProtocol(ProxyProtocolVersion.V1)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldExpireAnIdleSessionAndCloseItsSocket() throws Exception {
        try (ProxyFixture f = new ProxyFixture(); UdpBackend a = new UdpBackend("a")) {
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(ServiceSpec.of(ServiceKey.udp("127.0.0.1", port), "rr", DestinationSpec.nat("127.0.0.1", a.port()))
                    .withTimeouts(io.jvs.engine.conn.TimeoutProfile.ipvs().withUdp(300_000_000L).named("short-udp")));
            try (DatagramSocket client = client()) {
                assertEquals("a:ping", ask(client, port, "ping"));
                TcpProxyTest.waitFor(() -> f.plane.openSessions() == 0);
                assertEquals(java.util.List.of("EXPIRED UDP 127.0.0.1:" + a.port()), f.listener.events);
                assertEquals("a:pong", ask(client, port, "pong"), "a new session after expiry");
            }
            assertEquals(2, f.plane.counter(ProxyCounters.SESSIONS));
            assertEquals(1, f.plane.evictions().count(EvictionReason.EXPIRED));
        }
    }

    @Test
    void shouldPrefixEveryDatagramWithAProxyProtocolV2Header() throws Exception {
        try (ProxyFixture f = new ProxyFixture(); UdpBackend a = new UdpBackend("a")) {
            int port = ProxyFixture.freePort("127.0.0.1");
            ServiceKey key = ServiceKey.udp("127.0.0.1", port);
            f.plane.setServiceOptions(key, ServiceOptions.DEFAULT.withProxyProtocol(ProxyProtocolVersion.V2));
            f.apply(ServiceSpec.of(key, "rr", DestinationSpec.nat("127.0.0.1", a.port())));
            try (DatagramSocket client = client()) {
                ask(client, port, "one");
                ask(client, port, "two");
                int clientPort = client.getLocalPort();
                ByteBuffer header = ByteBuffer.allocate(28);
                header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
                header.put((byte) 0x21).put((byte) 0x12).putShort((short) 12);
                header.put(InetAddress.getByName("127.0.0.1").getAddress()).put(InetAddress.getByName("127.0.0.1").getAddress());
                header.putShort((short) clientPort).putShort((short) port);
                for (int i = 0; i < 2; i++) {
                    byte[] got = a.received().get(i);
                    assertArrayEquals(header.array(), Arrays.copyOf(got, 28));
                    assertEquals(i == 0 ? "one" : "two", new String(got, 28, got.length - 28, StandardCharsets.US_ASCII));
                }
            }
        }
    }
}
