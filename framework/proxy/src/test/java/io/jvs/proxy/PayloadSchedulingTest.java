package io.jvs.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Payload-aware scheduling through the proxy: the test scheduler {@code hash8} hashes the first 8
 * bytes of the stream; the expected destination is computed here with the same FNV-1a from the bytes
 * the client sends.
 */
class PayloadSchedulingTest {

    private static String expected(List<TestBackend> backends, byte[] hashed) {
        return backends.get(Integer.remainderUnsigned(PayloadHashScheduler.fnv1a(hashed, hashed.length),
                backends.size())).name;
    }

    @Test
    void shouldScheduleEachClientByTheHashOfItsFirstEightBytes() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            List<TestBackend> backends = List.of(f.backend("a"), f.backend("b"), f.backend("c"));
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(ProxyFixture.tcpService("127.0.0.1", port, "hash8", backends.toArray(new TestBackend[0])));
            Set<String> reached = new HashSet<>();
            for (int i = 0; i < 24; i++) {
                String session = String.format("sess%04d-and-more", i * 7919);
                byte[] bytes = session.getBytes(StandardCharsets.US_ASCII);
                try (Socket s = Clients.connect("127.0.0.1", port)) {
                    // Sent in two pieces: the proxy must wait for all 8 bytes before it chooses.
                    s.getOutputStream().write(bytes, 0, 3);
                    s.getOutputStream().flush();
                    Thread.sleep(2);
                    s.getOutputStream().write(bytes, 3, bytes.length - 3);
                    s.shutdownOutput();
                    InputStream in = s.getInputStream();
                    String name = Clients.readLine(in);
                    assertEquals(expected(backends, java.util.Arrays.copyOf(bytes, 8)), name, session);
                    assertEquals(session + "bye\n", Clients.readAll(in), "the peeked bytes reach the destination");
                    reached.add(name);
                }
            }
            assertEquals(3, reached.size(), "the hash spreads 24 sessions over all three");
        }
    }

    @Test
    void shouldCloseAndCountAClientThatSendsTooLittleTooSlowly() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(ProxyFixture.tcpService("127.0.0.1", port, "hash8", a));
            try (Socket s = Clients.connect("127.0.0.1", port)) {
                s.getOutputStream().write("abc".getBytes(StandardCharsets.US_ASCII));
                int r;
                try {
                    r = s.getInputStream().read();
                } catch (java.net.SocketException e) {
                    r = -1;
                }
                assertEquals(-1, r, "closed after the payload timeout, nothing relayed");
            }
            TcpProxyTest.waitFor(() -> f.plane.counter(ProxyCounters.PAYLOAD_TIMEOUTS) == 1);
            assertEquals(0, a.accepted.get(), "no destination was connected");
            TcpProxyTest.waitFor(() -> f.plane.openConnections() == 0);
        }
    }

    @Test
    void shouldScheduleAClientThatEndsItsStreamEarlyOnWhatItSent() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            List<TestBackend> backends = List.of(f.backend("a"), f.backend("b"), f.backend("c"));
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(ProxyFixture.tcpService("127.0.0.1", port, "hash8", backends.toArray(new TestBackend[0])));
            byte[] three = "xyz".getBytes(StandardCharsets.US_ASCII);
            try (Socket s = Clients.connect("127.0.0.1", port)) {
                s.getOutputStream().write(three);
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                assertEquals(expected(backends, three), Clients.readLine(in));
                assertEquals("xyzbye\n", Clients.readAll(in));
            }
            assertEquals(1, f.plane.counter(ProxyCounters.PAYLOAD_SHORT));
            TcpProxyTest.waitFor(() -> f.plane.counter(ProxyCounters.CLOSED_NORMALLY) == 1);
        }
    }

    @Test
    void shouldScheduleAsSoonAsTheSchedulerSaysTheFirstLineIsEnough() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            List<TestBackend> backends = List.of(f.backend("a"), f.backend("b"), f.backend("c"));
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(ProxyFixture.tcpService("127.0.0.1", port, "line64", backends.toArray(new TestBackend[0])));
            Set<String> reached = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                String line = "session-" + i * 7919;
                byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
                try (Socket s = Clients.connect("127.0.0.1", port)) {
                    // Far fewer than 64 bytes, in two pieces, and the stream stays open: only the
                    // scheduler's payloadSufficient at the newline lets the proxy choose before the
                    // 400 ms payload timeout closes the client.
                    s.getOutputStream().write(bytes);
                    s.getOutputStream().flush();
                    Thread.sleep(2);
                    s.getOutputStream().write('\n');
                    s.getOutputStream().flush();
                    InputStream in = s.getInputStream();
                    String name = Clients.readLine(in);
                    assertEquals(expected(backends, bytes), name, line);
                    assertEquals(line, Clients.readLine(in), "the peeked line reaches the destination");
                    reached.add(name);
                    s.shutdownOutput();
                    assertEquals("bye\n", Clients.readAll(in));
                }
            }
            assertEquals(12, f.plane.counter(ProxyCounters.PAYLOAD_EARLY));
            assertEquals(0, f.plane.counter(ProxyCounters.PAYLOAD_TIMEOUTS));
            assertEquals(3, reached.size(), "the hash spreads 12 lines over all three");
        }
    }
}
