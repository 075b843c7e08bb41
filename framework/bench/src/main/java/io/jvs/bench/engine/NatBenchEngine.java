package io.jvs.bench.engine;

import io.jvs.engine.Engine;
import io.jvs.engine.EngineSettings;
import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.packet.EthernetHeader;
import io.jvs.engine.packet.InternetChecksum;
import io.jvs.engine.packet.Ipv4Header;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.packet.TcpHeader;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.worker.Worker;
import io.jvs.engine.worker.WorkerCounters;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Random;

/**
 * The engine the packet benchmarks drive: one worker, one NAT TCP service {@value #VIP}:{@value #VPORT}
 * with four real servers behind an inline round-robin scheduler, an {@link InMemoryPacketIo} whose
 * transmitted frames are discarded, and a simulated clock that advances {@value #NANOS_PER_BURST} ns
 * per burst (about real time at 16 Mpps).
 *
 * <p>Client flow {@code f} of a benchmark is the TCP tuple {@code 10.0.0.0 + (f >>> 6)} port
 * {@code 1024 + (f & 63)} to the service: 64 connections per client address. Frames are 60 bytes
 * (64 on the wire with the FCS): Ethernet, IPv4 and TCP headers, no options, padded.
 */
final class NatBenchEngine implements AutoCloseable {

    /** Packets per burst: the engine's default, as DPDK's usual burst. */
    static final int BATCH = EngineSettings.DEFAULT_BATCH_CAPACITY;
    /** The virtual service address. */
    static final String VIP = "203.0.113.1";
    /** The virtual service port. */
    static final int VPORT = 80;
    /** Simulated nanoseconds per burst. */
    static final long NANOS_PER_BURST = 2_000;
    /** Receive ring slots used while flows are set up. */
    private static final int RING = 4096;

    private final InMemoryPacketIo io;
    private final Engine engine;
    private final Worker worker;
    private long nowNanos = 1_000_000_000L;

    /**
     * Creates the engine and its service.
     *
     * @param capacity connection-table capacity, entries
     */
    NatBenchEngine(int capacity) {
        EngineSettings settings = EngineSettings.defaults().withConnectionsPerWorker(capacity);
        this.io = new InMemoryPacketIo(1, RING, BATCH);
        io.setTransmitSink((queue, segment, offset, length, toKernel) -> { });
        this.engine = new Engine(settings, new RoundRobinProvider(), io);
        this.worker = engine.workers().get(0);
        engine.services().apply(List.of(ServiceSpec.of(ServiceKey.tcp(VIP, VPORT), RoundRobinProvider.NAME,
                DestinationSpec.nat("198.51.100.1", 8080), DestinationSpec.nat("198.51.100.2", 8080),
                DestinationSpec.nat("198.51.100.3", 8080), DestinationSpec.nat("198.51.100.4", 8080))));
    }

    /**
     * Creates an engine whose table holds {@code flows} connections: one SYN per flow, in random
     * order, sent through the worker (the connections are then in SYN_RECV; the first ACK of each
     * makes it ESTABLISHED).
     *
     * @param flows the number of client flows
     * @return the engine
     */
    static NatBenchEngine withConnections(int flows) {
        NatBenchEngine engine = new NatBenchEngine(flows + flows / 4);
        engine.sendAll(shuffledFlowFrames(flows, TcpFlags.SYN, 1));
        if (engine.worker().table().size() != flows) {
            throw new IllegalStateException("expected " + flows + " connections, found "
                    + engine.worker().table().size());
        }
        return engine;
    }

    /**
     * Copies frames one after the other into native memory, {@code stride} bytes apart.
     *
     * @param frames the frames
     * @param stride bytes per frame, at least the longest frame
     * @param arena where to allocate
     * @return the memory
     */
    static MemorySegment nativeCopy(byte[][] frames, int stride, Arena arena) {
        MemorySegment memory = arena.allocate((long) frames.length * stride, 64);
        for (int i = 0; i < frames.length; i++) {
            MemorySegment.copy(frames[i], 0, memory, ValueLayout.JAVA_BYTE, (long) i * stride, frames[i].length);
        }
        return memory;
    }

    /** Returns the data plane. @return the in-memory packet I/O */
    InMemoryPacketIo io() {
        return io;
    }

    /** Returns the only worker. @return the worker */
    Worker worker() {
        return worker;
    }

    /** Returns the simulated clock. @return nanoseconds */
    long nowNanos() {
        return nowNanos;
    }

    /**
     * Advances the clock by one burst and runs one worker cycle.
     *
     * @return the worker's work count
     */
    int cycle() {
        nowNanos += NANOS_PER_BURST;
        return worker.doWork(nowNanos);
    }

    /**
     * Advances the clock by one burst without running the worker (for benchmarks that call the
     * pipeline themselves).
     *
     * @return the new time, nanoseconds
     */
    long tick() {
        nowNanos += NANOS_PER_BURST;
        return nowNanos;
    }

    /**
     * Sends frames through the worker in order, through the receive ring (before any replay).
     *
     * @param frames the frames
     */
    void sendAll(byte[][] frames) {
        int next = 0;
        while (next < frames.length) {
            while (next < frames.length && io.inject(0, frames[next])) {
                next++;
            }
            while (!io.isDrained(0)) {
                cycle();
            }
        }
    }

    /**
     * Reads a worker counter.
     *
     * @param counter a {@link WorkerCounters} index
     * @return its value
     */
    long counter(int counter) {
        return worker.counters().get(counter);
    }

    /**
     * Fails unless every packet received so far was transmitted: a benchmark that drops packets
     * measures the wrong path.
     */
    void checkEveryPacketForwarded() {
        long rx = counter(WorkerCounters.RX_PACKETS);
        long tx = counter(WorkerCounters.TX_PACKETS);
        if (rx != tx) {
            StringBuilder why = new StringBuilder();
            for (int c = 0; c < WorkerCounters.COUNT; c++) {
                long v = counter(c);
                if (v != 0) {
                    why.append(' ').append(WorkerCounters.name(c)).append('=').append(v);
                }
            }
            throw new IllegalStateException("received " + rx + " packets but transmitted " + tx + ":" + why);
        }
    }

    @Override
    public void close() {
        engine.close();
        io.close();
    }

    // ------------------------------------------------------------------------------------------ frames

    /**
     * Returns the client address of a flow.
     *
     * @param flow the flow index
     * @return the IPv4 address, network order as an int
     */
    static int clientAddress(int flow) {
        return 0x0A000000 + (flow >>> 6);
    }

    /**
     * Returns the client port of a flow.
     *
     * @param flow the flow index
     * @return the port
     */
    static int clientPort(int flow) {
        return 1024 + (flow & 63);
    }

    /**
     * Builds a 60-byte TCP frame from a client to the service.
     *
     * @param address the client address
     * @param port the client port
     * @param flags the TCP flags
     * @param scratch native memory of at least 64 bytes to build in
     * @return the frame
     */
    static byte[] clientFrame(int address, int port, int flags, MemorySegment scratch) {
        PacketBuilder builder = PacketBuilder.tcp4().src(dotted(address), port).dst(VIP, VPORT).flags(flags)
                .seq(1000).ack((flags & TcpFlags.ACK) != 0 ? 2000 : 0).padToMinimumFrame();
        int length = builder.buildInto(scratch, 0);
        return scratch.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * Builds one frame per flow, in a random order.
     *
     * @param flows the number of flows
     * @param flags the TCP flags of every frame
     * @param seed the shuffle's seed
     * @return the frames; element {@code i} belongs to a flow chosen by the shuffle
     */
    static byte[][] shuffledFlowFrames(int flows, int flags, long seed) {
        int[] order = new int[flows];
        for (int i = 0; i < flows; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = flows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        byte[][] frames = new byte[flows][];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment scratch = arena.allocate(128, 64);
            for (int i = 0; i < flows; i++) {
                int f = order[i];
                frames[i] = clientFrame(clientAddress(f), clientPort(f), flags, scratch);
            }
        }
        return frames;
    }

    /**
     * Changes the source port of a frame built by {@link #clientFrame}, keeping its TCP checksum
     * right (RFC 1624 incremental update).
     *
     * @param frame the frame
     * @param port the new source port
     */
    static void setSourcePort(byte[] frame, int port) {
        // Plain array arithmetic: a heap MemorySegment here would pollute the type profiles of the
        // engine's MemorySegment accesses, which see only native memory in the benchmarks.
        int l4 = EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH;
        int portAt = l4 + TcpHeader.SOURCE_PORT_OFFSET;
        int checksumAt = l4 + InternetChecksum.TCP_CHECKSUM_OFFSET;
        int old = readShort(frame, portAt);
        writeShort(frame, portAt, port);
        writeShort(frame, checksumAt, InternetChecksum.adjust16(readShort(frame, checksumAt), old, port));
    }

    private static int readShort(byte[] frame, int at) {
        return (frame[at] & 0xff) << 8 | (frame[at + 1] & 0xff);
    }

    private static void writeShort(byte[] frame, int at, int value) {
        frame[at] = (byte) (value >>> 8);
        frame[at + 1] = (byte) value;
    }

    private static String dotted(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }
}
