package io.jvs.bench.maglev;

import io.jvs.plugins.maglev.FlowHash;
import io.jvs.plugins.maglev.HashFields;
import io.jvs.plugins.maglev.MaglevSchedulerFactory;
import io.jvs.spi.DestinationView;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one {@code mh} decision on a warm table: {@link Scheduler#schedule} hashing the packet
 * fields, indexing the table and checking the owner's eligibility, for 4096 different flows in turn
 * (so the table is read at random places). The scheduler is created through its factory over the
 * test kit's fake service and destinations; the packet is one reused {@link FlowPacket} pointed at
 * the next flow before each decision, as the engine's per-worker flyweight. Reports nanoseconds per
 * decision; {@code -prof gc} shows the bytes allocated per decision ({@code gc.alloc.rate.norm}),
 * which must be 0. {@link #flowHash} measures the hashing alone.
 *
 * <pre>java -jar framework/bench/target/benchmarks.jar 'maglev.MaglevLookup' -f 1 -wi 3 -i 5 -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MaglevLookupBenchmark {

    private static final int FLOWS = 4096;

    /** Which packet fields are hashed. */
    @Param({"source-ip", "5-tuple"})
    public String hashFields;

    /** Number of destinations N. */
    @Param({"1000"})
    public int destinations;

    /** Table size M. */
    @Param({"65537"})
    public int tableSize;

    private boolean hashSourcePort;
    private boolean hashDestination;
    private FakeService service;
    private Scheduler scheduler;
    private final FlowPacket packet = new FlowPacket();
    private int[] sourceAddresses;
    private int[] sourcePorts;
    private int virtualAddress;
    private int next;

    /** Creates the benchmark state; JMH does so once per trial. */
    public MaglevLookupBenchmark() {
    }

    /**
     * Creates the service, its scheduler (through the factory) and the flows.
     *
     * @throws InvalidParameterException never with these parameters
     */
    @Setup
    public void createScheduler() throws InvalidParameterException {
        service = FakeService.tcp("203.0.113.1", 80);
        for (int i = 0; i < destinations; i++) {
            service.add(FakeDestination.of(SyntheticKeys.address(i), 80));
        }
        FakeParameters parameters = FakeParameters.of(Map.of(MaglevSchedulerFactory.TABLE_SIZE, (long) tableSize,
                MaglevSchedulerFactory.HASH_FIELDS, hashFields, MaglevSchedulerFactory.PORT_FLAG, false,
                MaglevSchedulerFactory.FALLBACK_FLAG, false));
        scheduler = new MaglevSchedulerFactory().create(FakeSchedulerContext.of(service, parameters));
        HashFields fields = HashFields.fromParameterValue(hashFields);
        hashSourcePort = fields.includesSourcePort();
        hashDestination = fields.includesDestination();
        SplittableRandom random = new SplittableRandom(1);
        sourceAddresses = new int[FLOWS];
        sourcePorts = new int[FLOWS];
        for (int i = 0; i < FLOWS; i++) {
            sourceAddresses[i] = random.nextInt();
            sourcePorts[i] = random.nextInt(1024, 65536);
        }
        virtualAddress = FakePacket.ipv4Word("203.0.113.1");
    }

    /**
     * Schedules the next flow.
     *
     * @return the chosen destination
     */
    @Benchmark
    public DestinationView schedule() {
        nextFlow();
        return scheduler.schedule(service, packet, 0L);
    }

    /**
     * Only hashes the next flow's fields, the part of {@link #schedule} before the table read.
     *
     * @return the flow hash
     */
    @Benchmark
    public long flowHash() {
        nextFlow();
        return FlowHash.hash(packet, hashSourcePort, hashDestination);
    }

    private void nextFlow() {
        int i = next++ & (FLOWS - 1);
        packet.set(IpProtocol.TCP, sourceAddresses[i], sourcePorts[i], virtualAddress, 80);
    }
}
