package io.jvs.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code http-method} on the proxy without the server: {@link ClassPathSchedulers} creates its inner
 * schedulers, the proxy schedules at the end of the request line (the client keeps its stream
 * open), and a stream that is not HTTP is reset.
 */
class HttpMethodThroughProxyTest {

    private static ServiceSpec classified(int port, String rules, TestBackend... backends) {
        List<DestinationSpec> dests = new ArrayList<>();
        for (TestBackend b : backends) {
            dests.add(DestinationSpec.nat(b.host(), b.port()));
        }
        return new ServiceSpec(ServiceKey.tcp("127.0.0.1", port), "http-method", Map.of(
                "pools", "reads=127.0.0.1:" + backends[0].port() + ",127.0.0.1:" + backends[1].port()
                        + "; writes=127.0.0.1:" + backends[2].port(),
                "rules", rules, "default-pool", "writes:rr", "non-http", "reset"), null, dests);
    }

    private static String firstAnswer(int port, String requestLine) throws Exception {
        try (Socket s = Clients.connect("127.0.0.1", port)) {
            s.getOutputStream().write((requestLine + "\r\nHost: x\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            String name = Clients.readLine(in);
            assertEquals(requestLine + "\r", Clients.readLine(in), "the peeked bytes reach the destination first");
            return name;
        }
    }

    @Test
    void shouldClassifyAtTheEndOfTheRequestLineAndResetWhatIsNotHttp() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            TestBackend b = f.backend("b");
            TestBackend c = f.backend("c");
            int port = ProxyFixture.freePort("127.0.0.1");
            f.apply(classified(port, "method=GET|HEAD -> reads:rr; method=POST|PUT|DELETE -> writes:lc", a, b, c));
            List<String> reads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                reads.add(firstAnswer(port, (i % 2 == 0 ? "GET" : "HEAD") + " /x HTTP/1.1"));
            }
            assertEquals(2, reads.stream().filter("a"::equals).count(), reads.toString());
            assertEquals(2, reads.stream().filter("b"::equals).count(), reads.toString());
            assertEquals("c", firstAnswer(port, "POST /x HTTP/1.1"));
            assertEquals("c", firstAnswer(port, "DELETE /x HTTP/1.1"));
            assertEquals(6, f.plane.counter(ProxyCounters.PAYLOAD_EARLY), "none waited for 2048 bytes");

            try (Socket s = Clients.connect("127.0.0.1", port)) {
                s.getOutputStream().write("\u0016\u0003\u0001".getBytes(StandardCharsets.ISO_8859_1));
                int r;
                try {
                    r = s.getInputStream().read();
                } catch (SocketException e) {
                    r = -1;
                }
                assertEquals(-1, r, "reset");
            }
            TcpProxyTest.waitFor(() -> f.plane.counter(ProxyCounters.NOT_SCHEDULED) == 1);
            assertEquals(0, f.plane.counter(ProxyCounters.PAYLOAD_TIMEOUTS));
            assertEquals(6, a.accepted.get() + b.accepted.get() + c.accepted.get());
        }
    }

    @Test
    void shouldRefuseAnUnknownInnerSchedulerNamingTheRule() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            TestBackend a = f.backend("a");
            TestBackend b = f.backend("b");
            TestBackend c = f.backend("c");
            int port = ProxyFixture.freePort("127.0.0.1");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.apply(classified(port, "method=GET -> reads:wxc", a, b, c)));
            assertTrue(e.getMessage().contains("rules[0].scheduler: unknown scheduler 'wxc', installed: "),
                    e.getMessage());
        }
    }
}
