package io.jvs.plugins.http;

import static io.jvs.plugins.http.Classifiers.context;
import static io.jvs.plugins.http.Classifiers.create;
import static io.jvs.plugins.http.Classifiers.packet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.DestinationView;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The classifier end to end over the test kit: rules, pools, inner schedulers, non-HTTP, counters. */
class HttpMethodSchedulerTest {

    private static final String READ_WRITE_POOLS = "reads=10.0.0.1:80,10.0.0.2:80; writes=10.0.0.3:80";
    private static final String READ_WRITE_RULES =
            "method=GET|HEAD uri=^/static/ -> statics:rr; method=GET|HEAD -> reads:rr; method=POST|PUT|DELETE -> writes:rr";

    private final FakeService service = FakeService.tcp("203.0.113.1", 80);
    private final FakeDestination r1 = service.add(FakeDestination.of("10.0.0.1", 80));
    private final FakeDestination r2 = service.add(FakeDestination.of("10.0.0.2", 80));
    private final FakeDestination w1 = service.add(FakeDestination.of("10.0.0.3", 80));
    private final FakeDestination s1 = service.add(FakeDestination.of("10.0.0.5", 80));

    private FakeSchedulerContext readWrite(Map<String, ?> more) {
        Map<String, Object> p = new java.util.HashMap<>(more);
        p.putIfAbsent("pools", READ_WRITE_POOLS + "; statics=10.0.0.5");
        p.putIfAbsent("rules", READ_WRITE_RULES);
        p.putIfAbsent("default-pool", "writes:rr");
        return context(service, p);
    }

    private static String request(String method, String target) {
        return method + " " + target + " HTTP/1.1\r\nHost: example.com\r\n\r\n";
    }

    @Test
    void shouldSendReadsRoundRobinOverTheReadPoolAndWritesToTheWritePool() throws Exception {
        FakeSchedulerContext c = readWrite(Map.of());
        HttpMethodScheduler s = create(c);
        List<DestinationView> reads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            reads.add(s.schedule(service, packet(request(i % 2 == 0 ? "GET" : "HEAD", "/index.html")), 0));
        }
        assertEquals(List.of(r1, r2, r1, r2), reads, "rr in list order within the read pool only");
        for (String write : List.of("POST", "PUT", "DELETE")) {
            assertSame(w1, s.schedule(service, packet(request(write, "/api/items/7")), 0), write);
        }
        assertEquals(4, c.metrics().count("rule.1"));
        assertEquals(3, c.metrics().count("rule.2"));
        assertEquals(0, c.metrics().count("default"));
    }

    @Test
    void shouldApplyTheFirstRuleWhoseUriRegexIsFoundInTheTarget() throws Exception {
        FakeSchedulerContext c = readWrite(Map.of());
        HttpMethodScheduler s = create(c);
        assertSame(s1, s.schedule(service, packet(request("GET", "/static/app.js")), 0));
        assertSame(s1, s.schedule(service, packet(request("HEAD", "/static/")), 0));
        assertSame(r1, s.schedule(service, packet(request("GET", "/img/static/x.png")), 0), "^ anchors the prefix");
        assertSame(w1, s.schedule(service, packet(request("POST", "/static/upload")), 0), "the method must match too");
        assertEquals(2, c.metrics().count("rule.0"));
    }

    @Test
    void shouldMatchTheTargetAsSentWithoutDecodingIt() throws Exception {
        FakeSchedulerContext c = readWrite(Map.of());
        HttpMethodScheduler s = create(c);
        assertSame(r1, s.schedule(service, packet(request("GET", "http://example.com/static/x")), 0), "absolute form");
        assertSame(r2, s.schedule(service, packet(request("GET", "/%73tatic/x")), 0), "percent-encoded");
        assertEquals(0, c.metrics().count("rule.0"));
        assertEquals(2, c.metrics().count("rule.1"));
    }

    @Test
    void shouldShowPoolsRulesAndCountsInAReadOnlyParameterFile() throws Exception {
        HttpMethodScheduler s = create(readWrite(Map.of()));
        s.schedule(service, packet(request("GET", "/static/a.css")), 0);
        s.schedule(service, packet("hello\r\n"), 0);
        assertEquals("""
                methods: GET HEAD POST PUT DELETE CONNECT OPTIONS TRACE PATCH
                max-bytes: 2048
                regex-steps: 4096
                non-http: default-pool
                pool reads: 10.0.0.1:80 10.0.0.2:80
                pool writes: 10.0.0.3:80
                pool statics: 10.0.0.5:80
                rules[0]: method=GET|HEAD uri=^/static/ -> statics:rr  (target statics:rr, matches 1)
                rules[1]: method=GET|HEAD -> reads:rr  (target reads:rr, matches 0)
                rules[2]: method=POST|PUT|DELETE -> writes:rr  (target writes:rr, matches 0)
                default-pool: writes:rr  (default 0, non-http 1, truncated 0, reset 0, regex-budget-exceeded 0,\
                 no-destination 0)
                """, s.parameterText());
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> s.writeParameterText("rules="));
    }

    @ParameterizedTest
    @CsvSource({
        "GET,0", "HEAD,1", "POST,2", "PUT,3", "DELETE,4", "CONNECT,5", "OPTIONS,6", "TRACE,7", "PATCH,8"})
    void shouldRecogniseEveryRfc9110MethodByDefault(String method, int expectedRule) throws Exception {
        StringBuilder rules = new StringBuilder();
        List<FakeDestination> byMethod = new ArrayList<>();
        StringBuilder pools = new StringBuilder();
        String[] all = MethodSet.DEFAULT.split(" ");
        for (int m = 0; m < all.length; m++) {
            byMethod.add(service.add(FakeDestination.of("10.1.0." + (m + 1), 80)));
            pools.append("p").append(m).append("=10.1.0.").append(m + 1).append(":80;");
            rules.append("method=").append(all[m]).append(" -> p").append(m).append(":rr;");
        }
        FakeSchedulerContext c = context(service, Map.of("pools", pools.toString(), "rules", rules.toString()));
        HttpMethodScheduler s = create(c);
        String target = method.equals("CONNECT") ? "example.com:443" : method.equals("OPTIONS") ? "*" : "/x";
        assertSame(byMethod.get(expectedRule), s.schedule(service, packet(method + " " + target + " HTTP/1.0\r\n"), 0));
        assertEquals(1, c.metrics().count("rule." + expectedRule));
        assertEquals(0, c.metrics().count("non-http"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.0\r\n", "HTTP/1.1\r\n", "HTTP/1.1\n"})
    void shouldAcceptVersionsOneZeroAndOneOneWithCrLfOrLf(String ending) throws Exception {
        FakeSchedulerContext c = readWrite(Map.of());
        HttpMethodScheduler s = create(c);
        assertSame(r1, s.schedule(service, packet("GET /a " + ending), 0));
        assertEquals(0, c.metrics().count("truncated"));
        assertTrue(s.payloadSufficient(packet("GET /a " + ending)));
    }

    @Test
    void shouldWaitForTheEndOfALineSplitAcrossReads() throws Exception {
        HttpMethodScheduler s = create(readWrite(Map.of()));
        String line = "GET /static/app.js HTTP/1.1\r\n";
        for (int cut = 0; cut < line.length(); cut++) {
            assertFalse(s.payloadSufficient(packet(line.substring(0, cut))), "after " + cut + " bytes");
        }
        assertTrue(s.payloadSufficient(packet(line)));
        assertTrue(s.payloadSufficient(packet(line + "Host: x\r\n")));
    }

    @Test
    void shouldStopWaitingAtMaxBytesAndClassifyATruncatedLineOnItsMethodAndTargetPrefix() throws Exception {
        FakeSchedulerContext c = readWrite(Map.of("max-bytes", 64L));
        HttpMethodScheduler s = create(c);
        assertEquals(64, s.payloadBytesNeeded());
        String line = "GET /static/" + "a".repeat(200) + " HTTP/1.1\r\n";
        assertFalse(s.payloadSufficient(packet(line.substring(0, 63))));
        assertTrue(s.payloadSufficient(packet(line.substring(0, 64))));
        assertSame(s1, s.schedule(service, packet(line), 0), "GET + /static/ prefix: rule 0");
        assertEquals(1, c.metrics().count("truncated"));
        assertSame(w1, s.schedule(service, packet("POST /" + "b".repeat(100)), 0));
        assertEquals(2, c.metrics().count("truncated"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "get / HTTP/1.1\r\n",                           // methods are case-sensitive
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",             // the HTTP/2 connection preface
        "\u0016\u0003\u0001\u0002\u0000\u0001\u0000",   // a TLS ClientHello
        "GET  / HTTP/1.1\r\n",                          // two spaces: empty target
        "GET / HTTP/1.1\r\r\n",
        "GET / HTTX/1.1\r\n",
        "GET / HTTP/1.a\r\n",
        "GET /\r\n",                                     // HTTP/0.9
        "GET /\u00e9 HTTP/1.1\r\n",                      // obs-text in the target
        "SSH-2.0-OpenSSH_9.6\r\n",
        " GET / HTTP/1.1\r\n",
        "BREW /pot HTTP/1.1\r\n"})                      // not a configured method
    void shouldCountLinesThatAreNotHttpAndSendThemToTheDefaultPool(String payload) throws Exception {
        FakeSchedulerContext c = readWrite(Map.of());
        HttpMethodScheduler s = create(c);
        assertTrue(s.payloadSufficient(packet(payload)), "decided without waiting for max-bytes");
        assertSame(w1, s.schedule(service, packet(payload), 0));
        assertEquals(1, c.metrics().count("non-http"));
        assertEquals(0, c.metrics().count("reset"));
    }

    @Test
    void shouldResetNonHttpWhenConfiguredAndCountIt() throws Exception {
        FakeSchedulerContext c = readWrite(Map.of("non-http", "reset"));
        HttpMethodScheduler s = create(c);
        assertNull(s.schedule(service, packet("hello\r\n"), 0));
        assertNull(s.schedule(service, packet(new byte[0]), 0), "no payload at all is not HTTP either");
        assertSame(r1, s.schedule(service, packet(request("GET", "/")), 0));
        assertEquals(2, c.metrics().count("non-http"));
        assertEquals(2, c.metrics().count("reset"));
    }

    @Test
    void shouldRecogniseConfiguredExtraMethods() throws Exception {
        FakeSchedulerContext c = readWrite(Map.of("methods", "GET HEAD POST PUT DELETE PROPFIND MKCOL",
                "rules", "method=PROPFIND|MKCOL -> reads:rr; method=.* -> writes:rr"));
        HttpMethodScheduler s = create(c);
        assertSame(r1, s.schedule(service, packet(request("PROPFIND", "/dav/")), 0));
        assertSame(w1, s.schedule(service, packet(request("GET", "/")), 0));
        assertSame(w1, s.schedule(service, packet(request("PATCH", "/")), 0), "PATCH is no longer a method: non-HTTP");
        assertEquals(1, c.metrics().count("non-http"));
    }

    @Test
    void shouldUseTheDefaultPoolWhenNoRuleMatches() throws Exception {
        FakeSchedulerContext c = readWrite(Map.of("default-pool", "all:rr"));
        HttpMethodScheduler s = create(c);
        List<DestinationView> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seen.add(s.schedule(service, packet(request("OPTIONS", "*")), 0));
        }
        assertEquals(List.of(r1, r2, w1, s1), seen, "the pool 'all' is the whole service");
        assertEquals(4, c.metrics().count("default"));
    }

    @Test
    void shouldKeepPoolsInStepWithDestinationsAddedAndRemoved() throws Exception {
        FakeSchedulerContext c = readWrite(Map.of("pools", "reads=10.0.0.1:80,10.0.0.2:80,10.0.0.4:80; writes=10.0.0.3;"
                + " statics=10.0.0.5"));
        HttpMethodScheduler s = create(c);
        assertEquals(2, s.pool("reads").destinations().size(), "10.0.0.4 is not a destination yet");
        FakeDestination r3 = service.add(FakeDestination.of("10.0.0.4", 80));
        s.destinationAdded(service, r3);
        FakeDestination other = service.add(FakeDestination.of("10.0.0.9", 80));
        s.destinationAdded(service, other);
        assertEquals(3, s.pool("reads").destinations().size());
        List<DestinationView> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            seen.add(s.schedule(service, packet(request("GET", "/")), 0));
        }
        assertEquals(List.of(r1, r2, r3), seen);
        service.remove(r2);
        s.destinationRemoved(service, r2);
        assertEquals(List.of(r1, r3), List.of(s.pool("reads").destinations().get(0),
                s.pool("reads").destinations().get(1)));
        for (int i = 0; i < 6; i++) {
            DestinationView d = s.schedule(service, packet(request("GET", "/")), 0);
            assertTrue(d == r1 || d == r3, "never the removed one nor one outside the pool: " + d);
        }
        FakeDestination w2 = service.add(FakeDestination.of("10.0.0.3", 8080));
        s.destinationAdded(service, w2);
        assertEquals(2, s.pool("writes").destinations().size(), "a member without port takes every port");
    }

    @Test
    void shouldLetWeightedLeastConnectionChooseInsideItsPool() throws Exception {
        FakeDestination w2 = service.add(FakeDestination.of("10.0.0.4", 80));
        w1.connections(10, 0);
        w2.connections(2, 0);
        r1.connections(0, 0);
        FakeSchedulerContext c = readWrite(Map.of("pools", "reads=10.0.0.1:80,10.0.0.2:80; writes=10.0.0.3:80,10.0.0.4:80;"
                + " statics=10.0.0.5", "rules", "method=POST|PUT|DELETE -> writes:wlc"));
        HttpMethodScheduler s = create(c);
        assertSame(w2, s.schedule(service, packet(request("PUT", "/x")), 0), "fewest connections in writes");
        w2.connections(30, 0);
        assertSame(w1, s.schedule(service, packet(request("PUT", "/x")), 0));
    }

    @Test
    void shouldReturnNoneAndCountWhenThePoolHasNoDestination() throws Exception {
        FakeSchedulerContext c = readWrite(Map.of("pools", "reads=10.9.9.9:80; writes=10.0.0.3:80; statics=10.0.0.5"));
        HttpMethodScheduler s = create(c);
        assertNull(s.schedule(service, packet(request("GET", "/")), 0));
        assertEquals(1, c.metrics().count("no-destination"));
    }

    @Test
    void shouldShareOneInnerSchedulerBetweenRulesWithTheSameTargetAndEndThemAll() throws Exception {
        FakeSchedulerContext c = readWrite(Map.of("rules", "method=GET -> reads:rr; method=HEAD -> reads:rr;"
                + " method=POST -> writes:rr", "default-pool", "reads:rr"));
        HttpMethodScheduler s = create(c);
        assertEquals(2, c.innerMetrics().size(), "reads:rr and writes:rr");
        assertSame(r1, s.schedule(service, packet(request("GET", "/")), 0));
        assertSame(r2, s.schedule(service, packet(request("HEAD", "/")), 0), "the same rr position");
        s.done(service);
    }

    @Test
    void shouldSpendAtMostTheStepBudgetOnAPathologicalRegex() throws Exception {
        FakeSchedulerContext c = readWrite(Map.of("rules", "uri=^/((a+)+)+$ -> reads:rr", "regex-steps", 5000L));
        HttpMethodScheduler s = create(c);
        assertSame(w1, s.schedule(service, packet(request("GET", "/" + "a".repeat(40) + "!")), 0),
                "budget spent: the default pool");
        assertEquals(1, c.metrics().count("regex-budget-exceeded"));
        assertTrue(s.lastRegexSteps() <= 5001, "steps " + s.lastRegexSteps());
        assertSame(r1, s.schedule(service, packet(request("GET", "/aaaa")), 0), "a benign target still matches");
        assertTrue(s.lastRegexSteps() < 100);
    }

    @Test
    void shouldNotAllocateWhileClassifyingAndScheduling() throws Exception {
        HttpMethodScheduler s = create(readWrite(Map.of()));
        FakePacket[] packets = {
            packet(request("GET", "/static/js/app.min.js?v=3")), packet(request("GET", "/index.html")),
            packet(request("POST", "/api/items")), packet("\u0016\u0003\u0001\u0002\u0000"),
            packet("GET /" + "a".repeat(3000))};
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = run(s, packets, 200_000);
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            sum += run(s, packets, 100_000);
            allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(sum != 0);
        assertTrue(allocated <= 256, "allocated " + allocated + " bytes in 100000 calls, least of three rounds");
    }

    private long run(HttpMethodScheduler s, FakePacket[] packets, int calls) {
        long sum = 0;
        for (int i = 0; i < calls; i++) {
            FakePacket p = packets[i % packets.length];
            sum += s.payloadSufficient(p) ? 1 : 0;
            DestinationView d = s.schedule(service, p, i);
            sum += d == null ? 0 : d.port();
        }
        return sum;
    }
}
