package io.jvs.engine.synproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.embedded.EmbeddedEngine;
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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Drives {@value #PACKETS} generated segments through SYN-proxied services (delayed binding and
 * {@code synproxy: true}, NAT and FULLNAT, IPv4 and IPv6): valid handshakes with real cookies, data,
 * server SYN-ACKs, RSTs and FINs for a small set of tuples, so that every phase is reached, mixed
 * with random sequence numbers, flags, options and bit flips, while the clock jumps now and then
 * past the SYN proxy's timers. Nothing may throw out of the worker, every received packet is counted
 * exactly once, and the pools stay within their bounds. Seeded: the same run every time.
 */
class SynProxyFuzzTest {

    static final int PACKETS = 200_000;
    static final int SESSIONS = 64;
    static final String[] VIPS = {"203.0.113.1", "203.0.113.2", "2001:db8:f::1"};
    static final String[] REALS = {"198.51.100.1", "198.51.100.2", "2001:db8:b::1"};

    @Test
    void shouldSurviveGeneratedSegmentsInEveryPhase() {
        EngineSettings settings = EngineSettings.defaults().withConnectionsPerWorker(4096)
                .withSynProxy(SynProxySettings.defaults().withCookieKey(SynProxyFixture.KEY).withLimits(SESSIONS, 700));
        try (EmbeddedEngine e = new EmbeddedEngine(settings, SynProxyFixture.SCHEDULERS)) {
            e.services().apply(List.of(
                    new ServiceSpec(ServiceKey.tcp(VIPS[0], 80), SynProxyFixture.PAYLOAD_SCHEDULER, Map.of(), null,
                            List.of(DestinationSpec.nat(REALS[0], 8080), DestinationSpec.nat("198.51.100.9", 8080)),
                            null, false),
                    ServiceSpec.of(ServiceKey.tcp(VIPS[1], 80), SynProxyFixture.HEADER_SCHEDULER,
                            new DestinationSpec(IpAddress.parse(REALS[1]), 8080, 1, 0, 0, ForwardingMethod.FULLNAT,
                                    null)).withSynProxy(true),
                    new ServiceSpec(ServiceKey.tcp(VIPS[2], 443), SynProxyFixture.PAYLOAD_SCHEDULER, Map.of(), null,
                            List.of(new DestinationSpec(IpAddress.parse(REALS[2]), 8443, 1, 0, 0, ForwardingMethod.NAT,
                                    null), new DestinationSpec(IpAddress.parse("2001:db8:b::9"), 8443, 1, 0, 0,
                                    ForwardingMethod.NAT, null)), null, false)));
            InMemoryPacketIo io = (InMemoryPacketIo) e.engine().io();
            io.setTransmitSink((queue, segment, offset, length, toKernel) -> { });
            Worker worker = e.engine().workers().get(0);
            SynCookies cookies = new SynCookies(SynProxyFixture.KEY.high(), SynProxyFixture.KEY.low());
            SplittableRandom random = new SplittableRandom(0x5359_4E46_555AL);
            long now = e.nowNanos();
            int sent = 0;
            while (sent < PACKETS) {
                for (int i = 0; i < 32 && sent < PACKETS; i++, sent++) {
                    io.inject(0, segment(random, cookies, now));
                }
                now += random.nextInt(10) == 0 ? random.nextLong(1, 8_000_000_000L) : 1_000_000;
                while (worker.doWork(now) > 0) {
                    // drain the burst, the timers and the expiry it makes due
                }
                assertTrue(worker.pipeline().synProxy().sessionsInUse() <= SESSIONS);
            }
            WorkerCounters c = worker.counters();
            long rx = c.get(WorkerCounters.RX_PACKETS);
            assertEquals(PACKETS, rx);
            assertEquals(rx, c.get(WorkerCounters.TX_PACKETS) + c.get(WorkerCounters.DROPPED)
                    + c.get(WorkerCounters.TO_KERNEL) + c.get(WorkerCounters.SYNPROXY_CONSUMED),
                    "every received packet is counted once");
            System.out.printf("synproxy fuzz: %d packets; cookies sent %d, valid %d, invalid %d; bound %d; server"
                    + " timeouts %d; originated %d%n", rx, c.get(WorkerCounters.SYNPROXY_COOKIES_SENT),
                    c.get(WorkerCounters.SYNPROXY_COOKIES_VALID), c.get(WorkerCounters.SYNPROXY_COOKIES_INVALID),
                    c.get(WorkerCounters.SYNPROXY_BOUND), c.get(WorkerCounters.SYNPROXY_SERVER_TIMEOUTS),
                    c.get(WorkerCounters.ORIGINATED_SENT));
            assertTrue(c.get(WorkerCounters.SYNPROXY_BOUND) > 100, "bindings completed");
            assertTrue(c.get(WorkerCounters.SYNPROXY_COOKIES_VALID) > 1000, "cookies validated");
            assertTrue(c.get(WorkerCounters.SYNPROXY_COOKIES_INVALID) > 1000, "forged ACKs refused");
            assertTrue(e.table(0).size() <= 4096);
        }
    }

    /** One segment: a plausible step of one of 3 × 16 flows, sometimes with random fields or flipped bits. */
    private static byte[] segment(SplittableRandom r, SynCookies cookies, long now) {
        int service = r.nextInt(3);
        boolean v6 = service == 2;
        String vip = VIPS[service];
        int vport = v6 ? 443 : 80;
        String client = v6 ? "2001:db8:c::10" : "198.51.100.10";
        int port = 40000 + r.nextInt(16);
        int isn = port * 1000;
        int mss = 1460;
        IpAddress c = IpAddress.parse(client);
        IpAddress v = IpAddress.parse(vip);
        int family = v6 ? AddressFamily.IPV6 : AddressFamily.IPV4;
        int cookie = cookies.cookie(family, c.word(0), v6 ? c.word(1) : 0, v6 ? c.word(2) : 0, v6 ? c.word(3) : 0,
                v.word(0), v6 ? v.word(1) : 0, v6 ? v.word(2) : 0, v6 ? v.word(3) : 0, port, vport, isn,
                SynCookies.mssIndex(family, mss), now);
        PacketBuilder b;
        int step = r.nextInt(10);
        boolean fromServer = step >= 7;
        if (fromServer) {
            boolean fullNat = service == 1;
            String toward = fullNat ? "192.0.2.100" : client;
            int towardPort = fullNat ? 1024 + r.nextInt(64) : port;
            b = (v6 ? PacketBuilder.tcp6() : PacketBuilder.tcp4()).src(REALS[service], v6 ? 8443 : 8080)
                    .dst(toward, towardPort);
            int rsIsn = port * 77;
            switch (step) {
                case 7 -> b.flags(TcpFlags.SYN | TcpFlags.ACK).seq(rsIsn).ack(isn + 1).mss(1400).windowScale(6)
                        .sackPermitted().timestamps(r.nextInt(), r.nextInt());
                case 8 -> b.flags(TcpFlags.ACK | TcpFlags.PSH).seq(rsIsn + 1).ack(isn + 1 + r.nextInt(100))
                        .timestamps(r.nextInt(), r.nextInt()).payload("HTTP/1.1 200 OK\r\n");
                default -> b.flags(r.nextBoolean() ? TcpFlags.RST : TcpFlags.FIN | TcpFlags.ACK).seq(rsIsn + 1)
                        .ack(isn + 1);
            }
        } else {
            b = (v6 ? PacketBuilder.tcp6() : PacketBuilder.tcp4()).src(client, port).dst(vip, vport);
            switch (step) {
                case 0, 1 -> b.flags(TcpFlags.SYN).seq(isn).mss(mss).sackPermitted().windowScale(7)
                        .timestamps(r.nextInt(), 0);
                case 2 -> b.flags(TcpFlags.ACK).seq(isn + 1).ack(cookie + 1);
                case 3, 4 -> b.flags(TcpFlags.ACK | TcpFlags.PSH).seq(isn + 1 + r.nextInt(8)).ack(cookie + 1)
                        .payload(r.nextBoolean() ? "GET / HTTP/1.1\r\n" : "PO").sackBlock(cookie + 1, cookie + 100);
                case 5 -> b.flags(TcpFlags.ACK).seq(r.nextInt()).ack(r.nextInt()).payload("x");
                default -> b.flags(r.nextBoolean() ? TcpFlags.RST : TcpFlags.FIN | TcpFlags.ACK).seq(isn + 1)
                        .ack(cookie + 1);
            }
        }
        byte[] frame = b.window(r.nextInt(65536)).build();
        if (r.nextInt(4) == 0) {
            int flips = 1 + r.nextInt(4);
            for (int k = 0; k < flips; k++) {
                int at = 14 + r.nextInt(frame.length - 14);
                frame[at] ^= (byte) (1 << r.nextInt(8));
            }
        }
        if (r.nextInt(20) == 0) {
            frame = java.util.Arrays.copyOf(frame, 14 + r.nextInt(frame.length - 14));
        }
        return frame;
    }
}
