package io.jvs.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.conn.TcpState;
import io.jvs.engine.conn.TimeoutProfile;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.spi.EvictionReason;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Eviction notifications for proxy connections, heard by an {@link io.jvs.spi.EvictionListener}
 * registered in the dispatcher, exactly as for the packet engine: one per connection, with the reason
 * that ended it.
 */
class EvictionNotificationTest {

    @Test
    void shouldNotifyClosedOnceWhenBothSidesEnd() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(ProxyFixture.tcpService("127.0.0.1", port, "rr", a));
            for (int i = 0; i < 3; i++) {
                try (Socket s = Clients.connect("127.0.0.1", port)) {
                    s.shutdownOutput();
                    assertEquals("a\nbye\n", Clients.readAll(s.getInputStream()));
                }
            }
            TcpProxyTest.waitFor(() -> f.listener.events.size() == 3);
            String dest = "127.0.0.1:" + a.port();
            // Both ends seen: the entry was in TIME_WAIT when the relay removed it.
            assertEquals(List.of("CLOSED TIME_WAIT " + dest, "CLOSED TIME_WAIT " + dest, "CLOSED TIME_WAIT " + dest),
                    f.listener.events);
            assertEquals(3, f.plane.evictions().count(EvictionReason.CLOSED));
        }
    }

    @Test
    void shouldExpireAnIdleConnectionAndCloseItsSockets() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            int port = ProxyFixture.freePort("127.0.0.1");
            TimeoutProfile shortIdle = TimeoutProfile.ipvs().withTcp(TcpState.ESTABLISHED, 300_000_000L).named("short");
            f.apply(ProxyFixture.tcpService("127.0.0.1", port, "rr", a).withTimeouts(shortIdle));
            try (Socket s = Clients.connect("127.0.0.1", port)) {
                assertEquals("a", Clients.readLine(s.getInputStream()));
                // Idle: after 300 ms the table expires the entry and the sink closes both sockets.
                assertEquals(null, Clients.readLine(s.getInputStream()));
            }
            TcpProxyTest.waitFor(() -> !f.listener.events.isEmpty());
            assertEquals(List.of("EXPIRED ESTABLISHED 127.0.0.1:" + a.port()), f.listener.events);
            TcpProxyTest.waitFor(() -> f.plane.openConnections() == 0);
            assertEquals(1, f.plane.counter(ProxyCounters.CLOSED_BY_TABLE));
        }
    }

    @Test
    void shouldFlushConnectionsOfADeletedServiceAndOfARemovedDestination() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            TestBackend b = f.backend("b");
            int port = ProxyFixture.freePort("127.0.0.1");
            int other = ProxyFixture.freePort("127.0.0.1");
            f.plane.tunables().setExpireNodestConn(true);
            ServiceSpec web = ProxyFixture.tcpService("127.0.0.1", port, "rr", a, b);
            ServiceSpec spare = ProxyFixture.tcpService("127.0.0.1", other, "rr", a);
            f.apply(web, spare);
            // Each greeting is read before the next connection opens: the loops schedule in accept order.
            try (Socket toA = Clients.connect("127.0.0.1", port)) {
                assertEquals("a", Clients.readLine(toA.getInputStream()));
                Socket toB = Clients.connect("127.0.0.1", port);
                assertEquals("b", Clients.readLine(toB.getInputStream()));
                Socket toSpare = Clients.connect("127.0.0.1", other);
                assertEquals("a", Clients.readLine(toSpare.getInputStream()));
                f.apply(ProxyFixture.tcpService("127.0.0.1", port, "rr", a), spare);
                assertEquals(null, Clients.readLine(toB.getInputStream()), "b's connection closed");
                f.apply(ProxyFixture.tcpService("127.0.0.1", port, "rr", a));
                assertEquals(null, Clients.readLine(toSpare.getInputStream()), "the deleted service's connection closed");
                toA.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
                assertEquals("x", new String(toA.getInputStream().readNBytes(1), StandardCharsets.US_ASCII));
                toB.close();
                toSpare.close();
            }
            TcpProxyTest.waitFor(() -> f.listener.events.size() >= 3);
            assertEquals(1, f.listener.count(EvictionReason.DEST_REMOVED));
            assertEquals(1, f.listener.count(EvictionReason.FLUSHED));
            assertTrue(f.listener.events.contains("DEST_REMOVED ESTABLISHED 127.0.0.1:" + b.port()), f.listener.events::toString);
        }
    }

    @Test
    void shouldNotifyEachRefusedAttemptAsRescheduled() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            int dead = ProxyFixture.freePort("127.0.0.1");
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(ServiceSpec.of(ServiceKey.tcp("127.0.0.1", port), "rr", DestinationSpec.nat("127.0.0.1", dead),
                    DestinationSpec.nat(a.host(), a.port())));
            try (Socket s = Clients.connect("127.0.0.1", port)) {
                assertEquals("a", Clients.readLine(s.getInputStream()));
            }
            TcpProxyTest.waitFor(() -> f.listener.events.size() == 2);
            assertEquals("RESCHEDULED SYN_RECV 127.0.0.1:" + dead, f.listener.events.get(0));
        }
    }
}
