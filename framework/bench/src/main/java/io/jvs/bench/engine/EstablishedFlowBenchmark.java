package io.jvs.bench.engine;

import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.io.PacketBatch;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.pipeline.PacketPipeline;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The engine's fast path for established flows: 64-byte TCP ACKs of {@code flows} NAT connections,
 * in random order, through one worker. One operation is one packet (scores are packets per second;
 * each invocation is one burst of {@value NatBenchEngine#BATCH}).
 *
 * <ul>
 *   <li>{@link #worker}: {@code Worker.doWork} over {@link InMemoryPacketIo#replay}: receive (copy of
 *       each frame into the worker's buffers), parse, connection lookup, TCP state, NAT rewrite,
 *       transmit (to a sink that discards), expiry check. The acceptance figure.</li>
 *   <li>{@link #pipeline}: {@code PacketPipeline.process} alone over a prepared burst; each burst
 *       is restored from a pristine copy by one 2 KiB bulk copy (the rewrite changes the frames).</li>
 *   <li>{@link #io}: the data plane alone (receive, all verdicts TRANSMIT, transmit), no pipeline:
 *       {@code worker - io} is what the pipeline costs inside the worker.</li>
 * </ul>
 *
 * <p>Setup sends one SYN per flow (the connections exist, in SYN_RECV); the first ACK of each flow
 * moves it to ESTABLISHED during warm-up. The trial fails if any packet was not forwarded.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class EstablishedFlowBenchmark {

    private static final int FRAME_STRIDE = 64;

    /** Concurrent connections in the table. */
    @Param({"65536", "1048576"})
    public int flows;

    private NatBenchEngine engine;
    private PacketPipeline pipeline;
    private Arena arena;
    private MemorySegment pristine;
    private MemorySegment work;
    private PacketBatch batch;
    private final PacketBatch ioBatch = new PacketBatch(NatBenchEngine.BATCH);
    private int nextBurst;
    private int bursts;

    /** Creates the engine and its connections and prepares the frames. */
    @Setup(Level.Trial)
    public void setUp() {
        engine = NatBenchEngine.withConnections(flows);
        byte[][] acks = NatBenchEngine.shuffledFlowFrames(flows, TcpFlags.ACK, 2);
        engine.io().replay(0, acks);
        pipeline = engine.worker().pipeline();

        arena = Arena.ofShared();
        pristine = NatBenchEngine.nativeCopy(acks, FRAME_STRIDE, arena);
        work = arena.allocate((long) NatBenchEngine.BATCH * FRAME_STRIDE, 64);
        batch = new PacketBatch(NatBenchEngine.BATCH);
        for (int i = 0; i < NatBenchEngine.BATCH; i++) {
            batch.segments[i] = work;
            batch.offsets[i] = (long) i * FRAME_STRIDE;
            batch.lengths[i] = acks[0].length;
            batch.tailrooms[i] = FRAME_STRIDE - acks[0].length;
        }
        bursts = flows / NatBenchEngine.BATCH;
    }

    /**
     * One worker cycle over a burst of replayed frames.
     *
     * @return the work count, consumed by JMH
     */
    @Benchmark
    @OperationsPerInvocation(NatBenchEngine.BATCH)
    public int worker() {
        return engine.cycle();
    }

    /**
     * The pipeline over a prepared burst, restored by one bulk copy.
     *
     * @return a verdict, consumed by JMH
     */
    @Benchmark
    @OperationsPerInvocation(NatBenchEngine.BATCH)
    public byte pipeline() {
        long now = engine.tick();
        MemorySegment.copy(pristine, (long) nextBurst * NatBenchEngine.BATCH * FRAME_STRIDE, work, 0,
                (long) NatBenchEngine.BATCH * FRAME_STRIDE);
        nextBurst = nextBurst + 1 == bursts ? 0 : nextBurst + 1;
        batch.setCount(NatBenchEngine.BATCH);
        pipeline.process(batch, now);
        return batch.verdicts[NatBenchEngine.BATCH - 1];
    }

    /**
     * The data plane alone: receive a replayed burst and transmit all of it.
     *
     * @return the number of frames sent, consumed by JMH
     */
    @Benchmark
    @OperationsPerInvocation(NatBenchEngine.BATCH)
    public int io() {
        InMemoryPacketIo io = engine.io();
        int n = io.receive(0, ioBatch);
        for (int i = 0; i < n; i++) {
            ioBatch.verdicts[i] = PacketBatch.TRANSMIT;
        }
        return io.transmit(0, ioBatch);
    }

    /** Checks that the measured path forwarded every packet, then frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            engine.checkEveryPacketForwarded();
        } finally {
            engine.close();
            arena.close();
        }
    }
}
