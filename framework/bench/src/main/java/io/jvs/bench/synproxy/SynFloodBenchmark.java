package io.jvs.bench.synproxy;

import io.jvs.engine.Engine;
import io.jvs.engine.EngineSettings;
import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.SchedulerProvider;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.worker.Worker;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SYNs answered per second by one worker under a SYN flood of a SYN-proxied service: each SYN (MSS,
 * SACK-permitted, timestamps, window scale; 4096 different tuples replayed) is parsed, misses the
 * connection table, finds the service, gets its cookie and cookie timestamp, and is rewritten in its
 * own buffer into the SYN-ACK (headers and options written, checksums computed in full, MACs set)
 * and transmitted. No state is created. One operation is one SYN.
 *
 * <pre>java -jar framework/bench/target/benchmarks.jar 'synproxy.SynFlood' -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SynFloodBenchmark {

    private static final int BATCH = EngineSettings.DEFAULT_BATCH_CAPACITY;
    private static final int FRAMES = 4096;

    private InMemoryPacketIo io;
    private Engine engine;
    private Worker worker;
    private long nowNanos = 1_000_000_000L;

    /** Creates the state; JMH does so once per trial. */
    public SynFloodBenchmark() {
    }

    /** Creates the engine, its SYN-proxied service and the SYN frames. */
    @Setup(Level.Trial)
    public void setUp() {
        io = new InMemoryPacketIo(1, 4096, BATCH);
        io.setTransmitSink((queue, segment, offset, length, toKernel) -> { });
        SchedulerProvider first = new SchedulerProvider() {
            @Override
            public Scheduler create(String name, Map<String, String> parameters, ServiceView service) {
                return (svc, packet, now) -> svc.destinations().get(0);
            }

            @Override
            public boolean exists(String name) {
                return true;
            }
        };
        engine = new Engine(EngineSettings.defaults().withConnectionsPerWorker(1 << 16), first, io);
        worker = engine.workers().get(0);
        engine.services().apply(List.of(ServiceSpec.of(ServiceKey.tcp("203.0.113.1", 80), "first",
                DestinationSpec.nat("198.51.100.1", 8080)).withSynProxy(true)));
        SplittableRandom random = new SplittableRandom(3);
        byte[][] frames = new byte[FRAMES][];
        for (int i = 0; i < FRAMES; i++) {
            frames[i] = PacketBuilder.tcp4().src("10." + (i >>> 8) + "." + (i & 255) + ".1", random.nextInt(1024, 65536))
                    .dst("203.0.113.1", 80).flags(TcpFlags.SYN).seq(random.nextInt()).window(64240).mss(1460)
                    .sackPermitted().timestamps(random.nextInt(), 0).windowScale(7).build();
        }
        io.replay(0, frames);
    }

    /**
     * One worker cycle over a burst of SYNs.
     *
     * @return the work count
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int answerSyns() {
        nowNanos += 2_000;
        return worker.doWork(nowNanos);
    }

    /** Fails the run unless every SYN was answered and no state was created. */
    @TearDown(Level.Iteration)
    public void check() {
        long rx = worker.counters().get(WorkerCounters.RX_PACKETS);
        long answered = worker.counters().get(WorkerCounters.SYNPROXY_COOKIES_SENT);
        if (rx != answered || worker.table().size() != 0) {
            throw new IllegalStateException("received " + rx + " SYNs, answered " + answered + ", table size "
                    + worker.table().size());
        }
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        io.close();
    }
}
