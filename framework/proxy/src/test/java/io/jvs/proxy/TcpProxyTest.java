package io.jvs.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.Persistence;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.worker.WorkerCounters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** TCP through the proxy over loopback: distribution, persistence, retries, half-close, limits, IPv6. */
class TcpProxyTest {

    @Test
    void shouldSpreadConnectionsRoundRobinOverTheDestinations() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            TestBackend b = f.backend("b");
            TestBackend c = f.backend("c");
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(ProxyFixture.tcpService("127.0.0.1", port, "rr", a, b, c));
            Map<String, Integer> seen = new TreeMap<>();
            for (int i = 0; i < 30; i++) {
                seen.merge(Clients.nameOf("127.0.0.1", port), 1, Integer::sum);
            }
            assertEquals(Map.of("a", 10, "b", 10, "c", 10), seen);
            assertEquals(30, f.plane.workerCounter(WorkerCounters.NEW_CONNECTIONS));
        }
    }

    @Test
    void shouldSendAPersistentClientToOneDestination() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            TestBackend b = f.backend("b");
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(ProxyFixture.tcpService("127.0.0.1", port, "rr", a, b).withPersistence(new Persistence(300, 32)));
            String first = Clients.nameOf("127.0.0.1", port);
            for (int i = 0; i < 10; i++) {
                assertEquals(first, Clients.nameOf("127.0.0.1", port));
            }
            assertTrue(f.plane.workerCounter(WorkerCounters.PERSISTENCE_HITS) >= 9);
        }
    }

    @Test
    void shouldRelayBothWaysAndPassAHalfCloseOn() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(ProxyFixture.tcpService("127.0.0.1", port, "rr", a));
            try (Socket s = Clients.connect("127.0.0.1", port)) {
                s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                // The destination writes "bye" only after it has seen the client's end of stream.
                assertEquals("a\nhellobye\n", Clients.readAll(s.getInputStream()));
            }
            waitFor(() -> f.plane.openConnections() == 0);
            assertEquals(1, f.plane.counter(ProxyCounters.CLOSED_NORMALLY));
            assertEquals(5, f.plane.counter(ProxyCounters.BYTES_TO_DESTINATIONS));
            assertEquals("a\nhellobye\n".length(), f.plane.counter(ProxyCounters.BYTES_TO_CLIENTS));
        }
    }

    @Test
    void shouldCarryEightMegabytesIntactThroughSmallBuffers() throws Exception {
        try (ProxyFixture f = new ProxyFixture(ProxyFixture.TEST_SETTINGS.withBufferBytes(1024))) {
            TestBackend a = f.backend("a");
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(ProxyFixture.tcpService("127.0.0.1", port, "rr", a));
            byte[] payload = new byte[8 << 20];
            new java.util.Random(7).nextBytes(payload);
            try (Socket s = new Socket()) {
                // A small window and a reader that starts late: the proxy must hold bytes back.
                s.setReceiveBufferSize(8192);
                s.setSoTimeout(Clients.READ_TIMEOUT_MILLIS);
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port));
                CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> {
                    try {
                        Thread.sleep(300);
                        InputStream in = s.getInputStream();
                        assertEquals("a", Clients.readLine(in));
                        return in.readNBytes(payload.length);
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                OutputStream out = s.getOutputStream();
                for (int off = 0; off < payload.length; off += 65536) {
                    out.write(payload, off, 65536);
                }
                byte[] back = echoed.get(60, TimeUnit.SECONDS);
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                assertArrayEquals(sha.digest(payload), MessageDigest.getInstance("SHA-256").digest(back));
            }
            assertTrue(f.plane.counter(ProxyCounters.BACKPRESSURE) > 0, "a 1 KiB buffer had to hold bytes back");
        }
    }

    @Test
    void shouldRetryAnotherDestinationWhenOneRefusesAndNeverHangAClient() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            TestBackend b = f.backend("b");
            TestBackend c = f.backend("c");
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(ProxyFixture.tcpService("127.0.0.1", port, "rr", a, b, c));
            assertEquals("a", Clients.nameOf("127.0.0.1", port));
            b.close();
            Map<String, Integer> seen = new TreeMap<>();
            for (int i = 0; i < 20; i++) {
                try {
                    seen.merge(Clients.nameOf("127.0.0.1", port), 1, Integer::sum);
                } catch (IOException e) {
                    throw new AssertionError("client " + i + ": " + e + "; " + f.plane.counters() + " " + f.listener.events, e);
                }
            }
            assertEquals(20, seen.values().stream().mapToInt(Integer::intValue).sum());
            assertEquals(java.util.Set.of("a", "c"), seen.keySet(), "every client reached a live destination");
            assertTrue(f.plane.counter(ProxyCounters.CONNECT_FAILURES) >= 6, "b was tried in its turns");
            assertEquals(f.plane.counter(ProxyCounters.CONNECT_FAILURES), f.plane.counter(ProxyCounters.CONNECT_RETRIES));
            assertEquals(f.plane.counter(ProxyCounters.CONNECT_FAILURES) + f.plane.counter(ProxyCounters.RETRY_SKIPS),
                    f.listener.count(io.jvs.spi.EvictionReason.RESCHEDULED));
        }
    }

    @Test
    void shouldMoveNewConnectionsAwayFromADestinationKilledUnderLoadWithoutHangingAnyClient() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            TestBackend b = f.backend("b");
            TestBackend c = f.backend("c");
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(ProxyFixture.tcpService("127.0.0.1", port, "rr", a, b, c));
            java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            java.util.Queue<String> afterKill = new java.util.concurrent.ConcurrentLinkedQueue<>();
            java.util.Queue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                for (int t = 0; t < 8; t++) {
                    pool.submit(() -> {
                        for (int i = 0; i < 60; i++) {
                            boolean startedAfterKill = killed.get();
                            try (Socket s = Clients.connect("127.0.0.1", port)) {
                                s.getOutputStream().write("q".getBytes(StandardCharsets.US_ASCII));
                                s.shutdownOutput();
                                String all = Clients.readAll(s.getInputStream());
                                if (startedAfterKill) {
                                    afterKill.add(all);
                                }
                            } catch (java.net.SocketTimeoutException e) {
                                failures.add("hung: " + e);
                            } catch (IOException e) {
                                if (startedAfterKill) {
                                    failures.add("after the kill: " + e);
                                }
                            }
                            done.incrementAndGet();
                        }
                        return null;
                    });
                }
                waitFor(() -> done.get() >= 120);
                b.close();
                killed.set(true);
            }
            assertEquals(java.util.List.of(), java.util.List.copyOf(failures),
                    () -> "no client hung or failed after the kill; " + f.plane.counters());
            assertTrue(afterKill.size() > 100, "connections started after the kill: " + afterKill.size());
            for (String reply : afterKill) {
                assertTrue(reply.equals("a\nqbye\n") || reply.equals("c\nqbye\n"), reply);
            }
            assertTrue(f.plane.counter(ProxyCounters.CONNECT_FAILURES) > 0);
            assertEquals(0, f.plane.counter(ProxyCounters.CONNECT_GIVE_UPS));
        }
    }

    @Test
    void shouldCloseTheClientWhenNoDestinationAnswers() throws Exception {
        try (ProxyFixture f = new ProxyFixture(ProxyFixture.TEST_SETTINGS.withConnectRetries(2))) {
            int dead1 = ProxyFixture.freePort("127.0.0.1");
            int dead2 = ProxyFixture.freePort("127.0.0.1");
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(ServiceSpec.of(ServiceKey.tcp("127.0.0.1", port), "rr", DestinationSpec.nat("127.0.0.1", dead1),
                    DestinationSpec.nat("127.0.0.1", dead2)));
            // Refusals on loopback are immediate: the reset may even beat the client's connect call.
            assertThrows(IOException.class, () -> {
                try (Socket s = Clients.connect("127.0.0.1", port)) {
                    if (s.getInputStream().read() < 0) {
                        throw new IOException("closed");
                    }
                }
            });
            waitFor(() -> f.plane.counter(ProxyCounters.CONNECT_GIVE_UPS) == 1);
            assertEquals(3, f.plane.counter(ProxyCounters.CONNECT_FAILURES), "first attempt and two retries");
            waitFor(() -> f.plane.openConnections() == 0);
        }
    }

    @Test
    void shouldRelayOverIpv6() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("six", "::1");
            int port = ProxyFixture.freePort("::1");
            f.apply(ProxyFixture.tcpService("::1", port, "rr", a));
            try (Socket s = Clients.connect("::1", port)) {
                s.getOutputStream().write("v6".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                assertEquals("six\nv6bye\n", Clients.readAll(s.getInputStream()));
            }
        }
    }

    @Test
    void shouldOpenAndCloseListenersAsServicesComeAndGo() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            int port1 = ProxyFixture.freePort("127.0.0.1");
            int port2 = ProxyFixture.freePort("127.0.0.1");
            ServiceSpec one = ProxyFixture.tcpService("127.0.0.1", port1, "rr", a);
            ServiceSpec two = ProxyFixture.tcpService("127.0.0.1", port2, "rr", a);
            f.apply(one);
            assertEquals("a", Clients.nameOf("127.0.0.1", port1));
            assertThrows(ConnectException.class, () -> Clients.nameOf("127.0.0.1", port2));
            f.apply(one, two);
            assertEquals("a", Clients.nameOf("127.0.0.1", port2));
            f.apply(two);
            assertThrows(ConnectException.class, () -> Clients.nameOf("127.0.0.1", port1));
            assertEquals("a", Clients.nameOf("127.0.0.1", port2));
            assertEquals(java.util.List.of(ServiceKey.tcp("127.0.0.1", port2)), f.plane.listeningServices());
        }
    }

    @Test
    void shouldRefuseClientsBeyondTheServiceConnectionLimit() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            int port = ProxyFixture.freePort("127.0.0.1");
            ServiceKey key = ServiceKey.tcp("127.0.0.1", port);
            f.plane.setServiceOptions(key, ServiceOptions.DEFAULT.withConnectionLimit(2));
            f.apply(ProxyFixture.tcpService("127.0.0.1", port, "rr", a));
            try (Socket s1 = Clients.connect("127.0.0.1", port); Socket s2 = Clients.connect("127.0.0.1", port)) {
                assertEquals("a", Clients.readLine(s1.getInputStream()));
                assertEquals("a", Clients.readLine(s2.getInputStream()));
                try (Socket s3 = Clients.connect("127.0.0.1", port)) {
                    assertEquals(-1, s3.getInputStream().read(), "the third client is closed at once");
                }
                assertEquals(1, f.plane.counter(ProxyCounters.LIMIT_REFUSED));
                assertEquals(2, f.plane.openConnections(key));
            }
            waitFor(() -> f.plane.openConnections(key) == 0);
            assertEquals("a", Clients.nameOf("127.0.0.1", port));
        }
    }

    @Test
    void shouldLetOpenConnectionsFinishWhileDraining() throws Exception {
        ProxyFixture f = new ProxyFixture();
        try {
            TestBackend a = f.backend("a");
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(ProxyFixture.tcpService("127.0.0.1", port, "rr", a));
            try (Socket s = Clients.connect("127.0.0.1", port)) {
                assertEquals("a", Clients.readLine(s.getInputStream()));
                CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> f.plane.close(5_000_000_000L));
                waitFor(() -> f.plane.listeningServices().isEmpty());
                assertThrows(ConnectException.class, () -> Clients.nameOf("127.0.0.1", port));
                s.getOutputStream().write("late".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                assertEquals("latebye\n", Clients.readAll(s.getInputStream()), "the open connection still relays");
                closing.get(10, TimeUnit.SECONDS);
            }
            assertEquals(1, f.plane.counter(ProxyCounters.CLOSED_NORMALLY));
        } finally {
            f.close();
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 10 s");
            }
            Thread.sleep(5);
        }
    }
}
