package io.jvs.engine.synproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.embedded.EmbeddedEngine;
import io.jvs.engine.forward.NaiveChecksums;
import io.jvs.engine.packet.MacAddress;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.pipeline.NeighborTable;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.SchedulerProvider;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An embedded engine with one SYN-proxied TCP service (port 80) and two real servers (port 8080),
 * and helpers to build the client's and the servers' segments and decode what comes out.
 */
final class SynProxyFixture implements AutoCloseable {

    static final long OWN_MAC = 0x020000000001L;
    static final long GATEWAY_MAC = 0x0200000000FEL;
    static final long REAL0_MAC = MacAddress.parse("02:00:00:00:01:07");
    static final long REAL1_MAC = MacAddress.parse("02:00:00:00:01:08");
    static final SynProxySettings.CookieKey KEY = new SynProxySettings.CookieKey(0x1122334455667788L,
            0x99AABBCCDDEEFF00L);
    static final int CLIENT_PORT = 40000;
    static final int LOCAL_PORT = 1024;

    /** "first-byte": needs up to 64 bytes, is satisfied at the first CRLF; 'P' picks server 1, else server 0. */
    static final String PAYLOAD_SCHEDULER = "first-byte";
    /** "keyed": needs one byte, whose value (+1) is the session key; 'P' picks server 1, else server 0. */
    static final String KEYED_SCHEDULER = "keyed";
    /** "first": the first eligible server, on headers alone. */
    static final String HEADER_SCHEDULER = "first";

    static final SchedulerProvider SCHEDULERS = new SchedulerProvider() {
        @Override
        public Scheduler create(String name, Map<String, String> parameters, ServiceView service) {
            if (name.equals(PAYLOAD_SCHEDULER)) {
                return new Scheduler() {
                    @Override
                    public DestinationView schedule(ServiceView svc, PacketView packet, long nowNanos) {
                        DestinationList l = svc.destinations();
                        int index = packet.payloadLength() > 0 && packet.payloadByte(0) == 'P' ? 1 : 0;
                        return l.size() > index ? l.get(index) : null;
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
                };
            }
            if (name.equals(KEYED_SCHEDULER)) {
                return new Scheduler() {
                    @Override
                    public DestinationView schedule(ServiceView svc, PacketView packet, long nowNanos) {
                        return svc.destinations().get(packet.payloadByte(0) == 'P' ? 1 : 0);
                    }

                    @Override
                    public int payloadBytesNeeded() {
                        return 1;
                    }

                    @Override
                    public long sessionKey(PacketView packet) {
                        return packet.payloadLength() > 0 ? packet.payloadByte(0) + 1 : NO_SESSION_KEY;
                    }
                };
            }
            return (svc, packet, now) -> svc.destinations().size() > 0 ? svc.destinations().get(0) : null;
        }

        @Override
        public boolean exists(String name) {
            return true;
        }
    };

    final int family;
    final ForwardingMethod method;
    final EmbeddedEngine engine;
    final String client;
    final String vip;
    final String[] real;
    final String local;

    SynProxyFixture(int family, ForwardingMethod method, String scheduler, boolean synProxy) {
        this(family, method, scheduler, synProxy, SynProxySettings.defaults());
    }

    SynProxyFixture(int family, ForwardingMethod method, String scheduler, boolean synProxy,
            SynProxySettings settings) {
        this.family = family;
        this.method = method;
        this.client = family == 4 ? "198.51.100.10" : "2001:db8:c::10";
        this.vip = family == 4 ? "203.0.113.1" : "2001:db8:f::1";
        this.real = family == 4 ? new String[] {"198.51.100.7", "198.51.100.8"}
                : new String[] {"2001:db8:b::7", "2001:db8:b::8"};
        this.local = family == 4 ? "192.0.2.100" : "2001:db8:ffff::100";
        EngineSettings engineSettings = EngineSettings.defaults().withConnectionsPerWorker(1024)
                .withNeighbors(new NeighborTable(Map.of(IpAddress.parse(real[0]), REAL0_MAC,
                        IpAddress.parse(real[1]), REAL1_MAC)))
                .withSynProxy(settings.withCookieKey(KEY));
        this.engine = new EmbeddedEngine(engineSettings, SCHEDULERS);
        ServiceKey key = ServiceKey.tcp(vip, 80);
        List<DestinationSpec> dests = List.of(
                new DestinationSpec(IpAddress.parse(real[0]), 8080, 1, 0, 0, method, null),
                new DestinationSpec(IpAddress.parse(real[1]), 8080, 1, 0, 0, method, null));
        engine.services().apply(List.of(new ServiceSpec(key, scheduler, Map.of(), null, dests, null, synProxy)));
    }

    PacketBuilder tcp() {
        return family == 4 ? PacketBuilder.tcp4() : PacketBuilder.tcp6();
    }

    /** A segment from the client to the virtual service. */
    PacketBuilder fromClient(int flags, long seq, long ack) {
        return tcp().src(client, CLIENT_PORT).dst(vip, 80).flags(flags).seq((int) seq).ack((int) ack).window(502)
                .srcMac("02:00:00:00:0c:01").dstMac(MacAddress.format(OWN_MAC));
    }

    /** A segment from a real server back to the client (NAT) or to jvs's local address (FULLNAT). */
    PacketBuilder fromReal(int index, int flags, long seq, long ack) {
        boolean nat = method == ForwardingMethod.NAT;
        return tcp().src(real[index], 8080).dst(nat ? client : local, nat ? CLIENT_PORT : LOCAL_PORT).flags(flags)
                .seq((int) seq).ack((int) ack).window(300)
                .srcMac(MacAddress.format(index == 0 ? REAL0_MAC : REAL1_MAC)).dstMac(MacAddress.format(OWN_MAC));
    }

    /** Sends a frame and decodes every frame that comes out, checking every checksum from scratch. */
    List<TcpSegment> send(PacketBuilder frame) {
        return decodeAll(engine.send(frame.build()));
    }

    static List<TcpSegment> decodeAll(List<byte[]> frames) {
        List<TcpSegment> out = new ArrayList<>();
        for (byte[] f : frames) {
            assertEquals(List.of(), NaiveChecksums.problems(f), "checksums recomputed from scratch");
            out.add(TcpSegment.decode(f));
        }
        return out;
    }

    /** Advances the clock and decodes what the timers sent. */
    List<TcpSegment> advanceSeconds(double seconds) {
        engine.advanceSeconds(seconds);
        return decodeAll(engine.drainTransmitted());
    }

    long counter(int counter) {
        return engine.engine().counter(counter);
    }

    int tableSize() {
        return engine.table(0).size();
    }

    int sessions() {
        return engine.engine().workers().get(0).pipeline().synProxy().sessionsInUse();
    }

    /** The address the real server sees the client as. */
    String clientAsSeenByReal() {
        return method == ForwardingMethod.NAT ? client : local;
    }

    int clientPortAsSeenByReal() {
        return method == ForwardingMethod.NAT ? CLIENT_PORT : LOCAL_PORT;
    }

    long counterSum(int... counters) {
        long sum = 0;
        for (int c : counters) {
            sum += counter(c);
        }
        return sum;
    }

    @Override
    public void close() {
        engine.close();
    }
}
