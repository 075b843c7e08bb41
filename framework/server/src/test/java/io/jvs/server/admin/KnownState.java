package io.jvs.server.admin;

import io.jvs.engine.Engine;
import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.server.SourceTree;
import io.jvs.server.config.AdminConfig;
import io.jvs.server.config.ConfigDocument;
import io.jvs.server.config.JvsConfig;
import io.jvs.server.engine.EngineFactory;
import io.jvs.server.plugin.PluginHost;
import java.nio.file.Path;
import java.util.List;

/**
 * An engine in a state known by hand, behind a running admin endpoint: two services, three
 * destinations, five connections driven through the real packet path on a fixed clock.
 *
 * <pre>
 * TCP 203.0.113.1:80 rr       -> 198.51.100.7:8080 nat w1, 198.51.100.8:8080 nat w2
 * UDP 203.0.113.2:53 rr, persistent 300 s /24 -> 198.51.100.17:53 dr
 *
 * t = 1 s   c1 203.0.113.101:40001 SYN      -> .7  (SYN_RECV)         40 bytes
 *           c2 203.0.113.102:40002 SYN      -> .8                      40 bytes
 *           c3 203.0.113.103:40003 SYN      -> .7  (rr wraps)          40 bytes
 *           .8 SYN-ACK to c2 (reply)                                   40 bytes out
 *           c2 ACK                          -> .8  (ESTABLISHED)       40 bytes
 *           c1 203.0.113.101:5353 UDP, 4 bytes payload -> .17 (+ a template)  32 bytes
 * the admin clock then reads t = 11 s
 * </pre>
 */
final class KnownState implements AutoCloseable {

    static final long PACKET_NANOS = 1_000_000_000L;
    static final long READ_NANOS = 11_000_000_000L;

    static final String YAML = """
            engine:
              data-plane: memory
              connections-per-worker: 1024
            services:
              - protocol: tcp
                address: 203.0.113.1
                port: 80
                scheduler: rr
                destinations:
                  - {address: 198.51.100.7, port: 8080}
                  - {address: 198.51.100.8, port: 8080, weight: 2}
              - protocol: udp
                address: 203.0.113.2
                port: 53
                scheduler: rr
                persistence: {timeout: 300s, netmask: 255.255.255.0}
                destinations:
                  - {address: 198.51.100.17, forwarding: dr}
            """;

    final PluginHost plugins;
    final InMemoryPacketIo io;
    final Engine engine;
    final ControlPlane control;
    final AdminServer admin;

    KnownState(AdminConfig adminConfig, java.util.function.LongSupplier limiterClock) throws Exception {
        plugins = SourceTree.loadPlugins();
        JvsConfig config = ConfigDocument.parse(YAML, "known.yaml", Path.of("/tmp")).bind(plugins.schedulers());
        io = new InMemoryPacketIo(1, 64, 32);
        engine = EngineFactory.create(config, io, plugins.schedulers(), List.of());
        send(PacketBuilder.tcp4().src("203.0.113.101", 40001).dst("203.0.113.1", 80).flags(TcpFlags.SYN).seq(1));
        send(PacketBuilder.tcp4().src("203.0.113.102", 40002).dst("203.0.113.1", 80).flags(TcpFlags.SYN).seq(1));
        send(PacketBuilder.tcp4().src("203.0.113.103", 40003).dst("203.0.113.1", 80).flags(TcpFlags.SYN).seq(1));
        send(PacketBuilder.tcp4().src("198.51.100.8", 8080).dst("203.0.113.102", 40002)
                .flags(TcpFlags.SYN | TcpFlags.ACK).seq(100).ack(2));
        send(PacketBuilder.tcp4().src("203.0.113.102", 40002).dst("203.0.113.1", 80).flags(TcpFlags.ACK).seq(2)
                .ack(101));
        send(PacketBuilder.udp4().src("203.0.113.101", 5353).dst("203.0.113.2", 53).payload(new byte[] {1, 2, 3, 4}));
        control = new ControlPlane(engine, () -> READ_NANOS);
        control.setPlugins(plugins::reports);
        admin = new AdminServer(control, adminConfig, limiterClock);
        admin.start();
    }

    KnownState() throws Exception {
        this(AdminConfig.DEFAULT.withPort(0), () -> 0L);
    }

    private void send(PacketBuilder packet) {
        io.inject(0, packet.build());
        engine.workers().getFirst().doWork(PACKET_NANOS);
        io.drainTransmitted(0);
    }

    @Override
    public void close() {
        admin.close();
        engine.close();
        io.close();
        plugins.close();
    }
}
