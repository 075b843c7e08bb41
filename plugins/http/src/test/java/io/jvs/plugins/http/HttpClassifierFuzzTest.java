package io.jvs.plugins.http;

import static io.jvs.plugins.http.Classifiers.context;
import static io.jvs.plugins.http.Classifiers.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.DestinationView;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fuzzed request lines, random and mutated, against rules that include pathological regexes: the
 * classifier never throws, always answers (a destination of the service, as the non-HTTP policy
 * is the default pool), never reads a payload byte at or beyond {@code max-bytes}, and never lets
 * the URI regexes read more than {@code regex-steps} characters (the step counter, not time).
 * Seeded, so every run checks the same cases.
 */
class HttpClassifierFuzzTest {

    private static final int CASES = 120_000;
    private static final int MAX_BYTES = 512;
    private static final long STEPS = 2_000;

    private static final String[] VALID = {
        "GET / HTTP/1.1\r\n",
        "GET /static/app.js?v=3 HTTP/1.1\r\nHost: a\r\n\r\n",
        "HEAD /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa! HTTP/1.0\r\n",
        "POST /api/items HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
        "PUT /xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy HTTP/1.1\n",
        "DELETE /api/items/7 HTTP/1.1\r\n",
        "OPTIONS * HTTP/1.1\r\n",
        "CONNECT example.com:443 HTTP/1.1\r\n",
        "PATCH /a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z HTTP/1.1\r\n",
        "TRACE /ababababababababababababababababababababababc HTTP/1.1\r\n",
    };

    private static final String RULES = String.join(";",
            "method=GET|HEAD uri=^/((a+)+)+$ -> reads:rr",
            "uri=(x+x+)+y -> writes:rr",
            "uri=^(/\\w+)*$ -> reads:rr",
            "method=TRACE uri=(ab|a|b)*c$ -> reads:rr",
            "uri=(.*a){10} -> writes:rr",
            "method=POST|PUT|DELETE -> writes:rr",
            "uri=^/static/ -> reads:rr");

    @Test
    void shouldNeverThrowNorStallNorReadBeyondTheBoundOnFuzzedInput() throws Exception {
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        service.add(FakeDestination.of("10.0.0.1", 80), FakeDestination.of("10.0.0.2", 80),
                FakeDestination.of("10.0.0.3", 80));
        FakeSchedulerContext c = context(service, Map.of("pools", "reads=10.0.0.1,10.0.0.2; writes=10.0.0.3",
                "rules", RULES, "default-pool", "all:rr", "max-bytes", (long) MAX_BYTES, "regex-steps", STEPS));
        HttpMethodScheduler s = create(c);
        SplittableRandom random = new SplittableRandom(20261121L);
        BoundedPacket packet = new BoundedPacket();
        byte[] buffer = new byte[4096];
        long maxSteps = 0;
        int sufficient = 0;
        for (int i = 0; i < CASES; i++) {
            int length = fill(random, buffer);
            packet.set(buffer, length, MAX_BYTES);
            if (s.payloadSufficient(packet)) {
                sufficient++;
            }
            assertTrue(packet.highestRead < MAX_BYTES);
            packet.set(buffer, length, MAX_BYTES);
            DestinationView d = s.schedule(service, packet, i);
            assertTrue(d != null, "case " + i);
            assertTrue(packet.highestRead < MAX_BYTES);
            maxSteps = Math.max(maxSteps, s.lastRegexSteps());
            assertTrue(s.lastRegexSteps() <= STEPS + 1, "case " + i + ": " + s.lastRegexSteps() + " steps");
        }
        long classified = c.metrics().count("non-http") + c.metrics().count("default");
        for (int r = 0; r < 7; r++) {
            classified += c.metrics().count("rule." + r);
        }
        classified += c.metrics().count("regex-budget-exceeded");
        assertEquals(CASES, classified, "every case counted exactly once");
        assertTrue(c.metrics().count("regex-budget-exceeded") > 1000, "the pathological rules were reached");
        assertTrue(classified - c.metrics().count("non-http") - c.metrics().count("regex-budget-exceeded")
                - c.metrics().count("default") > 10_000, "valid lines were classified by rules too");
        assertTrue(c.metrics().count("non-http") > 10_000);
        assertTrue(sufficient > CASES / 4);
        assertEquals(STEPS + 1, maxSteps, "the budget was hit and not exceeded");
    }

    /** Fills one case: random bytes, a valid line, or a mutated valid line; returns its length. */
    private static int fill(SplittableRandom random, byte[] buffer) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            int length = random.nextInt(buffer.length);
            for (int i = 0; i < length; i++) {
                buffer[i] = (byte) random.nextInt(256);
            }
            return length;
        }
        byte[] line = VALID[random.nextInt(VALID.length)].getBytes(StandardCharsets.ISO_8859_1);
        int length = line.length;
        System.arraycopy(line, 0, buffer, 0, length);
        if (kind == 1) {
            // A long target: repeat a character past the bound.
            int at = Math.min(length, 5 + random.nextInt(8));
            int extra = Math.min(buffer.length - length, random.nextInt(3000));
            System.arraycopy(buffer, at, buffer, at + extra, length - at);
            byte fillByte = pick(random, "ax/!y");
            for (int i = at; i < at + extra; i++) {
                buffer[i] = fillByte;
            }
            return length + extra;
        }
        if (kind >= 7) {
            return length;
        }
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && length > 0; m++) {
            int at = random.nextInt(length);
            switch (random.nextInt(4)) {
                case 0 -> buffer[at] = (byte) random.nextInt(256);
                case 1 -> {
                    System.arraycopy(buffer, at + 1, buffer, at, length - at - 1);
                    length--;
                }
                case 2 -> {
                    if (length < buffer.length) {
                        System.arraycopy(buffer, at, buffer, at + 1, length - at);
                        buffer[at] = pick(random, " \r\n/aHTTP");
                        length++;
                    }
                }
                default -> length = at;
            }
        }
        return length;
    }

    private static byte pick(SplittableRandom random, String choices) {
        return (byte) choices.charAt(random.nextInt(choices.length()));
    }
}
