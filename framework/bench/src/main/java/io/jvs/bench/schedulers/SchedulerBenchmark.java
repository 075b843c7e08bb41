package io.jvs.bench.schedulers;

import io.jvs.plugins.ipvs.DestinationHashingSchedulerFactory;
import io.jvs.plugins.ipvs.LeastConnectionSchedulerFactory;
import io.jvs.plugins.ipvs.LocalityBasedLeastConnectionSchedulerFactory;
import io.jvs.plugins.ipvs.LocalityBasedReplicatedLeastConnectionSchedulerFactory;
import io.jvs.plugins.ipvs.NeverQueueSchedulerFactory;
import io.jvs.plugins.ipvs.OverflowSchedulerFactory;
import io.jvs.plugins.ipvs.PowerOfTwoChoicesSchedulerFactory;
import io.jvs.plugins.ipvs.RoundRobinSchedulerFactory;
import io.jvs.plugins.ipvs.ShortestExpectedDelaySchedulerFactory;
import io.jvs.plugins.ipvs.SourceHashingSchedulerFactory;
import io.jvs.plugins.ipvs.WeightedFailoverSchedulerFactory;
import io.jvs.plugins.ipvs.WeightedLeastConnectionSchedulerFactory;
import io.jvs.plugins.ipvs.WeightedRoundRobinSchedulerFactory;
import io.jvs.spi.DestinationView;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerFactory;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.util.List;
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

/**
 * The cost of one {@code Scheduler.schedule} call, per IPVS scheduler, at 10 and 1000 destinations,
 * in nanoseconds per call on one thread. Run it with {@code -prof gc} to see
 * {@code gc.alloc.rate.norm}, the bytes allocated per call (0 expected).
 *
 * <p>The service is the test kit's {@link FakeService}; its destinations have volatile fields, as
 * the engine's. Weights cycle 1, 2, 3, 4; connection counts are random (seeded), 0..5 active and
 * 0..99 inactive, so that every destination is a candidate for {@code ovf}. Each call takes the
 * next of 1024 prepared packets (random clients, 256 destination addresses, so that {@code lblc}
 * and {@code lblcr} mostly find their entries) and a clock advanced by 1 µs; that bookkeeping is
 * included in the figure (about 1 ns).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SchedulerBenchmark {

    private static final List<SchedulerFactory> FACTORIES = List.of(new RoundRobinSchedulerFactory(),
            new WeightedRoundRobinSchedulerFactory(), new LeastConnectionSchedulerFactory(),
            new WeightedLeastConnectionSchedulerFactory(), new ShortestExpectedDelaySchedulerFactory(),
            new NeverQueueSchedulerFactory(), new WeightedFailoverSchedulerFactory(), new OverflowSchedulerFactory(),
            new LocalityBasedLeastConnectionSchedulerFactory(),
            new LocalityBasedReplicatedLeastConnectionSchedulerFactory(), new DestinationHashingSchedulerFactory(),
            new SourceHashingSchedulerFactory(), new PowerOfTwoChoicesSchedulerFactory());

    private static final int PACKETS = 1024;

    /** The scheduler's name. */
    @Param({"rr", "wrr", "lc", "wlc", "sed", "nq", "fo", "ovf", "lblc", "lblcr", "dh", "sh", "twos"})
    public String scheduler;

    /** The number of destinations of the service. */
    @Param({"10", "1000"})
    public int destinations;

    private FakeService service;
    private Scheduler instance;
    private PacketView[] packets;
    private int next;
    private long nowNanos;

    /** Creates benchmark state; JMH calls {@link #setUp()} before measuring. */
    public SchedulerBenchmark() {
    }

    /**
     * Builds the service, the scheduler (with its declared defaults) and the packets.
     *
     * @throws InvalidParameterException never with the defaults
     */
    @Setup
    public void setUp() throws InvalidParameterException {
        Random random = new Random(42);
        service = FakeService.tcp("203.0.113.1", 80);
        for (int i = 0; i < destinations; i++) {
            service.add(FakeDestination.of("10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF), 8080)
                    .weight(1 + i % 4).connections(random.nextInt(6), random.nextInt(100)));
        }
        SchedulerFactory factory = FACTORIES.stream().filter(f -> f.name().equals(scheduler)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scheduler " + scheduler));
        instance = factory.create(FakeSchedulerContext.of(service, FakeParameters.defaults(factory.parameters())));
        packets = new PacketView[PACKETS];
        for (int i = 0; i < PACKETS; i++) {
            packets[i] = FakePacket.tcp(random.nextInt(), 1024 + random.nextInt(60000), 0xC0000200 | random.nextInt(256),
                    80);
        }
    }

    /**
     * Schedules one new flow.
     *
     * @return the chosen destination, so that the call is not eliminated
     */
    @Benchmark
    public DestinationView schedule() {
        PacketView packet = packets[next++ & (PACKETS - 1)];
        nowNanos += 1_000L;
        return instance.schedule(service, packet, nowNanos);
    }
}
