package io.jvs.engine.synproxy;

import static io.jvs.engine.synproxy.TcpSegment.address;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.ForwardingMethod;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven delayed-binding exchanges through the embedded engine, for NAT and FULLNAT over IPv4
 * and IPv6: the client's handshake with jvs (SYN cookie), its first data, the real server's handshake,
 * data both ways with exact sequence, acknowledgment, SACK, timestamp and window values, and FIN. Every
 * frame's checksums are recomputed from scratch.
 */
class SynProxyExchangeTest {

    static final long CLIENT_ISN = 1000;
    static final long SERVER_ISN = 500_000;
    static final int CLIENT_TS = 7_000;
    static final int SERVER_TS = 90_000;
    static final String REQUEST = "GET /index.html HTTP/1.1\r\nHost: example\r\n\r\n";
    static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    record Row(String description, int family, ForwardingMethod method) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(new Row("IPv4 NAT", 4, ForwardingMethod.NAT),
                new Row("IPv4 FULLNAT", 4, ForwardingMethod.FULLNAT),
                new Row("IPv6 NAT", 6, ForwardingMethod.NAT),
                new Row("IPv6 FULLNAT", 6, ForwardingMethod.FULLNAT));
    }

    /** The TSval jvs's SYN-ACK carries at the embedded engine's start (1 s): ms with the options in the low 6 bits. */
    static long cookieTsval(int windowScale, boolean sack) {
        long millis = 1000;
        long ts = (millis & ~63L) | windowScale | (sack ? 16 : 0);
        return ts > millis ? ts - 64 : ts;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void shouldBindOnTheFirstRequestLineAndTranslateBothWays(Row row) {
        try (SynProxyFixture x = new SynProxyFixture(row.family, row.method, SynProxyFixture.PAYLOAD_SCHEDULER, false)) {
            // 1. SYN: answered by jvs with a cookie, no state.
            List<TcpSegment> out = x.send(x.fromClient(TcpFlags.SYN, CLIENT_ISN, 0).window(64240).mss(1460)
                    .sackPermitted().timestamps(CLIENT_TS, 0).windowScale(8));
            assertEquals(1, out.size());
            TcpSegment synAck = out.get(0);
            assertEquals(address(x.vip), synAck.source());
            assertEquals(address(x.client), synAck.destination());
            assertEquals(80, synAck.sourcePort());
            assertEquals(SynProxyFixture.CLIENT_PORT, synAck.destinationPort());
            assertEquals(TcpFlags.SYN | TcpFlags.ACK, synAck.flags());
            assertEquals(CLIENT_ISN + 1, synAck.ack());
            assertEquals(row.family == 4 ? 1460 : 1440, synAck.mss(), "MSS of the forwarding MTU");
            assertEquals(SynProxySettings.DEFAULT_WINDOW_SCALE, synAck.windowScale());
            assertTrue(synAck.sackPermitted());
            assertTrue(synAck.timestamps());
            assertEquals(cookieTsval(8, true), synAck.tsval(), "Linux cookie timestamp: wscale 8, SACK");
            assertEquals(CLIENT_TS, synAck.tsecr());
            assertEquals(SynProxySettings.DEFAULT_BUFFER_BYTES, synAck.window());
            assertEquals(SynProxyFixture.OWN_MAC, synAck.sourceMac());
            assertEquals(SynProxyFixture.GATEWAY_MAC, synAck.destinationMac());
            long cookie = synAck.seq();
            int family = row.family == 4 ? AddressFamily.IPV4 : AddressFamily.IPV6;
            SynCookies reference = new SynCookies(SynProxyFixture.KEY.high(), SynProxyFixture.KEY.low());
            int[] c = words(x.client);
            int[] v = words(x.vip);
            assertEquals(SynCookies.mssIndex(family, 1460), reference.check(family, c[0], c[1], c[2], c[3], v[0], v[1],
                    v[2], v[3], SynProxyFixture.CLIENT_PORT, 80, (int) CLIENT_ISN, (int) cookie, x.engine.nowNanos()));
            assertEquals(0, x.tableSize());
            assertEquals(0, x.sessions());

            // 2. The handshake's ACK: validated, a session, nothing sent.
            long ourTs = synAck.tsval();
            assertEquals(List.of(), x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, cookie + 1)
                    .timestamps(CLIENT_TS + 1, (int) ourTs)));
            assertEquals(1, x.sessions());
            assertEquals(0, x.tableSize());

            // 3. The request in two segments: the first has no CRLF yet, the second completes the line.
            String head = "GET /ind";
            assertEquals(List.of(), x.send(x.fromClient(TcpFlags.ACK | TcpFlags.PSH, CLIENT_ISN + 1, cookie + 1)
                    .timestamps(CLIENT_TS + 2, (int) ourTs).payload(head)));
            out = x.send(x.fromClient(TcpFlags.ACK | TcpFlags.PSH, CLIENT_ISN + 1 + head.length(), cookie + 1)
                    .timestamps(CLIENT_TS + 3, (int) ourTs).payload(REQUEST.substring(head.length())));
            assertEquals(1, out.size(), "the SYN to the real server");
            TcpSegment syn = out.get(0);
            assertEquals(address(x.clientAsSeenByReal()), syn.source());
            assertEquals(x.clientPortAsSeenByReal(), syn.sourcePort());
            assertEquals(address(x.real[0]), syn.destination(), "'G' picks server 0");
            assertEquals(8080, syn.destinationPort());
            assertEquals(TcpFlags.SYN, syn.flags());
            assertEquals(CLIENT_ISN, syn.seq(), "the client's own ISN");
            assertEquals(row.family == 4 ? 1460 : 1440, syn.mss(), "the client's MSS from the cookie table");
            assertEquals(8, syn.windowScale());
            assertTrue(syn.sackPermitted());
            assertEquals(CLIENT_TS + 3, syn.tsval());
            assertEquals(0, syn.tsecr());
            assertEquals(Math.min(65535, 502 << 8), syn.window());
            assertEquals(63, syn.ttl());
            assertEquals(SynProxyFixture.REAL0_MAC, syn.destinationMac());
            assertEquals(1, x.tableSize());
            assertEquals(1, x.sessions());

            // 4. The server's SYN-ACK: jvs acknowledges it with the buffered request.
            out = x.send(x.fromReal(0, TcpFlags.SYN | TcpFlags.ACK, SERVER_ISN, CLIENT_ISN + 1).mss(1400)
                    .sackPermitted().timestamps(SERVER_TS, CLIENT_TS + 3).windowScale(6));
            assertEquals(1, out.size(), "one segment: ACK with the whole request");
            TcpSegment replay = out.get(0);
            assertEquals(address(x.clientAsSeenByReal()), replay.source());
            assertEquals(address(x.real[0]), replay.destination());
            assertEquals(TcpFlags.ACK | TcpFlags.PSH, replay.flags());
            assertEquals(CLIENT_ISN + 1, replay.seq());
            assertEquals(SERVER_ISN + 1, replay.ack());
            assertEquals(REQUEST, replay.text());
            assertEquals(CLIENT_TS + 3, replay.tsval());
            assertEquals(SERVER_TS, replay.tsecr(), "TSecr echoes the server's clock");
            assertEquals(502, replay.window());
            assertEquals(0, x.sessions());
            assertEquals(1, x.counter(WorkerCounters.SYNPROXY_BOUND));

            // 5. The response: seq and TSval into the cookie's space, window from scale 6 to 7.
            long delta = SERVER_ISN - cookie;
            long tsDelta = SERVER_TS - ourTs;
            long clientNext = CLIENT_ISN + 1 + REQUEST.length();
            out = x.send(x.fromReal(0, TcpFlags.ACK | TcpFlags.PSH, SERVER_ISN + 1, clientNext)
                    .timestamps(SERVER_TS + 5, CLIENT_TS + 3).payload(RESPONSE));
            assertEquals(1, out.size());
            TcpSegment response = out.get(0);
            assertEquals(address(x.vip), response.source());
            assertEquals(80, response.sourcePort());
            assertEquals(address(x.client), response.destination());
            assertEquals(SynProxyFixture.CLIENT_PORT, response.destinationPort());
            assertEquals(cookie + 1, response.seq());
            assertEquals(clientNext, response.ack());
            assertEquals(ourTs + 5, response.tsval());
            assertEquals(CLIENT_TS + 3, response.tsecr());
            assertEquals((300 << 6) >> 7, response.window(), "300 at scale 6 is 150 at scale 7");
            assertEquals(RESPONSE, response.text());

            // 6. The client acknowledges with a SACK block: ack, SACK edges and TSecr into the server's space.
            long responseEnd = cookie + 1 + RESPONSE.length();
            out = x.send(x.fromClient(TcpFlags.ACK, clientNext, responseEnd).timestamps(CLIENT_TS + 9,
                    (int) (ourTs + 5)).sackBlock((int) (responseEnd + 100), (int) (responseEnd + 200)));
            assertEquals(1, out.size());
            TcpSegment ack = out.get(0);
            assertEquals(clientNext, ack.seq());
            assertEquals(mod32(responseEnd + delta), ack.ack());
            assertEquals(SERVER_ISN + 1 + RESPONSE.length(), ack.ack());
            assertEquals(1, ack.sackBlocks().size());
            assertArrayEquals(new long[] {mod32(responseEnd + 100 + delta), mod32(responseEnd + 200 + delta)},
                    ack.sackBlocks().get(0));
            assertEquals(SERVER_TS + 5, ack.tsecr());
            assertEquals(CLIENT_TS + 9, ack.tsval());
            assertEquals(502, ack.window(), "the server agreed to the client's scale: unchanged");
            assertEquals(mod32(ourTs + tsDelta + 5), SERVER_TS + 5);

            // 7. FIN from the server, FIN from the client, last ACK: translated until the end.
            out = x.send(x.fromReal(0, TcpFlags.FIN | TcpFlags.ACK, SERVER_ISN + 1 + RESPONSE.length(), clientNext)
                    .timestamps(SERVER_TS + 6, CLIENT_TS + 9));
            assertEquals(1, out.size());
            assertEquals(TcpFlags.FIN | TcpFlags.ACK, out.get(0).flags());
            assertEquals(responseEnd, out.get(0).seq());
            out = x.send(x.fromClient(TcpFlags.FIN | TcpFlags.ACK, clientNext, responseEnd + 1)
                    .timestamps(CLIENT_TS + 10, (int) (ourTs + 6)));
            assertEquals(1, out.size());
            assertEquals(SERVER_ISN + 2 + RESPONSE.length(), out.get(0).ack());
            out = x.send(x.fromReal(0, TcpFlags.ACK, SERVER_ISN + 2 + RESPONSE.length(), clientNext + 1)
                    .timestamps(SERVER_TS + 7, CLIENT_TS + 10));
            assertEquals(1, out.size());
            assertEquals(responseEnd + 1, out.get(0).seq());
            assertEquals(ourTs + 7, out.get(0).tsval());
            assertEquals("TIME_WAIT", x.engine.table(0).stateName(x.engine.liveEntries(0).get(0)));
            assertEquals(1, x.counter(WorkerCounters.SYNPROXY_COOKIES_SENT));
            assertEquals(1, x.counter(WorkerCounters.SYNPROXY_COOKIES_VALID));
            assertEquals(0, x.counter(WorkerCounters.SYNPROXY_COOKIES_INVALID));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void shouldPickTheServerByThePayloadAndResetTheClientOnAServerRst(Row row) {
        try (SynProxyFixture x = new SynProxyFixture(row.family, row.method, SynProxyFixture.PAYLOAD_SCHEDULER, false)) {
            long cookie = handshake(x, false);
            List<TcpSegment> out = x.send(x.fromClient(TcpFlags.ACK | TcpFlags.PSH, CLIENT_ISN + 1, cookie + 1)
                    .payload("POST / HTTP/1.1\r\n"));
            assertEquals(1, out.size());
            assertEquals(address(x.real[1]), out.get(0).destination(), "'P' picks server 1");
            assertFalse(out.get(0).timestamps(), "no timestamps offered: none to the server");
            assertEquals(-1, out.get(0).windowScale(), "without timestamps the cookie keeps no window scale");
            assertFalse(out.get(0).sackPermitted());
            out = x.send(x.fromReal(1, TcpFlags.RST | TcpFlags.ACK, 0, CLIENT_ISN + 1));
            assertEquals(1, out.size());
            TcpSegment rst = out.get(0);
            assertEquals(address(x.vip), rst.source());
            assertEquals(address(x.client), rst.destination());
            assertEquals(TcpFlags.RST | TcpFlags.ACK, rst.flags());
            assertEquals(cookie + 1, rst.seq(), "the client's next expected sequence number");
            assertEquals(0, x.tableSize());
            assertEquals(0, x.sessions());
            assertEquals(1, x.counter(WorkerCounters.SYNPROXY_SERVER_REFUSED));
            assertEquals(1, x.counter(WorkerCounters.SYNPROXY_CLIENT_RESETS));
        }
    }

    /** SYN and ACK without options; returns the cookie. */
    static long handshake(SynProxyFixture x, boolean timestamps) {
        List<TcpSegment> out = x.send(x.fromClient(TcpFlags.SYN, CLIENT_ISN, 0).mss(1460));
        assertEquals(1, out.size());
        long cookie = out.get(0).seq();
        assertEquals(-1, out.get(0).windowScale());
        assertFalse(out.get(0).sackPermitted());
        assertFalse(out.get(0).timestamps());
        assertEquals(List.of(), x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, cookie + 1)));
        return cookie;
    }

    static long mod32(long value) {
        return value & 0xFFFF_FFFFL;
    }

    static int[] words(String address) {
        io.jvs.engine.service.IpAddress a = io.jvs.engine.service.IpAddress.parse(address);
        return new int[] {a.word(0), a.family() == AddressFamily.IPV6 ? a.word(1) : 0,
            a.family() == AddressFamily.IPV6 ? a.word(2) : 0, a.family() == AddressFamily.IPV6 ? a.word(3) : 0};
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
