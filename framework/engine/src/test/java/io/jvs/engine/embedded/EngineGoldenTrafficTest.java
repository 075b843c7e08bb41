package io.jvs.engine.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvs.engine.Engine;
import io.jvs.engine.EngineSettings;
import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParseResult;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.Persistence;
import io.jvs.engine.service.SchedulerProvider;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.engine.worker.Worker;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.EvictionReason;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import io.jvs.spi.TunnelType;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A behaviour lock on the whole engine: seeded random bursts (1 to 70 packets) over NAT, FULLNAT,
 * DR, IPIP and GUE tunnels, persistence, IPv6, UDP, session keys, fragments in both orders, ICMP
 * errors both ways, truncated and bit-flipped frames, low TTLs, firewall marks, VLAN tags, port
 * reuse, clock jumps past every timeout, and {@code conn_reuse_mode}/{@code sloppy_tcp} changes on
 * the fly. Every transmitted and to-kernel frame, the non-zero worker counters, the table size and
 * the non-zero eviction counts after each burst, and the live entries at the end form a transcript
 * whose SHA-256 is compared with the value recorded when the engine was last changed on purpose.
 *
 * <p>It fails on any change of forwarding behaviour, intended or not; the other engine tests say
 * what is right, this one says that nothing else moved. To see what changed, run it with
 * {@code -Djvs.golden.dump=DIR} before and after the change and diff the transcripts; when the
 * change is intended, record the new digests here. Counters and eviction reasons are written by
 * name and only when non-zero, so adding a counter or a reason does not change the digest.
 */
class EngineGoldenTrafficTest {

    static final SchedulerProvider RR = new SchedulerProvider() {
        @Override
        public Scheduler create(String name, Map<String, String> parameters, ServiceView service) {
            if (name.equals("sk")) {
                return new Scheduler() {
                    int last = -1;
                    @Override
                    public DestinationView schedule(ServiceView s, PacketView p, long now) {
                        DestinationList l = s.destinations();
                        if (l.size() == 0) {
                            return null;
                        }
                        last = (last + 1) % l.size();
                        return l.get(last);
                    }

                    @Override
                    public long sessionKey(PacketView p) {
                        return p.payloadLength() < 1 ? 0 : (p.payloadByte(0) & 0xff) + 1;
                    }

                    @Override
                    public int payloadBytesNeeded() {
                        return 1;
                    }
                };
            }
            return new Scheduler() {
                int last = -1;
                @Override
                public DestinationView schedule(ServiceView s, PacketView p, long now) {
                    DestinationList l = s.destinations();
                    int n = l.size();
                    for (int k = 0; k < n; k++) {
                        last = (last + 1) % n;
                        if (l.get(last).isEligible()) {
                            return l.get(last);
                        }
                    }
                    return null;
                }
            };
        }
        @Override
        public boolean exists(String name) {
            return true;
        }
    };

    record Flow(int family, int proto, String client, int cport, String vip, int vport, boolean fragmentable) {}
    static final class Seen { String rAddr; int rPort; String lAddr; int lPort; boolean hasReply; }

    @ParameterizedTest(name = "seed {0}")
    @CsvSource({
        "1, e0c7a13221c70db0bc8bb9a00a71a329bad7662ba904b531e4209062c1013f3d",
        "2, 8a746c10ad976559587164f50782e6a03fbad92ccb97ca1792376c7b4268b97d",
        "3, cef697edee303b5171c1f75e183d1727fd9b2ac824aa2ceccdf3f4e6dca1b70c"})
    void shouldForwardTheRecordedTrafficExactlyAsRecorded(long seed, String expected) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        String dump = System.getProperty("jvs.golden.dump");
        OutputStream sink = dump == null ? OutputStream.nullOutputStream()
                : Files.newOutputStream(Files.createDirectories(Path.of(dump)).resolve("golden-" + seed + ".txt"));
        try (PrintStream out = new PrintStream(new DigestOutputStream(sink, sha), false, StandardCharsets.UTF_8)) {
            record(seed, out);
        }
        assertEquals(expected, HexFormat.of().formatHex(sha.digest()),
                "the engine forwards this seed's traffic differently from when it was recorded (see the class comment)");
    }

    private static void record(long seed, PrintStream out) throws IOException {
        Random rnd = new Random(seed);
        EngineSettings settings = EngineSettings.defaults().withConnectionsPerWorker(rnd.nextBoolean() ? 64 : 4096);
        InMemoryPacketIo io = new InMemoryPacketIo(1, 4096, settings.batchCapacity());
        Engine engine = new Engine(settings, RR, io);
        Worker worker = engine.workers().get(0);
        List<ServiceSpec> specs = new ArrayList<>();
        specs.add(ServiceSpec.of(ServiceKey.tcp("203.0.113.1", 80), "rr", DestinationSpec.nat("198.51.100.1", 8080),
                DestinationSpec.nat("198.51.100.2", 8080), DestinationSpec.nat("198.51.100.3", 0)));
        specs.add(ServiceSpec.of(ServiceKey.udp("203.0.113.1", 53), "rr", DestinationSpec.nat("198.51.100.1", 5353),
                DestinationSpec.nat("198.51.100.2", 5353)));
        specs.add(ServiceSpec.of(ServiceKey.tcp("203.0.113.2", 443), "rr",
                DestinationSpec.nat("198.51.100.4", 8443).withForwarding(ForwardingMethod.FULLNAT, null),
                DestinationSpec.nat("198.51.100.5", 8443).withForwarding(ForwardingMethod.FULLNAT, null)));
        specs.add(ServiceSpec.of(ServiceKey.tcp("203.0.113.3", 80), "rr",
                DestinationSpec.nat("198.51.100.6", 0).withForwarding(ForwardingMethod.DR, null),
                DestinationSpec.nat("198.51.100.7", 80).withForwarding(ForwardingMethod.TUNNEL, TunnelType.GUE)));
        specs.add(ServiceSpec.of(ServiceKey.tcp("203.0.113.5", 80), "rr", DestinationSpec.nat("198.51.100.8", 8080),
                DestinationSpec.nat("198.51.100.9", 8080)).withPersistence(new Persistence(30, 24)));
        specs.add(ServiceSpec.of(ServiceKey.tcp("2001:db8::1", 80), "rr", DestinationSpec.nat("2001:db8:1::1", 8080),
                DestinationSpec.nat("2001:db8:1::2", 8080)));
        specs.add(ServiceSpec.of(ServiceKey.udp("203.0.113.6", 9000), "sk", DestinationSpec.nat("198.51.100.10", 9000),
                DestinationSpec.nat("198.51.100.11", 9000)));
        specs.add(ServiceSpec.of(ServiceKey.tcp("203.0.113.7", 80), "rr",
                DestinationSpec.nat("198.51.100.12", 80).withForwarding(ForwardingMethod.TUNNEL, TunnelType.IPIP)));
        engine.services().apply(specs);
        String[][] vips = {{"203.0.113.1", "80", "6"}, {"203.0.113.1", "53", "17"}, {"203.0.113.2", "443", "6"},
                {"203.0.113.3", "80", "6"}, {"203.0.113.5", "80", "6"}, {"2001:db8::1", "80", "6"},
                {"203.0.113.6", "9000", "17"}, {"203.0.113.9", "80", "6"}, {"203.0.113.7", "80", "6"}};
        List<Flow> flows = new ArrayList<>();
        Map<Flow, Seen> seen = new HashMap<>();
        long now = 1_000_000_000L;
        ParsedPacket parsed = new ParsedPacket();
        for (int burst = 0; burst < 3000; burst++) {
            int k = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 70 : 12);
            List<Flow> sentFlows = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                int action = rnd.nextInt(100);
                byte[] frame;
                Flow f = null;
                if (action < 22 || flows.isEmpty()) {
                    String[] v = vips[rnd.nextInt(vips.length)];
                    boolean v6 = v[0].contains(":");
                    int proto = Integer.parseInt(v[2]);
                    String client = v6 ? "2001:db8:9::" + Integer.toHexString(1 + rnd.nextInt(50))
                            : "10.1." + rnd.nextInt(3) + "." + (1 + rnd.nextInt(40));
                    f = new Flow(v6 ? 6 : 4, proto, client, 1024 + rnd.nextInt(30), v[0], Integer.parseInt(v[1]), false);
                    flows.add(f);
                    frame = clientPacket(f, rnd, proto == 6 ? TcpFlags.SYN : 0, rnd);
                    if (rnd.nextInt(4) == 0 && j + 1 < k) {
                        // same-burst follow-up (tests burst interplay)
                        send(io, frame, out, rnd);
                        j++;
                        frame = clientPacket(f, rnd, proto == 6 ? (rnd.nextBoolean() ? TcpFlags.ACK : TcpFlags.SYN) : 0, rnd);
                    }
                } else if (action < 55) {
                    f = flows.get(rnd.nextInt(flows.size()));
                    int flags = f.proto == 6 ? pickFlags(rnd) : 0;
                    frame = clientPacket(f, rnd, flags, rnd);
                } else if (action < 80) {
                    f = flows.get(rnd.nextInt(flows.size()));
                    Seen s = seen.get(f);
                    if (s == null || !s.hasReply) {
                        frame = clientPacket(f, rnd, f.proto == 6 ? TcpFlags.ACK : 0, rnd);
                    } else {
                        PacketBuilder b = (f.family == 4 ? (f.proto == 6 ? PacketBuilder.tcp4() : PacketBuilder.udp4())
                                : (f.proto == 6 ? PacketBuilder.tcp6() : PacketBuilder.udp6()))
                                .src(s.rAddr, s.rPort).dst(s.lAddr, s.lPort);
                        if (f.proto == 6) b.flags(pickReplyFlags(rnd)).seq(rnd.nextInt()).ack(rnd.nextInt());
                        if (rnd.nextInt(3) == 0) b.payload("reply" + rnd.nextInt(100));
                        if (rnd.nextInt(5) == 0) {
                            // ICMP error from the client side about the reply
                            PacketBuilder e = (f.family == 4 ? PacketBuilder.icmp4() : PacketBuilder.icmp6())
                                    .src(f.client).dst(f.vip);
                            e.icmpError(f.family == 4 ? 3 : 1, f.family == 4 ? 3 : 4,
                                    (f.family == 4 ? (f.proto == 6 ? PacketBuilder.tcp4() : PacketBuilder.udp4())
                                            : (f.proto == 6 ? PacketBuilder.tcp6() : PacketBuilder.udp6()))
                                            .src(f.vip, f.vport).dst(f.client, f.cport));
                            frame = e.build();
                        } else if (rnd.nextInt(5) == 0) {
                            PacketBuilder e = (f.family == 4 ? PacketBuilder.icmp4() : PacketBuilder.icmp6())
                                    .src(s.rAddr).dst(s.lAddr);
                            e.icmpError(f.family == 4 ? 3 : 1, f.family == 4 ? 1 : 3, (f.family == 4
                                    ? (f.proto == 6 ? PacketBuilder.tcp4() : PacketBuilder.udp4())
                                    : (f.proto == 6 ? PacketBuilder.tcp6() : PacketBuilder.udp6()))
                                    .src(s.lAddr, s.lPort).dst(s.rAddr, s.rPort));
                            frame = e.build();
                        } else {
                            frame = b.build();
                        }
                    }
                } else if (action < 88) {
                    // UDP fragments (first + later) of a UDP flow, or to a random udp service
                    f = null;
                    for (int t = 0; t < 5 && f == null; t++) {
                        Flow c = flows.get(rnd.nextInt(flows.size()));
                        if (c.proto == 17 && c.family == 4) f = c;
                    }
                    if (f == null) {
                        f = new Flow(4, 17, "10.2.0." + (1 + rnd.nextInt(20)), 2000 + rnd.nextInt(10), "203.0.113.1", 53, true);
                        flows.add(f);
                    }
                    int id = rnd.nextInt(65536);
                    byte[] first = PacketBuilder.udp4().src(f.client, f.cport).dst(f.vip, f.vport).identification(id)
                            .fragment(0, true).payload(new byte[16]).build();
                    byte[] later = PacketBuilder.udp4().src(f.client, f.cport).dst(f.vip, f.vport).identification(id)
                            .fragment(rnd.nextBoolean() ? 24 : 8, false).payload(new byte[8]).build();
                    if (rnd.nextInt(4) == 0) {
                        send(io, later, out, rnd);
                        frame = first;
                    } else {
                        send(io, first, out, rnd);
                        frame = later;
                    }
                    f = null;
                } else if (action < 94) {
                    // garbage or truncated
                    Flow g = flows.get(rnd.nextInt(flows.size()));
                    byte[] good = clientPacket(g, rnd, TcpFlags.ACK, rnd);
                    int len = rnd.nextInt(good.length + 1);
                    frame = Arrays.copyOf(good, len);
                    if (rnd.nextBoolean() && len > 20) frame[14 + rnd.nextInt(Math.min(20, len - 14))] ^= (byte) (1 << rnd.nextInt(8));
                } else if (action < 97) {
                    frame = PacketBuilder.icmp4().src("10.9.9.9").dst("203.0.113.1").build();
                } else {
                    // low TTL
                    Flow g = flows.get(rnd.nextInt(flows.size()));
                    frame = (g.family == 4 ? PacketBuilder.tcp4() : PacketBuilder.tcp6()).src(g.client, g.cport)
                            .dst(g.vip, g.vport).flags(TcpFlags.ACK).ttl(1 + rnd.nextInt(2)).build();
                }
                if (f != null) sentFlows.add(f);
                send(io, frame, out, rnd);
            }
            while (worker.doWork(now) != 0) {
                // until the burst is processed
            }
            out.println("burst " + burst + " now " + now);
            for (byte[] b : io.drainTransmitted(0)) {
                out.println("  tx " + HexFormat.of().formatHex(b));
                learn(b, parsed, flows, seen);
            }
            for (byte[] b : io.drainToKernel(0)) out.println("  kernel " + HexFormat.of().formatHex(b));
            StringBuilder c = new StringBuilder("  counters");
            for (int i = 0; i < WorkerCounters.COUNT; i++) {
                if (worker.counters().get(i) != 0) {
                    c.append(' ').append(WorkerCounters.name(i)).append('=').append(worker.counters().get(i));
                }
            }
            out.println(c);
            StringBuilder ev = new StringBuilder("  size " + worker.table().size() + " ev");
            for (EvictionReason r : EvictionReason.values()) {
                if (worker.table().evictionCount(r) != 0) {
                    ev.append(' ').append(r).append('=').append(worker.table().evictionCount(r));
                }
            }
            out.println(ev);
            if (rnd.nextInt(20) == 0) engine.tunables().setConnReuseMode(rnd.nextInt(4));
            if (rnd.nextInt(50) == 0) engine.tunables().setSloppyTcp(rnd.nextBoolean());
            now += rnd.nextInt(30) == 0 ? 200_000_000_000L : rnd.nextInt(3_000_000) * 1000L;
        }
        ConnectionTable t = worker.table();
        for (int id = t.nextLive(0); id != ConnectionTable.MISSING; id = t.nextLive(id + 1)) {
            out.println("entry " + id + " " + t.stateName(id) + " dest " + t.destinationId(id) + " deadline "
                    + t.deadlineNanos(id) + " cp " + t.clientPort(id) + " dp " + t.destinationPort(id));
        }
        engine.close();
        io.close();
    }

    static void send(InMemoryPacketIo io, byte[] frame, PrintStream out, Random rnd) {
        if (!io.inject(0, frame, rnd.nextInt(30) == 0 ? 7 : 0)) throw new IllegalStateException("ring full");
    }

    static int pickFlags(Random rnd) {
        int[] choices = {TcpFlags.ACK, TcpFlags.ACK, TcpFlags.ACK | TcpFlags.PSH, TcpFlags.FIN | TcpFlags.ACK,
                TcpFlags.RST, TcpFlags.SYN, TcpFlags.SYN | TcpFlags.ACK, 0};
        return choices[rnd.nextInt(choices.length)];
    }

    static int pickReplyFlags(Random rnd) {
        int[] choices = {TcpFlags.SYN | TcpFlags.ACK, TcpFlags.ACK, TcpFlags.FIN | TcpFlags.ACK, TcpFlags.RST};
        return choices[rnd.nextInt(choices.length)];
    }

    static byte[] clientPacket(Flow f, Random r, int flags, Random rnd) {
        PacketBuilder b = (f.family == 4 ? (f.proto == 6 ? PacketBuilder.tcp4() : PacketBuilder.udp4())
                : (f.proto == 6 ? PacketBuilder.tcp6() : PacketBuilder.udp6())).src(f.client, f.cport).dst(f.vip, f.vport);
        if (f.proto == 6) b.flags(flags).seq(rnd.nextInt()).ack(rnd.nextInt());
        if (rnd.nextInt(3) == 0) b.payload(new byte[] {(byte) rnd.nextInt(4), 1, 2});
        if (rnd.nextInt(6) == 0) b.padToMinimumFrame();
        if (rnd.nextInt(15) == 0) b.vlan(5);
        return b.build();
    }

    /** Learns reply tuples from forwarded client packets: destination = real server. */
    static void learn(byte[] b, ParsedPacket p, List<Flow> flows, Map<Flow, Seen> seen) {
        if (PacketParser.parse(MemorySegment.ofArray(b), 0, b.length, p) != ParseResult.OK) return;
        if (p.protocol() != 6 && p.protocol() != 17) return;
        for (Flow f : flows) {
            if (f.proto != p.protocol() || f.family != p.family()) continue;
            // NAT: src = client:cport; FULLNAT: src = local; match by client port and vip service
            String src = text(p, true), dst = text(p, false);
            if ((src.equals(f.client) && p.sourcePort() == f.cport && !dst.equals(f.vip))
                    || (dst.equals(f.client) && p.destinationPort() == f.cport)) {
                if (src.equals(f.client)) {
                    Seen s = seen.computeIfAbsent(f, x -> new Seen());
                    s.rAddr = dst; s.rPort = p.destinationPort(); s.lAddr = src; s.lPort = p.sourcePort(); s.hasReply = true;
                }
                return;
            }
            if (f.vip.equals("203.0.113.2") && f.vport == 443 && p.destinationPort() == 8443 && !seen.containsKey(f)
                    && !src.equals(f.client)) {
                Seen s = new Seen();
                s.rAddr = dst; s.rPort = p.destinationPort(); s.lAddr = src; s.lPort = p.sourcePort(); s.hasReply = true;
                seen.put(f, s);
                return;
            }
        }
    }

    static String text(ParsedPacket p, boolean source) {
        if (p.family() == 4) {
            int a = source ? p.sourceAddressWord(0) : p.destinationAddressWord(0);
            return (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
        }
        int[] w = new int[4];
        for (int i = 0; i < 4; i++) w[i] = source ? p.sourceAddressWord(i) : p.destinationAddressWord(i);
        return new IpAddress(6, w[0], w[1], w[2], w[3]).toString();
    }

}
