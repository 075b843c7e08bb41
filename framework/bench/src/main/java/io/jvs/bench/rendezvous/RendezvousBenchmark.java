package io.jvs.bench.rendezvous;

import io.jvs.plugins.rendezvous.RendezvousSchedulerFactory;
import io.jvs.spi.DestinationView;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
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

/**
 * The GLB rendezvous scheduler ({@code glb}) with its defaults (65,536 rows, 2 hops, source-address
 * hash) and either table scoring ({@code glb-table-hash}), N IPv4 destinations of the test kit, one
 * thread:
 *
 * <ul>
 *   <li>{@link #build}: creating the scheduler, which builds the whole table ({@code 65536 * N}
 *       SipHash-2-4 evaluations with {@code siphash} scoring, the primary/secondary selection and the
 *       published rows), in microseconds per build.</li>
 *   <li>{@link #membershipChange}: {@code destinationAdded} or {@code destinationRemoved} of one
 *       destination, alternately: incremental updates of the order, then the rows re-derived.</li>
 *   <li>{@link #stateChange}: a parameter write that moves one destination between {@code draining}
 *       and {@code filling}: the rendezvous order is reused and only the rows are re-derived.</li>
 *   <li>{@link #schedule}: one {@code Scheduler.schedule} call (SipHash of the client address, row
 *       index, eligibility of the primary), in nanoseconds; run with {@code -prof gc} for the bytes
 *       allocated per call. Each call takes the next of 1024 prepared packets (random IPv4 clients).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RendezvousBenchmark {

    private static final int PACKETS = 1024;

    /** The number of destinations. */
    @Param({"16", "256", "1000"})
    public int destinations;

    /** The table scoring, {@code siphash} (GLB's table) or {@code mix}. */
    @Param({"siphash", "mix"})
    public String tableHash;

    private final RendezvousSchedulerFactory factory = new RendezvousSchedulerFactory();
    private FakeSchedulerContext context;
    private FakeService service;
    private Scheduler scheduler;
    private Scheduler lookup;
    private FakePacket[] packets;
    private FakeDestination extra;
    private boolean extraPresent;
    private String draining;
    private String filling;
    private boolean drain;
    private int next;

    /**
     * Creates the service, the scheduler and the packets.
     *
     * @throws InvalidParameterException never with the defaults
     */
    @Setup
    public void setUp() throws InvalidParameterException {
        service = FakeService.tcp("203.0.113.1", 80);
        Random random = new Random(42);
        for (int i = 0; i < destinations; i++) {
            service.add(FakeDestination.of("10.1." + (i >>> 8) + "." + (i & 0xFF), 8080));
        }
        context = FakeSchedulerContext.of(service, FakeParameters.defaults(factory.parameters(),
                Map.of(RendezvousSchedulerFactory.TABLE_HASH, tableHash)));
        scheduler = factory.create(context);
        lookup = factory.create(context);
        packets = new FakePacket[PACKETS];
        for (int i = 0; i < PACKETS; i++) {
            packets[i] = FakePacket.tcp(random.nextInt(), 1024 + random.nextInt(60000), 0xCB007101, 80);
        }
        extra = FakeDestination.of("10.2.0.1", 8080);
        extraPresent = false;
        String key = service.destinations().get(0).key();
        draining = key + "=draining";
        filling = key + "=filling";
        drain = true;
        scheduler.writeParameterText(draining);
    }

    /**
     * Builds the whole table.
     *
     * @return the scheduler, so that the build is not eliminated
     * @throws InvalidParameterException never with the defaults
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Scheduler build() throws InvalidParameterException {
        return factory.create(context);
    }

    /**
     * Moves the first destination between draining and filling.
     *
     * @return the scheduler
     * @throws InvalidParameterException never: both transitions are safe
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Scheduler stateChange() throws InvalidParameterException {
        drain = !drain;
        scheduler.writeParameterText(drain ? draining : filling);
        return scheduler;
    }

    /**
     * Adds or removes one destination through the hooks, alternately: the order is updated
     * incrementally (one score per row to add; the rows that held it are ranked again to remove).
     *
     * @return the scheduler
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Scheduler membershipChange() {
        if (extraPresent) {
            service.remove(extra);
            scheduler.destinationRemoved(service, extra);
            extra.available(true);
        } else {
            service.add(extra);
            scheduler.destinationAdded(service, extra);
        }
        extraPresent = !extraPresent;
        return scheduler;
    }

    /**
     * Chooses a destination for the next packet.
     *
     * @return the destination
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public DestinationView schedule() {
        FakePacket packet = packets[next++ & (PACKETS - 1)];
        return lookup.schedule(service, packet, next);
    }
}
