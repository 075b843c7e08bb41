package io.jvs.bench.offsethash;

import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParseResult;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.plugins.offsethash.OffsetHashSchedulerFactory;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Random;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-packet cost of {@code offh}, in nanoseconds per new flow on one thread: what the engine
 * calls for a new UDP flow, {@code sessionKey(packet)} then {@code schedule(service, packet, now)}
 * (hash the session bytes, then index the Maglev table), and {@code sessionKey} alone (what an
 * established, keyed flow pays per client datagram). Run with {@code -prof gc} for
 * {@code gc.alloc.rate.norm}, the bytes allocated per call (0 expected).
 *
 * <p>The packets are 1024 real IPv4/UDP frames parsed by the engine's {@link PacketParser} into
 * {@link ParsedPacket} flyweights (the engine's own {@code PacketView}), each with 64 payload bytes
 * and a random session id at offset 4; each call takes the next one. The service and its destinations
 * are the test kit's fakes (volatile fields, like the engine's), equal weights, the default table of
 * 65537 slots, all destinations eligible.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class OffsetHashBenchmark {

    private static final int PACKETS = 1024;

    /** The number of destinations of the service. */
    @Param({"10", "1000"})
    public int destinations;

    /** The session id's length in bytes ({@code offlen}). */
    @Param({"8", "32"})
    public int offlen;

    private FakeService service;
    private Scheduler offh;
    private ParsedPacket[] packets;
    private int next;
    private long nowNanos;

    /** Creates benchmark state; JMH calls {@link #setUp()} before measuring. */
    public OffsetHashBenchmark() {
    }

    /**
     * Builds the service, the scheduler and the packets.
     *
     * @throws InvalidParameterException never with these parameters
     */
    @Setup
    public void setUp() throws InvalidParameterException {
        Random random = new Random(42);
        service = FakeService.udp("203.0.113.5", 4000);
        for (int i = 0; i < destinations; i++) {
            service.add(FakeDestination.of("10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF), 4000));
        }
        OffsetHashSchedulerFactory factory = new OffsetHashSchedulerFactory();
        offh = factory.create(FakeSchedulerContext.of(service, FakeParameters.defaults(factory.parameters(),
                Map.of(OffsetHashSchedulerFactory.OFFSET, 4L, OffsetHashSchedulerFactory.OFFLEN, (long) offlen))));
        packets = new ParsedPacket[PACKETS];
        for (int i = 0; i < PACKETS; i++) {
            byte[] payload = new byte[64];
            random.nextBytes(payload);
            byte[] frame = PacketBuilder.udp4().src("198.51." + random.nextInt(256) + "." + random.nextInt(256),
                    1024 + random.nextInt(60000)).dst("203.0.113.5", 4000).payload(payload).build();
            packets[i] = new ParsedPacket();
            if (PacketParser.parse(MemorySegment.ofArray(frame), 0, frame.length, packets[i]) != ParseResult.OK) {
                throw new IllegalStateException("frame " + i + " does not parse");
            }
        }
    }

    /**
     * A new flow, as the engine's {@code FlowScheduler.open} handles it: its session key, then its
     * destination.
     *
     * @param sink consumes both results, so that neither call is eliminated
     */
    @Benchmark
    public void sessionKeyAndSchedule(Blackhole sink) {
        ParsedPacket packet = packets[next++ & (PACKETS - 1)];
        nowNanos += 1_000L;
        sink.consume(offh.sessionKey(packet));
        sink.consume(offh.schedule(service, packet, nowNanos));
    }

    /**
     * A datagram of an established flow: its session key only.
     *
     * @return the key, so that the call is not eliminated
     */
    @Benchmark
    public long sessionKey() {
        return offh.sessionKey(packets[next++ & (PACKETS - 1)]);
    }
}
