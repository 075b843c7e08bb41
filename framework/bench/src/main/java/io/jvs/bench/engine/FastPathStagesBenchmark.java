package io.jvs.bench.engine;

import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.conn.FlowKey;
import io.jvs.engine.forward.AddressRewriter;
import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.engine.packet.TcpFlags;
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
 * Where the established-flow fast path spends its time: the stages of
 * {@link EstablishedFlowBenchmark#pipeline} rebuilt from the engine's public pieces, cumulatively,
 * on the same connections and frames, in nanoseconds per packet (bursts of
 * {@value NatBenchEngine#BATCH}). The difference between two consecutive stages is the cost of the
 * stage added.
 *
 * <ol>
 *   <li>{@link #parse}: {@code PacketParser.parse} of each frame of a burst.</li>
 *   <li>{@link #parseHash}: + the packet's {@code FlowKey} and the table's hash of it.</li>
 *   <li>{@link #parseHashLookup}: + the two prefetch loops and the lookups.</li>
 *   <li>{@link #parseHashLookupState}: + {@code ConnectionTable.packet} (TCP state, deadline).</li>
 *   <li>{@link #copyParseRewrite}: restore the burst (one 2 KiB copy), parse, NAT rewrite (TTL,
 *       destination address and port, IPv4 and TCP checksums); compare with {@link #parse}.</li>
 * </ol>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class FastPathStagesBenchmark {

    private static final int BATCH = NatBenchEngine.BATCH;
    private static final int STRIDE = 64;

    /** Concurrent connections in the table. */
    @Param({"65536", "1048576"})
    public int flows;

    private NatBenchEngine engine;
    private ConnectionTable table;
    private Arena arena;
    private MemorySegment pristine;
    private MemorySegment work;
    private int length;
    private int bursts;
    private int nextBurst;
    private final ParsedPacket[] packets = new ParsedPacket[BATCH];
    private final FlowKey[] keys = new FlowKey[BATCH];
    private final long[] hashes = new long[BATCH];

    /** Creates the connections and the frames. */
    @Setup(Level.Trial)
    public void setUp() {
        engine = NatBenchEngine.withConnections(flows);
        table = engine.worker().table();
        byte[][] acks = NatBenchEngine.shuffledFlowFrames(flows, TcpFlags.ACK, 2);
        length = acks[0].length;
        arena = Arena.ofShared();
        pristine = NatBenchEngine.nativeCopy(acks, STRIDE, arena);
        work = arena.allocate((long) BATCH * STRIDE, 64);
        for (int k = 0; k < BATCH; k++) {
            packets[k] = new ParsedPacket();
            keys[k] = new FlowKey();
        }
        bursts = flows / BATCH;
    }

    private long nextBurstOffset() {
        long offset = (long) nextBurst * BATCH * STRIDE;
        nextBurst = nextBurst + 1 == bursts ? 0 : nextBurst + 1;
        return offset;
    }

    /**
     * Stage 1.
     *
     * @return a sum of parse results, consumed by JMH
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int parse() {
        long offset = nextBurstOffset();
        int sum = 0;
        for (int k = 0; k < BATCH; k++) {
            sum += PacketParser.parse(pristine, offset + (long) k * STRIDE, length, packets[k]);
        }
        return sum;
    }

    /**
     * Stage 2.
     *
     * @return a sum of hashes, consumed by JMH
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long parseHash() {
        return parseAndHashBurst();
    }

    /**
     * Stage 3.
     *
     * @return a sum of hits, consumed by JMH
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long parseHashLookup() {
        long sum = parseAndHashBurst();
        prefetchBurst();
        for (int k = 0; k < BATCH; k++) {
            sum += table.lookup(keys[k], hashes[k]);
        }
        return sum;
    }

    /**
     * Stage 4.
     *
     * @return a sum of states, consumed by JMH
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long parseHashLookupState() {
        long sum = parseAndHashBurst();
        long now = engine.tick();
        prefetchBurst();
        for (int k = 0; k < BATCH; k++) {
            int hit = table.lookup(keys[k], hashes[k]);
            sum += table.packet(ConnectionTable.entryOf(hit), ConnectionTable.directionOf(hit), TcpFlags.ACK, now);
        }
        return sum;
    }

    /**
     * Stage 5, beside stage 1.
     *
     * @return a sum of rewrite results, consumed by JMH
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int copyParseRewrite() {
        MemorySegment.copy(pristine, nextBurstOffset(), work, 0, (long) BATCH * STRIDE);
        int sum = 0;
        for (int k = 0; k < BATCH; k++) {
            ParsedPacket p = packets[k];
            sum += PacketParser.parse(work, (long) k * STRIDE, length, p);
            sum += AddressRewriter.rewriteDestination(p, 0xC6336401, 0, 0, 0, 8080);
        }
        return sum;
    }

    private long parseAndHashBurst() {
        long offset = nextBurstOffset();
        long sum = 0;
        for (int k = 0; k < BATCH; k++) {
            ParsedPacket p = packets[k];
            PacketParser.parse(pristine, offset + (long) k * STRIDE, length, p);
            FlowKey key = keys[k];
            key.set(p.family(), p.protocol(), p.sourceAddressWord(0), p.sourceAddressWord(1),
                    p.sourceAddressWord(2), p.sourceAddressWord(3), p.sourcePort(), p.destinationAddressWord(0),
                    p.destinationAddressWord(1), p.destinationAddressWord(2), p.destinationAddressWord(3),
                    p.destinationPort());
            hashes[k] = table.hash(key);
            sum += hashes[k];
        }
        return sum;
    }

    private void prefetchBurst() {
        for (int k = 0; k < BATCH; k++) {
            table.prefetchSlot(hashes[k]);
        }
        for (int k = 0; k < BATCH; k++) {
            table.prefetch(hashes[k]);
        }
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        arena.close();
    }
}
