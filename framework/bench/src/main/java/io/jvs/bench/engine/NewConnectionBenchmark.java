package io.jvs.bench.engine;

import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.EvictionReason;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * New connections per second through one worker: every packet is a SYN with a tuple never seen
 * before, so each one is parsed, misses the connection table, finds the service, is scheduled
 * (inline round robin over four NAT real servers), inserted (IN and OUT keys), moves to SYN_RECV
 * and is NAT-rewritten and transmitted. One operation is one new connection.
 *
 * <p>Unique tuples: {@value #FRAMES} SYN frames from {@value #FRAMES} client addresses are replayed
 * in a loop; each time the replay wraps, the benchmark moves every frame to the next source port (a
 * two-byte change with an incremental checksum update) and re-arms the replay with them, which
 * copies them into the data plane's memory again: about 10 ns per connection, inside the
 * measurement. Table size: the table holds {@code capacity} entries and is flushed before every
 * iteration (outside the measurement); an iteration that would fill it fails the run, so no
 * measured insert ever evicts for capacity. The default capacity (16M entries, about 2.2 GB with the
 * index) holds 2 s iterations up to 8M connections per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
public class NewConnectionBenchmark {

    /** SYN frames replayed, one per client address, each with a new source port per round. */
    static final int FRAMES = 1 << 16;
    private static final int BURSTS_PER_ROUND = FRAMES / NatBenchEngine.BATCH;
    private static final int FIRST_PORT = 1024;

    /** Connection-table capacity, entries; an iteration must insert fewer. */
    @Param({"16777216"})
    public int capacity;

    private NatBenchEngine engine;
    private byte[][] syns;
    private int burstInRound;
    private int port = FIRST_PORT;
    private long insertedBefore;

    /** Creates the engine and the SYN frames. */
    @Setup(Level.Trial)
    public void setUp() {
        engine = new NatBenchEngine(capacity);
        syns = new byte[FRAMES][];
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment scratch = arena.allocate(128, 64);
            for (int i = 0; i < FRAMES; i++) {
                syns[i] = NatBenchEngine.clientFrame(0x0A000000 + i, port, TcpFlags.SYN, scratch);
            }
        }
        engine.io().replay(0, syns);
    }

    /** Empties the table before each iteration. */
    @Setup(Level.Iteration)
    public void flush() {
        ConnectionTable table = engine.worker().table();
        table.flushAll(EvictionReason.FLUSHED, engine.nowNanos());
        insertedBefore = table.insertedCount();
    }

    /**
     * One worker cycle over a burst of SYNs of new tuples.
     *
     * @return the work count, consumed by JMH
     */
    @Benchmark
    @OperationsPerInvocation(NatBenchEngine.BATCH)
    public int newConnections() {
        int work = engine.cycle();
        if (++burstInRound == BURSTS_PER_ROUND) {
            burstInRound = 0;
            nextRound();
        }
        return work;
    }

    private void nextRound() {
        port = port == 65535 ? FIRST_PORT : port + 1;
        for (byte[] frame : syns) {
            NatBenchEngine.setSourcePort(frame, port);
        }
        engine.io().replay(0, syns);
    }

    /** Fails the run when the table filled up or a packet was not forwarded as a new connection. */
    @TearDown(Level.Iteration)
    public void check() {
        ConnectionTable table = engine.worker().table();
        if (table.evictionCount(EvictionReason.CAPACITY) != 0 || table.refusedFullCount() != 0
                || table.evictionCount(EvictionReason.REPLACED) != 0) {
            throw new IllegalStateException("the table filled up or a tuple repeated: raise capacity");
        }
        if (engine.counter(WorkerCounters.NEW_CONNECTIONS) != engine.counter(WorkerCounters.RX_PACKETS)) {
            throw new IllegalStateException("a SYN did not create a connection");
        }
        engine.checkEveryPacketForwarded();
        System.out.printf("  [%d connections inserted this iteration, capacity %d]%n",
                table.insertedCount() - insertedBefore, capacity);
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }
}
