package io.jvs.bench.http;

import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParseResult;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.plugins.http.HttpMethodSchedulerFactory;
import io.jvs.plugins.ipvs.RoundRobinSchedulerFactory;
import io.jvs.plugins.ipvs.WeightedLeastConnectionSchedulerFactory;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of {@code http-method} per new connection, in nanoseconds on one thread: what the packet
 * engine calls for the first data segment of a TCP connection, {@code schedule(service, packet,
 * now)} (scan the request line, match the rules, let the pool's inner scheduler choose), and
 * {@code payloadSufficient(packet)} (what the proxy asks after each read). The baseline
 * {@code roundRobinOnly} is the inner {@code rr} alone on the same packet, so that the difference is
 * the classification. Run with {@code -prof gc} for {@code gc.alloc.rate.norm} (0 B/op expected).
 *
 * <p>The packets are real IPv4/TCP frames parsed by the engine's {@link PacketParser} into
 * {@link ParsedPacket} flyweights (the engine's own {@code PacketView}), carrying:
 * <ul>
 *   <li>{@code get}: a typical browser request, {@code GET /static/js/app.min.js?v=20261121 HTTP/1.1}
 *       and headers; it passes the URI rule {@code ^/static/} (one regex search);</li>
 *   <li>{@code post}: {@code POST /api/v2/orders/184467/items HTTP/1.1}; it fails the GET rules on the
 *       method mask (no regex) and matches the write rule;</li>
 *   <li>{@code nonhttp}: a TLS ClientHello; the scan stops at the first byte.</li>
 * </ul>
 * The rules are the read/write split of {@code docs/schedulers.md}: three rules, two pools, inner
 * {@code rr} and {@code wlc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class HttpClassifierBenchmark {

    /** The first payload of the connection. */
    @Param({"get", "post", "nonhttp"})
    public String request;

    private FakeService service;
    private Scheduler classifier;
    private Scheduler roundRobin;
    private ParsedPacket packet;
    private long nowNanos;

    /** Creates benchmark state; JMH calls {@link #setUp()} before measuring. */
    public HttpClassifierBenchmark() {
    }

    /**
     * Builds the service, the schedulers and the packet.
     *
     * @throws InvalidParameterException never with these parameters
     */
    @Setup
    public void setUp() throws InvalidParameterException {
        service = FakeService.tcp("203.0.113.1", 80);
        for (int i = 1; i <= 6; i++) {
            service.add(FakeDestination.of("10.0.0." + i, 80));
        }
        HttpMethodSchedulerFactory factory = new HttpMethodSchedulerFactory();
        FakeSchedulerContext context = FakeSchedulerContext.of(service, FakeParameters.defaults(factory.parameters(),
                Map.of("pools", "reads=10.0.0.1:80,10.0.0.2:80,10.0.0.3:80; statics=10.0.0.4:80;"
                        + " writes=10.0.0.5:80,10.0.0.6:80",
                        "rules", "method=GET|HEAD uri=^/static/ -> statics:rr; method=GET|HEAD -> reads:rr;"
                                + " method=POST|PUT|DELETE|PATCH -> writes:wlc",
                        "default-pool", "writes:wlc")))
                .withSchedulers(new RoundRobinSchedulerFactory(), new WeightedLeastConnectionSchedulerFactory());
        classifier = factory.create(context);
        roundRobin = new RoundRobinSchedulerFactory().create(FakeSchedulerContext.of(service));
        byte[] payload = switch (request) {
            case "get" -> ("GET /static/js/app.min.js?v=20261121 HTTP/1.1\r\nHost: www.example.com\r\n"
                    + "User-Agent: Mozilla/5.0\r\nAccept: */*\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            case "post" -> ("POST /api/v2/orders/184467/items HTTP/1.1\r\nHost: api.example.com\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            case "nonhttp" -> new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
            default -> throw new IllegalArgumentException(request);
        };
        byte[] frame = PacketBuilder.tcp4().src("198.51.100.7", 40000).dst("203.0.113.1", 80).payload(payload).build();
        packet = new ParsedPacket();
        if (PacketParser.parse(MemorySegment.ofArray(frame), 0, frame.length, packet) != ParseResult.OK) {
            throw new IllegalStateException("the frame does not parse");
        }
        if (classifier.schedule(service, packet, 0) == null) {
            throw new IllegalStateException("no destination for " + request);
        }
    }

    /**
     * A new connection's first data segment, classified and scheduled.
     *
     * @return the destination, so that the call is not eliminated
     */
    @Benchmark
    public Object classifyAndSchedule() {
        nowNanos += 1_000L;
        return classifier.schedule(service, packet, nowNanos);
    }

    /**
     * The proxy's question after a read: has the request line ended?
     *
     * @return the answer, so that the call is not eliminated
     */
    @Benchmark
    public boolean payloadSufficient() {
        return classifier.payloadSufficient(packet);
    }

    /**
     * The worst case the step budget allows: a URI rule {@code ^/((a+)+)+$} (exponential
     * backtracking) against {@code /aaaa...a!} (40 {@code a}), the default {@code regex-steps} of
     * 4096 spent, then the default pool.
     *
     * @param worst the pathological scheduler and packet
     * @return the destination, so that the call is not eliminated
     */
    @Benchmark
    public Object pathologicalRegex(Pathological worst) {
        nowNanos += 1_000L;
        return worst.classifier.schedule(worst.service, worst.packet, nowNanos);
    }

    /** A classifier whose only rule backtracks exponentially, and a target that makes it. */
    @State(Scope.Thread)
    public static class Pathological {
        FakeService service;
        Scheduler classifier;
        ParsedPacket packet;

        /** Creates the state; JMH calls {@link #setUp()}. */
        public Pathological() {
        }

        /**
         * Builds the scheduler and the packet.
         *
         * @throws InvalidParameterException never with these parameters
         */
        @Setup
        public void setUp() throws InvalidParameterException {
            service = FakeService.tcp("203.0.113.1", 80);
            service.add(FakeDestination.of("10.0.0.1", 80), FakeDestination.of("10.0.0.2", 80));
            HttpMethodSchedulerFactory factory = new HttpMethodSchedulerFactory();
            classifier = factory.create(FakeSchedulerContext.of(service, FakeParameters.defaults(factory.parameters(),
                    Map.of("pools", "a=10.0.0.1:80; b=10.0.0.2:80", "rules", "uri=^/((a+)+)+$ -> a:rr",
                            "default-pool", "b:rr")))
                    .withSchedulers(new RoundRobinSchedulerFactory()));
            byte[] frame = PacketBuilder.tcp4().src("198.51.100.7", 40000).dst("203.0.113.1", 80)
                    .payload("GET /" + "a".repeat(40) + "! HTTP/1.1\r\n\r\n").build();
            packet = new ParsedPacket();
            if (PacketParser.parse(MemorySegment.ofArray(frame), 0, frame.length, packet) != ParseResult.OK) {
                throw new IllegalStateException("the frame does not parse");
            }
        }
    }

    /**
     * The baseline: the inner {@code rr} alone on the same packet.
     *
     * @return the destination, so that the call is not eliminated
     */
    @Benchmark
    public Object roundRobinOnly() {
        nowNanos += 1_000L;
        return roundRobin.schedule(service, packet, nowNanos);
    }
}
