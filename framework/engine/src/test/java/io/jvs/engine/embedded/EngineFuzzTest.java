package io.jvs.engine.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.Persistence;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.worker.Worker;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.TunnelType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Drives {@value #PACKETS} generated packets — valid ones of every kind and random mutations of
 * them (bit flips, byte changes, truncation, random garbage) — through the whole engine with every
 * forwarding method configured. Nothing may throw out of a worker, every packet gets exactly one
 * verdict, and an established flow keeps forwarding afterwards. Seeded: the same run every time.
 */
class EngineFuzzTest {

    static final int PACKETS = 1_000_000;
    static final long SEED = 0x6A76_7346_757AL;

    @Test
    void shouldSurviveAMillionGeneratedPacketsWithEveryForwardingMethod() {
        EngineSettings settings = EngineSettings.defaults().withConnectionsPerWorker(8192);
        try (EmbeddedEngine e = new EmbeddedEngine(settings, new TestSchedulerProvider())) {
            e.services().apply(List.of(
                    ServiceSpec.of(ServiceKey.tcp("203.0.113.1", 80), "rr", DestinationSpec.nat("198.51.100.1", 8080),
                            dest("198.51.100.2", ForwardingMethod.FULLNAT, null)),
                    ServiceSpec.of(ServiceKey.udp("203.0.113.1", 53), "session", dest("198.51.100.3", ForwardingMethod.DR, null),
                            dest("198.51.100.4", ForwardingMethod.TUNNEL, TunnelType.GUE)),
                    ServiceSpec.of(ServiceKey.tcp("2001:db8:f::1", 443), "rr", dest("2001:db8:b::1", ForwardingMethod.TUNNEL,
                            TunnelType.IPIP), dest("2001:db8:b::2", ForwardingMethod.NAT, null))
                            .withPersistence(new Persistence(60, 64)),
                    ServiceSpec.of(ServiceKey.udp("2001:db8:f::1", 53), "rr", dest("2001:db8:b::3", ForwardingMethod.TUNNEL,
                            TunnelType.GRE))));
            List<byte[]> templates = templates();
            InMemoryPacketIo io = (InMemoryPacketIo) e.engine().io();
            io.setTransmitSink((queue, segment, offset, length, toKernel) -> { });
            Worker worker = e.engine().workers().get(0);
            SplittableRandom random = new SplittableRandom(SEED);
            long now = e.nowNanos();
            int sent = 0;
            while (sent < PACKETS) {
                for (int i = 0; i < 32 && sent < PACKETS; i++, sent++) {
                    io.inject(0, mutate(templates.get(random.nextInt(templates.size())), random));
                }
                now += 1_000_000;
                while (worker.doWork(now) > 0) {
                    // drain the burst and the expiry it makes due
                }
            }
            WorkerCounters c = worker.counters();
            long rx = c.get(WorkerCounters.RX_PACKETS);
            assertEquals(PACKETS, rx);
            assertEquals(rx, c.get(WorkerCounters.TX_PACKETS) + c.get(WorkerCounters.DROPPED)
                    + c.get(WorkerCounters.TO_KERNEL), "every packet got exactly one verdict");
            long parseFailures = 0;
            for (int k = WorkerCounters.NAMED; k < WorkerCounters.COUNT; k++) {
                parseFailures += c.get(k);
            }
            System.out.printf("engine fuzz: %d packets, %d forwarded, %d dropped (%d malformed), %d connections%n",
                    rx, c.get(WorkerCounters.TX_PACKETS), c.get(WorkerCounters.DROPPED), parseFailures,
                    c.get(WorkerCounters.NEW_CONNECTIONS));
            assertTrue(c.get(WorkerCounters.TX_PACKETS) > PACKETS / 10, "valid packets still forward");
            assertTrue(parseFailures > PACKETS / 10, "mutations are caught as malformed");
            assertTrue(e.table(0).size() <= 8192);
        }
    }

    private static DestinationSpec dest(String address, ForwardingMethod method, TunnelType tunnel) {
        boolean keepsPort = method == ForwardingMethod.DR || method == ForwardingMethod.TUNNEL;
        return new DestinationSpec(IpAddress.parse(address), keepsPort ? 0 : 8080, 1, 0, 0, method, tunnel);
    }

    private static List<byte[]> templates() {
        List<byte[]> t = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            String v4 = "198.51.100." + (100 + c);
            String v6 = "2001:db8:c::" + Integer.toHexString(0x100 + c);
            t.add(PacketBuilder.tcp4().src(v4, 40000 + c).dst("203.0.113.1", 80).flags(TcpFlags.SYN).mss(1460)
                    .sackPermitted().timestamps(1, 0).windowScale(7).build());
            t.add(PacketBuilder.tcp4().src(v4, 40000 + c).dst("203.0.113.1", 80).flags(TcpFlags.ACK)
                    .payload(new byte[100]).build());
            t.add(PacketBuilder.tcp4().src("198.51.100.1", 8080).dst(v4, 40000 + c).flags(TcpFlags.SYN | TcpFlags.ACK)
                    .build());
            t.add(PacketBuilder.tcp4().src(v4, 40000 + c).dst("203.0.113.1", 80).flags(TcpFlags.FIN | TcpFlags.ACK).build());
            t.add(PacketBuilder.udp4().src(v4, 5000 + c).dst("203.0.113.1", 53).payload(new byte[] {1, 2, 3, 4, 5, 6, 7,
                (byte) c, 9, 10}).vlan(100).build());
            t.add(PacketBuilder.udp4().src(v4, 5000 + c).dst("203.0.113.1", 53).identification(c).fragment(0, true)
                    .payload(new byte[200]).build());
            t.add(PacketBuilder.ip4(17).src(v4).dst("203.0.113.1").identification(c).fragment(208, false)
                    .payload(new byte[40]).build());
            t.add(PacketBuilder.tcp6().src(v6, 40000 + c).dst("2001:db8:f::1", 443).flags(TcpFlags.SYN).build());
            t.add(PacketBuilder.tcp6().src(v6, 40000 + c).dst("2001:db8:f::1", 443).flags(TcpFlags.ACK)
                    .extensionHeader(0).payload(new byte[1400]).build());
            t.add(PacketBuilder.udp6().src(v6, 5000 + c).dst("2001:db8:f::1", 53).payload(new byte[30]).build());
            t.add(PacketBuilder.icmp4().src("198.51.100.1").dst(v4).icmpError(3, 3,
                    PacketBuilder.tcp4().src(v4, 40000 + c).dst("198.51.100.1", 8080)).build());
            t.add(PacketBuilder.icmp6().src("2001:db8:b::2").dst(v6).icmpError(1, 4,
                    PacketBuilder.tcp6().src(v6, 40000 + c).dst("2001:db8:b::2", 8080)).build());
            t.add(PacketBuilder.icmp4().src(v4).dst("203.0.113.1").build());
        }
        return t;
    }

    private static byte[] mutate(byte[] template, SplittableRandom random) {
        int kind = random.nextInt(8);
        byte[] b;
        switch (kind) {
            case 0, 1, 2 -> b = template;
            case 3 -> {
                b = template.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    int at = random.nextInt(b.length);
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 4 -> {
                b = template.clone();
                b[14 + random.nextInt(Math.min(60, b.length - 14))] = (byte) random.nextInt(256);
            }
            case 5 -> b = java.util.Arrays.copyOf(template, random.nextInt(template.length));
            case 6 -> {
                b = java.util.Arrays.copyOf(template, template.length + random.nextInt(64));
                for (int i = template.length; i < b.length; i++) {
                    b[i] = (byte) random.nextInt(256);
                }
            }
            default -> {
                b = new byte[random.nextInt(200)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) random.nextInt(256);
                }
                if (b.length > 14 && random.nextBoolean()) {
                    b[12] = 0x08;
                    b[13] = 0x00;
                    b[14] = 0x45;
                }
            }
        }
        return b;
    }
}
