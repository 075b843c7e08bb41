package io.jvs.engine.synproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.Engine;
import io.jvs.engine.EngineSettings;
import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.worker.Worker;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.ForwardingMethod;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The SYN proxy allocates nothing per packet: whole delayed-binding connections (SYN → SYN-ACK, ACK
 * with the request → SYN to the server, server SYN-ACK → replay, response and FINs translated) run
 * through a worker, and the worker's thread allocates fewer bytes than there were packets, as the
 * JVM counts them (one allocation per packet would cost at least 16 bytes each). The frames are
 * built and injected outside the measured calls. A byte count, not a timing.
 */
class SynProxyAllocationTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int PER_ROUND = 150;
    private static final int FRAMES_PER_CONNECTION = 6;
    private static final String VIP = "203.0.113.1";
    private static final String REAL = "198.51.100.7";
    private static final long START = 1_000_000_000L;

    private long now = START;
    private int nextPort = 1024;

    @Test
    void shouldAllocateNothingPerPacketOfADelayedBindingConnection() {
        Assumptions.assumeTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        InMemoryPacketIo io = new InMemoryPacketIo(1, 1024, 32);
        io.setTransmitSink((queue, segment, offset, length, toKernel) -> { });
        EngineSettings settings = EngineSettings.defaults().withConnectionsPerWorker(1 << 15)
                .withSynProxy(SynProxySettings.defaults().withCookieKey(SynProxyFixture.KEY));
        try (Engine engine = new Engine(settings, SynProxyFixture.SCHEDULERS, io)) {
            engine.services().apply(List.of(new ServiceSpec(ServiceKey.tcp(VIP, 80),
                    SynProxyFixture.PAYLOAD_SCHEDULER, Map.of(), null,
                    List.of(new DestinationSpec(IpAddress.parse(REAL), 8080, 1, 0, 0, ForwardingMethod.NAT, null)),
                    null, false)));
            Worker worker = engine.workers().get(0);
            SynCookies cookies = new SynCookies(SynProxyFixture.KEY.high(), SynProxyFixture.KEY.low());
            for (int warm = 0; warm < 20; warm++) {
                run(io, worker, round(cookies));
            }
            long least = Long.MAX_VALUE;
            for (int measured = 0; measured < 3; measured++) {
                least = Math.min(least, run(io, worker, round(cookies)));
            }
            long connections = 23L * PER_ROUND;
            assertEquals(connections, worker.counters().get(WorkerCounters.SYNPROXY_BOUND), "every connection bound");
            assertEquals(0, worker.counters().get(WorkerCounters.SYNPROXY_COOKIES_INVALID));
            int packets = PER_ROUND * FRAMES_PER_CONNECTION;
            assertTrue(least < packets, least + " bytes allocated over " + packets + " packets");
        } finally {
            io.close();
        }
    }

    /** Injects a round's frames, then runs the worker until they are all handled; returns the bytes allocated. */
    private long run(InMemoryPacketIo io, Worker worker, List<byte[]> frames) {
        for (byte[] f : frames) {
            if (!io.inject(0, f)) {
                throw new IllegalStateException("ring full");
            }
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        while (!io.isDrained(0)) {
            now += 2_000;
            worker.doWork(now);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        long empty = THREADS.getCurrentThreadAllocatedBytes();
        return allocated - (THREADS.getCurrentThreadAllocatedBytes() - empty);
    }

    /** The frames of PER_ROUND connections, each on a new client port, in an order the worker handles one by one. */
    private List<byte[]> round(SynCookies cookies) {
        List<byte[]> frames = new ArrayList<>();
        int client = IpAddress.parse("198.51.100.10").w0();
        int vip = IpAddress.parse(VIP).w0();
        String request = "GET / HTTP/1.1\r\n";
        String response = "HTTP/1.1 204 No Content\r\n\r\n";
        for (int c = 0; c < PER_ROUND; c++) {
            int port = nextPort++;
            int isn = 1000 * port;
            int rsIsn = 77 * port;
            // All frames are handled within the same minute as now: the cookie is the one the worker makes.
            int cookie = cookies.cookie(AddressFamily.IPV4, client, 0, 0, 0, vip, 0, 0, 0, port, 80, isn,
                    SynCookies.mssIndex(AddressFamily.IPV4, 1460), now);
            frames.add(fromClient(port, TcpFlags.SYN, isn, 0).mss(1460).build());
            frames.add(fromClient(port, TcpFlags.ACK | TcpFlags.PSH, isn + 1, cookie + 1).payload(request).build());
            frames.add(fromReal(port, TcpFlags.SYN | TcpFlags.ACK, rsIsn, isn + 1).mss(1460).build());
            frames.add(fromReal(port, TcpFlags.ACK | TcpFlags.PSH | TcpFlags.FIN, rsIsn + 1, isn + 1 + request.length())
                    .payload(response).build());
            frames.add(fromClient(port, TcpFlags.ACK | TcpFlags.FIN, isn + 1 + request.length(),
                    cookie + 2 + response.length()).build());
            frames.add(fromReal(port, TcpFlags.ACK, rsIsn + 2 + response.length(), isn + 2 + request.length())
                    .build());
        }
        return frames;
    }

    private static PacketBuilder fromClient(int port, int flags, int seq, int ack) {
        return PacketBuilder.tcp4().src("198.51.100.10", port).dst(VIP, 80).flags(flags).seq(seq).ack(ack)
                .window(502);
    }

    private static PacketBuilder fromReal(int port, int flags, int seq, int ack) {
        return PacketBuilder.tcp4().src(REAL, 8080).dst("198.51.100.10", port).flags(flags).seq(seq).ack(ack)
                .window(300);
    }
}
