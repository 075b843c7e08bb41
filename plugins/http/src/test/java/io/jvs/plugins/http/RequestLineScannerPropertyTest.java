package io.jvs.plugins.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The hand-written scanner agrees with the classic regex, used here as the reference: a line is
 * {@code COMPLETE} exactly when {@code ^(METHODS) ([\x21-\x7E]+) HTTP/(\d)\.(\d)\r?\n} matches a
 * prefix of the bytes, with the same method, target and version; otherwise it is {@code INCOMPLETE}
 * exactly when the bytes are a proper prefix of some line that would match, else {@code NOT_HTTP}.
 */
class RequestLineScannerPropertyTest {

    private static final MethodSet METHODS = MethodSet.parse(MethodSet.DEFAULT);
    private static final Pattern REFERENCE = Pattern.compile(
            "^(GET|HEAD|POST|PUT|DELETE|CONNECT|OPTIONS|TRACE|PATCH) ([\\x21-\\x7E]+) HTTP/(\\d)\\.(\\d)\\r?\\n");

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> method = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH")),
                Tuple.of(1, Arbitraries.of("get", "PRI", "GETS", "", "BREW", "GE", "OPTIONSX")));
        Arbitrary<String> target = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().withChars("/az09?=%.").ofMinLength(1).ofMaxLength(12)),
                Tuple.of(1, Arbitraries.strings().withChars("/a\u00e9\t\u0000 ").ofMinLength(0).ofMaxLength(6)));
        Arbitrary<String> version = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("HTTP/1.1", "HTTP/1.0", "HTTP/2.0")),
                Tuple.of(1, Arbitraries.of("HTTP/1.", "HTTP/x.1", "HTTP1.1", "http/1.1", "", "HTTP/11.1")));
        Arbitrary<String> end = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("\r\n", "\n")),
                Tuple.of(1, Arbitraries.of("\r", "", "\r\r\n", " \r\n", "x\n")));
        Arbitrary<String> separator = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(" ")),
                Tuple.of(1, Arbitraries.of("  ", "\t", "")));
        Arbitrary<Integer> cut = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(Integer.MAX_VALUE)),
                Tuple.of(1, Arbitraries.integers().between(0, 40)));
        return Combinators.combine(method, separator, target, separator, version, end, cut)
                .as((m, s1, t, s2, v, e, at) -> {
                    String line = m + s1 + t + s2 + v + e + "Host: x\r\n";
                    return line.substring(0, Math.min(line.length(), at));
                });
    }

    @Property(tries = 3000, seed = "20261121")
    void shouldAgreeWithTheClassicRegex(@ForAll("lines") String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        BoundedPacket packet = new BoundedPacket().set(bytes, bytes.length, bytes.length);
        PayloadBytes payload = new PayloadBytes();
        payload.wrap(packet, 2048);
        RequestLine line = new RequestLine();
        int status = RequestLineScanner.scan(payload, METHODS, line);
        Statistics.label("status").collect(status);
        Statistics.label("status").coverage(coverage -> {
            coverage.check(RequestLineScanner.COMPLETE).count(c -> c >= 20);
            coverage.check(RequestLineScanner.INCOMPLETE).count(c -> c >= 20);
            coverage.check(RequestLineScanner.NOT_HTTP).count(c -> c >= 20);
        });

        Matcher m = REFERENCE.matcher(text);
        if (m.find()) {
            assertEquals(RequestLineScanner.COMPLETE, status, text);
            assertEquals(m.group(1), METHODS.name(line.method));
            assertEquals(m.group(2), text.substring(line.targetStart, line.targetEnd));
            assertEquals(Integer.parseInt(m.group(3)), line.versionMajor);
            assertEquals(Integer.parseInt(m.group(4)), line.versionMinor);
            assertEquals(m.end(), line.lineEnd);
        } else {
            assertEquals(couldStillMatch(text) ? RequestLineScanner.INCOMPLETE : RequestLineScanner.NOT_HTTP,
                    status, text);
        }
    }

    /** Whether some continuation of {@code text} matches the reference: the matcher hit the end while matching. */
    private static boolean couldStillMatch(String text) {
        Matcher m = REFERENCE.matcher(text);
        return !m.lookingAt() && m.hitEnd();
    }
}
