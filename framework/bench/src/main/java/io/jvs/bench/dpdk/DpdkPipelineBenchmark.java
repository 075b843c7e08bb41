package io.jvs.bench.dpdk;

import io.jvs.dpdk.DpdkPacketIo;
import io.jvs.dpdk.Eal;
import io.jvs.dpdk.EalConfig;
import io.jvs.dpdk.EthPort;
import io.jvs.dpdk.Mempool;
import io.jvs.dpdk.PortConfig;
import io.jvs.engine.Engine;
import io.jvs.engine.EngineSettings;
import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.io.PacketBatch;
import io.jvs.engine.io.PacketIo;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.SchedulerProvider;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.worker.Worker;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Packets per second of the whole engine pipeline (parse, connection lookup, UDP NAT rewrite with
 * checksum update, MAC rewrite, TTL) on one worker, driven on the calling thread, over three data
 * planes in one run:
 *
 * <ul>
 *   <li>{@code in-memory}: {@code InMemoryPacketIo} replaying the frames (copy into its buffers);
 *   <li>{@code dpdk net_null}: {@code DpdkPacketIo} over {@code net_null} (the driver allocates 32
 *       mbufs per RX burst and frees them on TX), frames copied into the mbufs;
 *   <li>{@code dpdk net_ring}: {@code DpdkPacketIo} over a {@code net_ring} port whose TX ring is its
 *       RX ring, 512 mbufs circulating, frames copied into the mbufs.
 * </ul>
 *
 * <p>The planes take turns for a number of rounds; rates are packets per second of the worker
 * thread's CPU time, so that time the shared machine gives to other processes does not count. The
 * median of each plane, the median of its per-round ratio to the in-memory plane, the bytes
 * allocated per packet and the I/O cost alone are printed. Usage:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp framework/bench/target/benchmarks.jar \
 *     io.jvs.bench.dpdk.DpdkPipelineBenchmark [seconds-per-round=2] [rounds=5] [flows=4096]
 * </pre>
 */
public final class DpdkPipelineBenchmark {

    private static final int FRAME_BYTES = 60;
    private static final int RING_IN_FLIGHT = 512;

    private DpdkPipelineBenchmark() {
    }

    /**
     * Runs the benchmark and prints a table.
     *
     * @param args seconds per round, rounds, flows
     * @throws Exception when the set-up fails
     */
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int flows = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
        byte[][] frames = frames(flows);

        Eal eal = Eal.start(EalConfig.forVirtualDevices("net_null0,size=" + FRAME_BYTES, "net_ring0"));
        Mempool pool = Mempool.create(eal, "bench-pool", 8191, 256, Mempool.DEFAULT_DATA_ROOM);
        EthPort nullPort = EthPort.open(eal, "net_null0", PortConfig.of(1), pool);
        EthPort ringPort = EthPort.open(eal, "net_ring0", PortConfig.of(1), pool);
        eal.registerCurrentThread();
        preload(ringPort, pool, frames);

        InMemoryPacketIo memory = new InMemoryPacketIo(1, 1024, 32);
        memory.setTransmitSink((queue, segment, offset, length, toKernel) -> { });
        memory.replay(0, frames);
        List<Plane> planes = List.of(
                new Plane("in-memory", memory, flows),
                new Plane("dpdk net_null", new TemplateRefillingPacketIo(new DpdkPacketIo(eal, nullPort, 32, 3), frames),
                        flows),
                new Plane("dpdk net_ring", new TemplateRefillingPacketIo(new DpdkPacketIo(eal, ringPort, 32, 3), frames),
                        flows));
        for (Plane p : planes) {
            p.run(Math.max(0.5, seconds / 2));
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < planes.size(); i++) {
                Plane p = planes.get((i + r) % planes.size());
                p.results.add(p.run(seconds));
            }
        }
        double[] ioOnly = new double[planes.size()];
        for (int i = 0; i < planes.size(); i++) {
            ioOnly[i] = planes.get(i).nanosPerPacketWithoutPipeline(Math.max(0.5, seconds / 2));
        }

        System.out.printf(Locale.ROOT, "jvs DPDK data plane vs in-memory: full pipeline (UDP NAT, %d established flows,"
                + " %d-byte frames, bursts of 32), one worker on the calling thread; %s, %d rounds of %.1f s%n",
                flows, FRAME_BYTES, eal.version(), rounds, seconds);
        Plane base = planes.get(0);
        System.out.printf(Locale.ROOT, "%-15s %-44s %7s %12s %9s %13s%n", "data plane", "Mpps per round", "median",
                "ratio/round", "B/packet", "I/O ns/packet");
        for (int i = 0; i < planes.size(); i++) {
            Plane p = planes.get(i);
            StringBuilder each = new StringBuilder();
            double[] ratios = new double[p.results.size()];
            for (int r = 0; r < p.results.size(); r++) {
                each.append(String.format(Locale.ROOT, "%5.2f ", p.results.get(r).mpps));
                ratios[r] = p.results.get(r).mpps / base.results.get(r).mpps;
            }
            System.out.printf(Locale.ROOT, "%-15s %-44s %7.2f %11.2fx %9.3f %13.1f%n", p.name, each,
                    median(p.results.stream().mapToDouble(Result::mpps).toArray()), median(ratios),
                    p.results.stream().mapToDouble(x -> x.bytesPerPacket).max().orElse(0), ioOnly[i]);
        }
        System.out.println("Mpps: packets forwarded per second of the worker thread's CPU time (robust to a shared"
                + " machine); ratio/round: median over rounds of the plane's Mpps / in-memory's Mpps in the same round;"
                + " I/O ns/packet: receive + transmit without the pipeline, CPU time");
        for (Plane p : planes) {
            p.close();
        }
        nullPort.close();
        ringPort.close();
        pool.close();
        eal.close();
    }

    /** Puts {@value #RING_IN_FLIGHT} mbufs holding frames into the ring port's loop. */
    private static void preload(EthPort ring, Mempool pool, byte[][] frames) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG);
            for (int i = 0; i < RING_IN_FLIGHT; i++) {
                byte[] f = frames[i % frames.length];
                one.set(ValueLayout.JAVA_LONG, 0, pool.allocateCopy(MemorySegment.ofArray(f), 0, f.length));
                if (ring.queue(0).transmit(one, 1) != 1) {
                    throw new IllegalStateException("net_ring0 refused mbuf " + i);
                }
            }
        }
    }

    /** One UDP datagram per flow, from distinct clients to one virtual service. */
    static byte[][] frames(int flows) {
        byte[][] frames = new byte[flows][];
        for (int i = 0; i < flows; i++) {
            frames[i] = PacketBuilder.udp4().src("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255),
                    1024 + (i % 50_000)).dst("203.0.113.1", 53).payload(new byte[FRAME_BYTES - 42]).build();
        }
        return frames;
    }

    static EngineSettings settings(int flows) {
        return EngineSettings.defaults().withConnectionsPerWorker(Math.max(1 << 16, Integer.highestOneBit(flows) << 2));
    }

    static List<ServiceSpec> services() {
        return List.of(ServiceSpec.of(ServiceKey.udp("203.0.113.1", 53), "rr",
                DestinationSpec.nat("198.51.100.7", 5353), DestinationSpec.nat("198.51.100.8", 5353),
                DestinationSpec.nat("198.51.100.9", 5353), DestinationSpec.nat("198.51.100.10", 5353)));
    }

    /** Round robin, the scheduler of new flows during warm-up. */
    static SchedulerProvider schedulers() {
        return new SchedulerProvider() {
            @Override
            public Scheduler create(String name, Map<String, String> parameters, ServiceView service) {
                return new Scheduler() {
                    private int next;

                    @Override
                    public DestinationView schedule(ServiceView svc, io.jvs.spi.PacketView packet, long nowNanos) {
                        DestinationList list = svc.destinations();
                        return list.size() == 0 ? NONE : list.get(next++ % list.size());
                    }
                };
            }

            @Override
            public boolean exists(String name) {
                return name.equals("rr");
            }
        };
    }

    private record Result(double mpps, double bytesPerPacket) {
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** One data plane with its own engine (connection table), driven on the calling thread. */
    private static final class Plane {
        final String name;
        final PacketIo io;
        final Engine engine;
        final Worker worker;
        final List<Result> results = new ArrayList<>();

        Plane(String name, PacketIo io, int flows) {
            this.name = name;
            this.io = io;
            this.engine = new Engine(settings(flows), schedulers(), io);
            engine.services().apply(services());
            this.worker = engine.workers().get(0);
        }

        Result run(double seconds) {
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long packetsBefore = worker.counters().get(WorkerCounters.TX_PACKETS);
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long now = start;
            while (now < end) {
                for (int i = 0; i < 256; i++) {
                    worker.doWork(now);
                    now = System.nanoTime();
                }
            }
            long elapsed = threads.getCurrentThreadCpuTime() - cpuBefore;
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            long packets = worker.counters().get(WorkerCounters.TX_PACKETS) - packetsBefore;
            return new Result(packets * 1e3 / elapsed, packets == 0 ? 0 : (double) allocated / packets);
        }

        /** Receives and transmits without the pipeline (every packet sent), nanoseconds per packet. */
        double nanosPerPacketWithoutPipeline(double seconds) {
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            PacketBatch batch = new PacketBatch(32);
            long packets = 0;
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                for (int r = 0; r < 256; r++) {
                    int n = io.receive(0, batch);
                    Arrays.fill(batch.verdicts, 0, n, PacketBatch.TRANSMIT);
                    io.transmit(0, batch);
                    packets += n;
                }
            }
            return (threads.getCurrentThreadCpuTime() - cpuBefore) / (double) Math.max(1, packets);
        }

        void close() {
            engine.close();
            io.close();
        }

        @Override
        public String toString() {
            return name + Arrays.toString(results.toArray());
        }
    }
}
