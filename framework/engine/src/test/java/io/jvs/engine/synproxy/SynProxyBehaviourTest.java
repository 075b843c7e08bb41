package io.jvs.engine.synproxy;

import static io.jvs.engine.synproxy.SynProxyExchangeTest.CLIENT_ISN;
import static io.jvs.engine.synproxy.SynProxyExchangeTest.SERVER_ISN;
import static io.jvs.engine.synproxy.TcpSegment.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.ForwardingMethod;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SYN proxy's behaviour at the edges: retransmissions on every side, holes, invalid cookies, SYN
 * floods, silent and refusing servers, full pools, timeouts, window scales that differ, replays
 * longer than the server's MSS, and {@code synproxy: true} (scheduling on the ACK).
 */
class SynProxyBehaviourTest {

    static SynProxyFixture delayed(ForwardingMethod method) {
        return new SynProxyFixture(4, method, SynProxyFixture.PAYLOAD_SCHEDULER, false);
    }

    static long handshake(SynProxyFixture x) {
        return SynProxyExchangeTest.handshake(x, false);
    }

    /** SYN and ACK for {@code synproxy: true}: the ACK sends the SYN to the server at once. */
    static long handshakeOnAck(SynProxyFixture x) {
        long cookie = x.send(x.fromClient(TcpFlags.SYN, CLIENT_ISN, 0).mss(1460)).get(0).seq();
        List<TcpSegment> out = x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, cookie + 1));
        assertEquals(1, out.size());
        assertEquals(TcpFlags.SYN, out.get(0).flags());
        return cookie;
    }

    @Test
    void shouldAnswerARetransmittedSynWithTheSameCookieAndKeepNoState() {
        try (SynProxyFixture x = delayed(ForwardingMethod.NAT)) {
            TcpSegment first = x.send(x.fromClient(TcpFlags.SYN, CLIENT_ISN, 0).mss(1460)).get(0);
            x.engine.advanceSeconds(1);
            TcpSegment again = x.send(x.fromClient(TcpFlags.SYN, CLIENT_ISN, 0).mss(1460)).get(0);
            assertEquals(first.seq(), again.seq(), "same minute, same cookie");
            assertEquals(0, x.tableSize());
            assertEquals(0, x.sessions());
            assertEquals(2, x.counter(WorkerCounters.SYNPROXY_COOKIES_SENT));
        }
    }

    @Test
    void shouldKeepEachByteOnceWhenTheClientRetransmitsWhileCollecting() {
        try (SynProxyFixture x = delayed(ForwardingMethod.NAT)) {
            long cookie = handshake(x);
            assertEquals(List.of(), x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, cookie + 1).payload("GET /a")));
            assertEquals(List.of(), x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, cookie + 1).payload("GET /a")));
            assertEquals(List.of(), x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 4, cookie + 1).payload(" /a HT")));
            List<TcpSegment> out = x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, cookie + 1)
                    .payload("GET /a HTTP/1.0\r\n"));
            assertEquals(1, out.size(), "the SYN to the server");
            out = x.send(x.fromReal(0, TcpFlags.SYN | TcpFlags.ACK, SERVER_ISN, CLIENT_ISN + 1).mss(1460));
            assertEquals(1, out.size());
            assertEquals("GET /a HTTP/1.0\r\n", out.get(0).text());
            assertEquals(0, x.counter(WorkerCounters.SYNPROXY_OUT_OF_ORDER));
        }
    }

    @Test
    void shouldBufferDataThatArrivesWhileTheServerHandshakeRuns() {
        try (SynProxyFixture x = new SynProxyFixture(4, ForwardingMethod.FULLNAT, SynProxyFixture.HEADER_SCHEDULER,
                true)) {
            long cookie = handshakeOnAck(x);
            // synproxy: true schedules on the ACK: the SYN went out with it; now data arrives, twice.
            assertEquals(1, x.counter(WorkerCounters.SYNPROXY_COOKIES_VALID));
            assertEquals(1, x.tableSize());
            assertEquals(List.of(), x.send(x.fromClient(TcpFlags.ACK | TcpFlags.PSH, CLIENT_ISN + 1, cookie + 1)
                    .payload("hello")));
            assertEquals(List.of(), x.send(x.fromClient(TcpFlags.ACK | TcpFlags.PSH, CLIENT_ISN + 1, cookie + 1)
                    .payload("hello")));
            List<TcpSegment> out = x.send(x.fromReal(0, TcpFlags.SYN | TcpFlags.ACK, SERVER_ISN, CLIENT_ISN + 1)
                    .mss(1460));
            assertEquals(1, out.size());
            assertEquals(address(x.local), out.get(0).source());
            assertEquals(SynProxyFixture.LOCAL_PORT, out.get(0).sourcePort());
            assertEquals("hello", out.get(0).text());
            assertEquals(SERVER_ISN + 1, out.get(0).ack());
            assertEquals(CLIENT_ISN + 1, out.get(0).seq());
        }
    }

    @Test
    void shouldSendTheSynOnTheValidatedAckWithSynproxyTrue() {
        try (SynProxyFixture x = new SynProxyFixture(4, ForwardingMethod.NAT, SynProxyFixture.HEADER_SCHEDULER,
                true)) {
            TcpSegment synAck = x.send(x.fromClient(TcpFlags.SYN, CLIENT_ISN, 0).mss(1300)).get(0);
            long cookie = synAck.seq();
            List<TcpSegment> out = x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, cookie + 1));
            assertEquals(1, out.size());
            assertEquals(TcpFlags.SYN, out.get(0).flags());
            assertEquals(1300, out.get(0).mss(), "the client's MSS, from the cookie");
            out = x.send(x.fromReal(0, TcpFlags.SYN | TcpFlags.ACK, SERVER_ISN, CLIENT_ISN + 1));
            assertEquals(1, out.size());
            assertEquals(TcpFlags.ACK, out.get(0).flags(), "a pure ACK completes the server's handshake");
            assertEquals(0, out.get(0).payload().length);
            assertEquals(SERVER_ISN + 1, out.get(0).ack());
            out = x.send(x.fromClient(TcpFlags.ACK | TcpFlags.PSH, CLIENT_ISN + 1, cookie + 1).payload("ping"));
            assertEquals(1, out.size());
            assertEquals(SERVER_ISN + 1, out.get(0).ack());
            out = x.send(x.fromReal(0, TcpFlags.ACK | TcpFlags.PSH, SERVER_ISN + 1, CLIENT_ISN + 5).payload("pong"));
            assertEquals(cookie + 1, out.get(0).seq());
            assertEquals(CLIENT_ISN + 5, out.get(0).ack());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.jvs.engine.synproxy.SynProxyExchangeTest#rows")
    void shouldAcknowledgeARetransmittedServerSynAckAgain(SynProxyExchangeTest.Row row) {
        try (SynProxyFixture x = new SynProxyFixture(row.family(), row.method(), SynProxyFixture.HEADER_SCHEDULER,
                true)) {
            handshakeOnAck(x);
            assertEquals(1, x.send(x.fromReal(0, TcpFlags.SYN | TcpFlags.ACK, SERVER_ISN, CLIENT_ISN + 1)).size());
            List<TcpSegment> out = x.send(x.fromReal(0, TcpFlags.SYN | TcpFlags.ACK, SERVER_ISN, CLIENT_ISN + 1));
            assertEquals(1, out.size(), "not forwarded to the client: acknowledged by jvs");
            TcpSegment ack = out.get(0);
            assertEquals(address(x.real[0]), ack.destination());
            assertEquals(TcpFlags.ACK, ack.flags());
            assertEquals(CLIENT_ISN + 1, ack.seq());
            assertEquals(SERVER_ISN + 1, ack.ack());
            assertEquals(1, x.counter(WorkerCounters.SYNPROXY_BOUND));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.jvs.engine.synproxy.SynProxyExchangeTest#rows")
    void shouldDropASegmentAfterAHoleAndForwardItWhenRetransmittedAfterBinding(SynProxyExchangeTest.Row row) {
        try (SynProxyFixture x = new SynProxyFixture(row.family(), row.method(), SynProxyFixture.PAYLOAD_SCHEDULER,
                false)) {
            long cookie = handshake(x);
            String first = "GET / HTTP/1.1\r\n";
            String second = "Host: example\r\n\r\n";
            long secondSeq = CLIENT_ISN + 1 + first.length();
            // The first data segment is lost; the second arrives alone.
            assertEquals(List.of(), x.send(x.fromClient(TcpFlags.ACK, secondSeq, cookie + 1).payload(second)));
            assertEquals(1, x.counter(WorkerCounters.SYNPROXY_OUT_OF_ORDER));
            assertEquals(0, x.tableSize());
            List<TcpSegment> out = x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, cookie + 1).payload(first));
            assertEquals(1, out.size(), "the retransmitted first segment completes the line: SYN");
            out = x.send(x.fromReal(0, TcpFlags.SYN | TcpFlags.ACK, SERVER_ISN, CLIENT_ISN + 1).mss(1460));
            assertEquals(first, out.get(0).text(), "only what arrived in order is replayed");
            out = x.send(x.fromClient(TcpFlags.ACK | TcpFlags.PSH, secondSeq, cookie + 1).payload(second));
            assertEquals(1, out.size());
            assertEquals(secondSeq, out.get(0).seq());
            assertEquals(SERVER_ISN + 1, out.get(0).ack());
            assertEquals(second, out.get(0).text());
        }
    }

    @Test
    void shouldDropAnInvalidCookieAckWithoutStateAndCountIt() {
        try (SynProxyFixture x = delayed(ForwardingMethod.NAT)) {
            long cookie = x.send(x.fromClient(TcpFlags.SYN, CLIENT_ISN, 0)).get(0).seq();
            assertEquals(List.of(), x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, cookie + 1 + 0x10000)));
            assertEquals(List.of(), x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1 + 0x10000, cookie + 1)));
            assertEquals(List.of(), x.send(x.fromClient(TcpFlags.ACK, 77, 12345).payload("GET / HTTP/1.1\r\n")));
            assertEquals(3, x.counter(WorkerCounters.SYNPROXY_COOKIES_INVALID));
            assertEquals(0, x.counter(WorkerCounters.SYNPROXY_COOKIES_VALID));
            assertEquals(0, x.tableSize());
            assertEquals(0, x.sessions());
        }
    }

    @Test
    void shouldResetAnInvalidCookieAckWhenConfigured() {
        try (SynProxyFixture x = new SynProxyFixture(4, ForwardingMethod.NAT, SynProxyFixture.PAYLOAD_SCHEDULER, false,
                SynProxySettings.defaults().withResetInvalidAck(true))) {
            List<TcpSegment> out = x.send(x.fromClient(TcpFlags.ACK, 77, 12345));
            assertEquals(1, out.size());
            assertEquals(TcpFlags.RST, out.get(0).flags());
            assertEquals(12345, out.get(0).seq(), "RST from the ACK's acknowledgment number (RFC 9293)");
            assertEquals(address(x.vip), out.get(0).source());
            assertEquals(0, x.sessions());
        }
    }

    @Test
    void shouldCreateNoStateUnderASynFloodOfTenThousandSyns() {
        try (SynProxyFixture x = delayed(ForwardingMethod.NAT)) {
            SplittableRandom random = new SplittableRandom(42);
            Set<Long> cookies = new HashSet<>();
            for (int n = 0; n < 10_000; n++) {
                String source = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
                byte[] frame = x.tcp().src(source, random.nextInt(1024, 65536)).dst(x.vip, 80).flags(TcpFlags.SYN)
                        .seq(random.nextInt()).mss(1460).sackPermitted().timestamps(random.nextInt(), 0)
                        .windowScale(7).build();
                List<TcpSegment> out = SynProxyFixture.decodeAll(x.engine.send(frame));
                assertEquals(1, out.size());
                assertEquals(TcpFlags.SYN | TcpFlags.ACK, out.get(0).flags());
                cookies.add(out.get(0).seq());
            }
            assertEquals(0, x.tableSize());
            assertEquals(0, x.sessions());
            assertEquals(10_000, x.counter(WorkerCounters.SYNPROXY_COOKIES_SENT));
            assertEquals(0, x.counter(WorkerCounters.NEW_CONNECTIONS));
            assertTrue(cookies.size() > 9_980, "cookies differ per tuple: " + cookies.size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.jvs.engine.synproxy.SynProxyExchangeTest#rows")
    void shouldRetryTheSynToASilentServerThenResetTheClient(SynProxyExchangeTest.Row row) {
        try (SynProxyFixture x = new SynProxyFixture(row.family(), row.method(), SynProxyFixture.PAYLOAD_SCHEDULER,
                false)) {
            long cookie = handshake(x);
            List<TcpSegment> out = x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, cookie + 1)
                    .payload("GET / HTTP/1.1\r\n"));
            assertEquals(1, out.size());
            assertEquals(List.of(), x.advanceSeconds(0.9));
            out = x.advanceSeconds(0.1);
            assertEquals(1, out.size(), "first retry after 1 s");
            assertEquals(TcpFlags.SYN, out.get(0).flags());
            assertEquals(CLIENT_ISN, out.get(0).seq());
            assertEquals(address(x.clientAsSeenByReal()), out.get(0).source());
            assertEquals(List.of(), x.advanceSeconds(1.9));
            out = x.advanceSeconds(0.1);
            assertEquals(1, out.size(), "second retry 2 s later");
            assertEquals(TcpFlags.SYN, out.get(0).flags());
            assertEquals(List.of(), x.advanceSeconds(3.9));
            out = x.advanceSeconds(0.1);
            assertEquals(1, out.size(), "4 s later: given up");
            TcpSegment rst = out.get(0);
            assertEquals(TcpFlags.RST | TcpFlags.ACK, rst.flags());
            assertEquals(address(x.vip), rst.source());
            assertEquals(address(x.client), rst.destination());
            assertEquals(cookie + 1, rst.seq());
            assertEquals(CLIENT_ISN + 1 + "GET / HTTP/1.1\r\n".length(), rst.ack());
            assertEquals(0, x.tableSize());
            assertEquals(0, x.sessions());
            assertEquals(2, x.counter(WorkerCounters.SYNPROXY_SERVER_SYN_RETRIES));
            assertEquals(1, x.counter(WorkerCounters.SYNPROXY_SERVER_TIMEOUTS));
            assertEquals(1, x.counter(WorkerCounters.SYNPROXY_CLIENT_RESETS));
        }
    }

    @Test
    void shouldScheduleWithWhatArrivedWhenTheCollectionTimesOut() {
        try (SynProxyFixture x = delayed(ForwardingMethod.NAT)) {
            long cookie = handshake(x);
            assertEquals(List.of(), x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, cookie + 1).payload("PO")));
            assertEquals(List.of(), x.advanceSeconds(2.9));
            List<TcpSegment> out = x.advanceSeconds(0.1);
            assertEquals(1, out.size());
            assertEquals(TcpFlags.SYN, out.get(0).flags());
            assertEquals(address(x.real[1]), out.get(0).destination(), "scheduled on the two bytes there: 'P'");
            assertEquals(1, x.counter(WorkerCounters.SYNPROXY_COLLECT_TIMEOUTS));
        }
    }

    @Test
    void shouldResetANewClientWhenEverySessionIsTaken() {
        try (SynProxyFixture x = new SynProxyFixture(4, ForwardingMethod.NAT, SynProxyFixture.PAYLOAD_SCHEDULER, false,
                SynProxySettings.defaults().withLimits(2, 512))) {
            for (int port = 41000; port < 41003; port++) {
                TcpSegment synAck = x.send(x.fromClient(TcpFlags.SYN, CLIENT_ISN, 0).src(x.client, port)).get(0);
                List<TcpSegment> out = x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, synAck.seq() + 1)
                        .src(x.client, port));
                if (port < 41002) {
                    assertEquals(List.of(), out);
                } else {
                    assertEquals(1, out.size());
                    assertEquals(TcpFlags.RST, out.get(0).flags());
                    assertEquals(synAck.seq() + 1, out.get(0).seq());
                }
            }
            assertEquals(2, x.sessions());
            assertEquals(1, x.counter(WorkerCounters.SYNPROXY_SESSIONS_FULL));
        }
    }

    @Test
    void shouldFreeTheSessionOnAClientRst() {
        try (SynProxyFixture x = delayed(ForwardingMethod.NAT)) {
            handshake(x);
            assertEquals(1, x.sessions());
            assertEquals(List.of(), x.send(x.fromClient(TcpFlags.RST, CLIENT_ISN + 1, 0)));
            assertEquals(0, x.sessions());
            assertEquals(List.of(), x.advanceSeconds(5), "no SYN to any server");
            assertEquals(0, x.tableSize());
        }
    }

    @Test
    void shouldRescaleWindowsWhenTheServerDoesNotScale() {
        try (SynProxyFixture x = new SynProxyFixture(4, ForwardingMethod.NAT, SynProxyFixture.HEADER_SCHEDULER,
                true)) {
            TcpSegment synAck = x.send(x.fromClient(TcpFlags.SYN, CLIENT_ISN, 0).timestamps(5, 0).windowScale(8))
                    .get(0);
            assertEquals(7, synAck.windowScale());
            long cookie = synAck.seq();
            List<TcpSegment> out = x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, cookie + 1)
                    .timestamps(6, (int) synAck.tsval()).window(10));
            assertEquals(8, out.get(0).windowScale());
            assertEquals(10 << 8, out.get(0).window(), "the SYN's window is never scaled");
            // The server sends no window scale: neither side scales toward it.
            x.send(x.fromReal(0, TcpFlags.SYN | TcpFlags.ACK, SERVER_ISN, CLIENT_ISN + 1).timestamps(50, 6));
            out = x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, cookie + 1).timestamps(7, (int) synAck.tsval())
                    .window(10).payload("x"));
            assertEquals(10 << 8, out.get(0).window(), "client's 10 at scale 8, for a server that does not scale");
            out = x.send(x.fromReal(0, TcpFlags.ACK, SERVER_ISN + 1, CLIENT_ISN + 2).timestamps(51, 7).window(40000));
            assertEquals(40000 >> 7, out.get(0).window(), "server's 40000 unscaled, at the client's scale 7");
            assertEquals(synAck.tsval() + 1, out.get(0).tsval());
        }
    }

    @Test
    void shouldReplayInSegmentsOfTheServersMss() {
        try (SynProxyFixture x = delayed(ForwardingMethod.NAT)) {
            long cookie = handshake(x);
            String request = "G" + "x".repeat(998) + "\n";
            List<TcpSegment> out = x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, cookie + 1).payload(request));
            assertEquals(1, out.size(), "64 bytes suffice: SYN");
            out = x.send(x.fromReal(0, TcpFlags.SYN | TcpFlags.ACK, SERVER_ISN, CLIENT_ISN + 1).mss(536));
            assertEquals(2, out.size());
            assertEquals(CLIENT_ISN + 1, out.get(0).seq());
            assertEquals(536, out.get(0).payload().length);
            assertEquals(TcpFlags.ACK, out.get(0).flags());
            assertEquals(CLIENT_ISN + 1 + 536, out.get(1).seq());
            assertEquals(464, out.get(1).payload().length);
            assertEquals(TcpFlags.ACK | TcpFlags.PSH, out.get(1).flags());
            assertEquals(request, out.get(0).text() + out.get(1).text());
        }
    }

    @Test
    void shouldPassAClientRstOnToTheServerWhileItsHandshakeRuns() {
        try (SynProxyFixture x = delayed(ForwardingMethod.NAT)) {
            long cookie = handshake(x);
            assertEquals(1, x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, cookie + 1)
                    .payload("GET / HTTP/1.1\r\n")).size());
            List<TcpSegment> out = x.send(x.fromClient(TcpFlags.RST, CLIENT_ISN + 1 + 16, 0));
            assertEquals(1, out.size());
            assertEquals(address(x.real[0]), out.get(0).destination());
            assertEquals(TcpFlags.RST, out.get(0).flags());
            assertEquals(CLIENT_ISN + 1, out.get(0).seq(), "in the server's window: right after the SYN");
            assertEquals(0, x.tableSize());
            assertEquals(0, x.sessions());
            assertEquals(List.of(), x.advanceSeconds(10), "no SYN retries after the RST");
        }
    }

    @Test
    void shouldKeepTheSessionKeyOfTheFirstBytesForTheWholeConnection() {
        try (SynProxyFixture x = new SynProxyFixture(4, ForwardingMethod.NAT, SynProxyFixture.KEYED_SCHEDULER,
                false)) {
            long cookie = handshake(x);
            List<TcpSegment> out = x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, cookie + 1).payload("PUT"));
            assertEquals(address(x.real[1]), out.get(0).destination());
            x.send(x.fromReal(1, TcpFlags.SYN | TcpFlags.ACK, SERVER_ISN, CLIENT_ISN + 1).mss(1460));
            out = x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 4, cookie + 1).payload("GGG"));
            assertEquals(1, out.size(), "stream bytes with another first byte: same connection");
            assertEquals(address(x.real[1]), out.get(0).destination());
            assertEquals(SERVER_ISN + 1, out.get(0).ack());
            assertEquals(0, x.counter(WorkerCounters.RESCHEDULED));
        }
    }

    @Test
    void shouldForgetACollectingSessionWhenTheClientStartsOverOnTheSamePort() {
        try (SynProxyFixture x = delayed(ForwardingMethod.NAT)) {
            long cookie = handshake(x);
            assertEquals(List.of(), x.send(x.fromClient(TcpFlags.ACK, CLIENT_ISN + 1, cookie + 1).payload("PO")));
            long newIsn = CLIENT_ISN + 50_000;
            long newCookie = x.send(x.fromClient(TcpFlags.SYN, newIsn, 0).mss(1460)).get(0).seq();
            assertEquals(0, x.sessions(), "the old handshake is gone");
            assertEquals(List.of(), x.send(x.fromClient(TcpFlags.ACK, newIsn + 1, newCookie + 1)));
            List<TcpSegment> out = x.send(x.fromClient(TcpFlags.ACK, newIsn + 1, newCookie + 1)
                    .payload("GET / HTTP/1.1\r\n"));
            assertEquals(1, out.size());
            assertEquals(newIsn, out.get(0).seq());
            assertEquals(address(x.real[0]), out.get(0).destination(), "scheduled on the new bytes, not 'PO'");
        }
    }

    @Test
    void shouldTranslateTheSequenceQuotedByAClientsFragmentationNeeded() {
        try (SynProxyFixture x = new SynProxyFixture(4, ForwardingMethod.NAT, SynProxyFixture.HEADER_SCHEDULER,
                true)) {
            long cookie = handshakeOnAck(x);
            x.send(x.fromReal(0, TcpFlags.SYN | TcpFlags.ACK, SERVER_ISN, CLIENT_ISN + 1));
            io.jvs.engine.packet.PacketBuilder quoted = io.jvs.engine.packet.PacketBuilder.tcp4().src(x.vip, 80)
                    .dst(x.client, SynProxyFixture.CLIENT_PORT).flags(TcpFlags.ACK).seq((int) (cookie + 1 + 1400))
                    .ack((int) (CLIENT_ISN + 1)).payload(new byte[1400]);
            List<byte[]> out = x.engine.send(io.jvs.engine.packet.PacketBuilder.icmp4().src(x.client).dst(x.vip)
                    .icmpError(io.jvs.engine.packet.IcmpHeader.V4_DESTINATION_UNREACHABLE,
                            io.jvs.engine.packet.IcmpHeader.V4_CODE_FRAGMENTATION_NEEDED, quoted)
                    .mtu(1400).build());
            assertEquals(1, out.size());
            byte[] f = out.get(0);
            assertEquals(List.of(), io.jvs.engine.forward.NaiveChecksums.problems(f));
            int quotedTcp = 14 + 20 + 8 + 20;
            assertEquals(SERVER_ISN + 1 + 1400, TcpSegment.bits(f, quotedTcp + 4, 4), "in the server's space");
            assertEquals(8080, TcpSegment.bits(f, quotedTcp, 2), "quoted source: the server's port");
        }
    }
}
