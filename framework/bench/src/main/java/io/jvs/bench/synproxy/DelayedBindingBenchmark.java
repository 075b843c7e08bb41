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
import io.jvs.engine.synproxy.SynCookies;
import io.jvs.engine.synproxy.SynProxySettings;
import io.jvs.engine.worker.Worker;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole delayed-binding connections per second through one worker: one operation is six segments of
 * one connection injected into the data plane and handled: the client's SYN (answered with a cookie
 * SYN-ACK in place), its ACK with the request line (cookie checked, session, scheduler's
 * {@code payloadSufficient}, connection inserted, SYN to the real server built in the outbox), the
 * server's SYN-ACK (translation recorded, request replayed), the server's response with FIN, the
 * client's FIN and the server's last ACK (each NAT-rewritten and translated). Frames for 65,536
 * client ports are built in setup; ports are reused in turn (the old entry, in TIME_WAIT, is
 * replaced as IPVS's {@code conn_reuse_mode} says). Includes copying the six frames into the data
 * plane (about 20 ns each).
 *
 * <pre>java -jar framework/bench/target/benchmarks.jar 'synproxy.DelayedBinding' -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DelayedBindingBenchmark {

    private static final int PORTS = 1 << 16;
    private static final int FRAMES = 6;
    private static final String CLIENT = "198.51.100.10";
    private static final String VIP = "203.0.113.1";
    private static final String REAL = "198.51.100.7";
    private static final SynProxySettings.CookieKey KEY = new SynProxySettings.CookieKey(1, 2);

    private InMemoryPacketIo io;
    private Engine engine;
    private Worker worker;
    private byte[][][] frames;
    private int next;
    private long nowNanos = 1_000_000_000L;
    private long boundBefore;
    private long connectionsBefore;
    private long connections;

    /** Creates the state; JMH does so once per trial. */
    public DelayedBindingBenchmark() {
    }

    /** Needs up to 64 bytes, satisfied at the first CRLF; the first destination. */
    static final class RequestLineScheduler implements Scheduler {
        @Override
        public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
            return service.destinations().get(0);
        }

        @Override
        public int payloadBytesNeeded() {
            return 64;
        }

        @Override
        public boolean payloadSufficient(PacketView packet) {
            for (int i = 1; i < packet.payloadLength(); i++) {
                if (packet.payloadByte(i - 1) == '\r' && packet.payloadByte(i) == '\n') {
                    return true;
                }
            }
            return false;
        }
    }

    /** Creates the engine, the delayed-binding service and the frames of every connection. */
    @Setup(Level.Trial)
    public void setUp() {
        io = new InMemoryPacketIo(1, 64, 32);
        io.setTransmitSink((queue, segment, offset, length, toKernel) -> { });
        SchedulerProvider provider = new SchedulerProvider() {
            @Override
            public Scheduler create(String name, Map<String, String> parameters, ServiceView service) {
                return new RequestLineScheduler();
            }

            @Override
            public boolean exists(String name) {
                return true;
            }
        };
        EngineSettings settings = EngineSettings.defaults().withConnectionsPerWorker(PORTS * 2)
                .withSynProxy(SynProxySettings.defaults().withCookieKey(KEY));
        engine = new Engine(settings, provider, io);
        worker = engine.workers().get(0);
        engine.services().apply(List.of(ServiceSpec.of(ServiceKey.tcp(VIP, 80), "request-line",
                DestinationSpec.nat(REAL, 8080))));
        SynCookies cookies = new SynCookies(KEY.high(), KEY.low());
        int client = 0xC633640A;
        int vip = 0xCB007101;
        String request = "GET / HTTP/1.1\r\n";
        String response = "HTTP/1.1 204 No Content\r\n\r\n";
        frames = new byte[PORTS][][];
        for (int n = 0; n < PORTS; n++) {
            int port = 1024 + n % (65536 - 1024);
            int isn = 1000 * port;
            int rsIsn = 77 * port;
            int cookie = cookies.cookie(AddressFamily.IPV4, client, 0, 0, 0, vip, 0, 0, 0, port, 80, isn,
                    SynCookies.mssIndex(AddressFamily.IPV4, 1460), nowNanos);
            frames[n] = new byte[][] {
                fromClient(port, TcpFlags.SYN, isn, 0).mss(1460).build(),
                fromClient(port, TcpFlags.ACK | TcpFlags.PSH, isn + 1, cookie + 1).payload(request).build(),
                fromReal(port, TcpFlags.SYN | TcpFlags.ACK, rsIsn, isn + 1).mss(1460).build(),
                fromReal(port, TcpFlags.ACK | TcpFlags.PSH | TcpFlags.FIN, rsIsn + 1, isn + 1 + request.length())
                        .payload(response).build(),
                fromClient(port, TcpFlags.ACK | TcpFlags.FIN, isn + 1 + request.length(),
                        cookie + 2 + response.length()).build(),
                fromReal(port, TcpFlags.ACK, rsIsn + 2 + response.length(), isn + 2 + request.length()).build(),
            };
        }
    }

    private static PacketBuilder fromClient(int port, int flags, int seq, int ack) {
        return PacketBuilder.tcp4().src(CLIENT, port).dst(VIP, 80).flags(flags).seq(seq).ack(ack).window(502);
    }

    private static PacketBuilder fromReal(int port, int flags, int seq, int ack) {
        return PacketBuilder.tcp4().src(REAL, 8080).dst(CLIENT, port).flags(flags).seq(seq).ack(ack).window(300);
    }

    /** Remembers the counters before an iteration. */
    @Setup(Level.Iteration)
    public void mark() {
        boundBefore = worker.counters().get(WorkerCounters.SYNPROXY_BOUND);
        connectionsBefore = connections;
    }

    /**
     * One whole connection: six segments in, handled.
     *
     * @return the work count
     */
    @Benchmark
    public int connection() {
        byte[][] f = frames[next];
        next = next + 1 == PORTS ? 0 : next + 1;
        for (int k = 0; k < FRAMES; k++) {
            io.inject(0, f[k]);
        }
        connections++;
        int work = 0;
        while (!io.isDrained(0)) {
            nowNanos += 1_000;
            work += worker.doWork(nowNanos);
        }
        return work;
    }

    /** Fails the run unless every connection was bound. */
    @TearDown(Level.Iteration)
    public void check() {
        long bound = worker.counters().get(WorkerCounters.SYNPROXY_BOUND) - boundBefore;
        if (bound != connections - connectionsBefore
                || worker.counters().get(WorkerCounters.SYNPROXY_COOKIES_INVALID) != 0) {
            throw new IllegalStateException((connections - connectionsBefore) + " connections, " + bound
                    + " bound, invalid cookies " + worker.counters().get(WorkerCounters.SYNPROXY_COOKIES_INVALID));
        }
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        io.close();
    }
}
