package io.jvs.server.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.Engine;
import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.packet.PacketBuilder;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.VirtualService;
import io.jvs.server.SourceTree;
import io.jvs.server.config.ConfigDocument;
import io.jvs.server.config.ConfigException;
import io.jvs.server.config.JvsConfig;
import io.jvs.server.engine.EngineFactory;
import io.jvs.server.plugin.PluginHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloads that touch other services leave a service's established connections alone. */
class ConfigReloaderTest {

    private static final int CLIENTS = 20;
    private static final long NOW = 1_000_000_000L;

    @TempDir
    Path dir;
    private PluginHost plugins;
    private InMemoryPacketIo io;
    private Engine engine;
    private Path file;
    private ConfigReloader reloader;

    /** The file: service A fixed; service B's weights, destinations and scheduler vary with {@code round}. */
    private static String yaml(int round) {
        StringBuilder b = new StringBuilder("""
                engine: {data-plane: memory, connections-per-worker: 4096}
                sysctl: {expire_nodest_conn: 1}
                services:
                  - protocol: tcp
                    address: 203.0.113.1
                    port: 80
                    scheduler: rr
                    destinations:
                      - {address: 198.51.100.7, port: 8080}
                      - {address: 198.51.100.8, port: 8080}
                  - protocol: tcp
                    address: 203.0.113.2
                    port: 443
                """);
        b.append("    scheduler: ").append(round % 3 == 0 ? "wrr" : "rr").append('\n');
        b.append("    destinations:\n");
        b.append("      - {address: 198.51.100.20, weight: ").append(1 + round % 5).append("}\n");
        if (round % 2 == 1) {
            b.append("      - {address: 198.51.100.21}\n");
        }
        if (round % 4 == 2) {
            b.append("""
                      - protocol: udp
                        address: 203.0.113.3
                        port: 53
                        scheduler: rr
                        destinations: [{address: 198.51.100.30}]
                    """);
        }
        return b.toString();
    }

    @BeforeEach
    void start() throws Exception {
        plugins = SourceTree.loadPlugins();
        file = dir.resolve("jvs.yaml");
        Files.writeString(file, yaml(0));
        JvsConfig config = ConfigDocument.read(file).bind(plugins.schedulers());
        io = new InMemoryPacketIo(1, 256, 32);
        engine = EngineFactory.create(config, io, plugins.schedulers(), List.of());
        reloader = new ConfigReloader(file, engine, plugins::schedulers, config);
    }

    @AfterEach
    void stop() {
        engine.close();
        io.close();
        plugins.close();
    }

    private List<byte[]> send(byte[] frame) {
        io.inject(0, frame);
        engine.workers().getFirst().doWork(NOW);
        return io.drainTransmitted(0);
    }

    /** Destination address word (IPv4) of the one frame jvs transmitted for a client packet. */
    private int forwardedTo(byte[] frame) {
        List<byte[]> out = send(frame);
        assertEquals(1, out.size(), "one frame forwarded");
        byte[] f = out.getFirst();
        return ((f[30] & 0xff) << 24) | ((f[31] & 0xff) << 16) | ((f[32] & 0xff) << 8) | (f[33] & 0xff);
    }

    private static byte[] clientPacket(int client, int flags) {
        return PacketBuilder.tcp4().src("192.0.2." + (10 + client), 40000 + client).dst("203.0.113.1", 80)
                .flags(flags).seq(1000).ack(1).payload(flags == TcpFlags.SYN ? "" : "data").build();
    }

    @Test
    void shouldKeepEveryEstablishedConnectionOfAnUntouchedServiceThroughAHundredReloads() throws Exception {
        int[] chosen = new int[CLIENTS];
        for (int c = 0; c < CLIENTS; c++) {
            chosen[c] = forwardedTo(clientPacket(c, TcpFlags.SYN));
            send(PacketBuilder.tcp4().src(c % 2 == 0 ? "198.51.100.7" : "198.51.100.8", 8080)
                    .dst("192.0.2." + (10 + c), 40000 + c).flags(TcpFlags.SYN | TcpFlags.ACK).seq(1).ack(1001).build());
            forwardedTo(clientPacket(c, TcpFlags.ACK));
        }
        assertEquals(List.of(0xC6336407, 0xC6336408), List.of(chosen[0], chosen[1]), "rr alternates");
        VirtualService a = engine.services().table().get(ServiceKey.tcp("203.0.113.1", 80));
        assertEquals(CLIENTS, a.destinations().get(0).activeConnections() + a.destinations().get(1).activeConnections());

        for (int round = 1; round <= 100; round++) {
            Files.writeString(file, yaml(round));
            ConfigReloader.Outcome outcome = reloader.reload();
            assertEquals(1, outcome.unchanged() , "service A is unchanged in round " + round);
            assertTrue(outcome.changed() + outcome.added() + outcome.removed() >= 1, "round " + round + " changes B");
            assertEquals(a, engine.services().table().get(ServiceKey.tcp("203.0.113.1", 80)), "same service object");
            for (int c = 0; c < CLIENTS; c++) {
                assertEquals(chosen[c], forwardedTo(clientPacket(c, TcpFlags.ACK | TcpFlags.PSH)),
                        "client " + c + " stays on its server in round " + round);
            }
        }
        assertEquals(100, reloader.reloads());
        assertEquals(0, engine.evictions().total(), "no connection of A was evicted");
        ConnectionTable table = engine.workers().getFirst().table();
        int established = 0;
        for (int id = table.nextLive(0); id != ConnectionTable.MISSING; id = table.nextLive(id + 1)) {
            if ("ESTABLISHED".equals(table.stateName(id))) {
                established++;
            }
        }
        assertEquals(CLIENTS, established);
    }

    @Test
    void shouldRefuseABadFileWholeAndKeepRunning() throws Exception {
        Files.writeString(file, yaml(1).replace("scheduler: rr", "scheduler: nosuch"));
        ConfigException refused = assertThrows(ConfigException.class, reloader::reload);
        assertTrue(refused.problems().getFirst().toString().contains("unknown scheduler 'nosuch'"),
                refused.problems().getFirst().toString());
        assertEquals(2, engine.services().specs().size());
        assertEquals(0, reloader.reloads());
    }

    @Test
    void shouldReportSectionsThatNeedARestart() throws Exception {
        Files.writeString(file, yaml(0).replace("connections-per-worker: 4096", "connections-per-worker: 8192"));
        ConfigReloader.Outcome outcome = reloader.reload();
        assertEquals(List.of("engine"), outcome.needsRestart());
        assertEquals("reloaded: 0 added, 0 changed, 0 removed, 2 unchanged; not applied until a restart: engine",
                outcome.summary());
    }

    @Test
    void shouldReportChangedFilesOfAWatchedDirectory() throws Exception {
        Set<Path> seen = new CopyOnWriteArraySet<>();
        java.util.concurrent.CountDownLatch changed = new java.util.concurrent.CountDownLatch(1);
        try (DirectoryWatcher watcher = new DirectoryWatcher(dir, p -> p.equals(file), files -> {
            seen.addAll(files);
            changed.countDown();
        })) {
            Files.writeString(dir.resolve("other.txt"), "x");
            Files.writeString(file, yaml(1));
            assertTrue(changed.await(30, TimeUnit.SECONDS), "the change was reported");
            assertEquals(Set.of(file.toAbsolutePath().normalize()), new java.util.HashSet<>(seen));
        }
    }
}
