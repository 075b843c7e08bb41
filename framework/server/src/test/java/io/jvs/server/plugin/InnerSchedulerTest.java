package io.jvs.server.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.Engine;
import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.service.ServiceKey;
import io.jvs.server.SourceTree;
import io.jvs.server.config.ConfigDocument;
import io.jvs.server.config.JvsConfig;
import io.jvs.server.engine.EngineFactory;
import io.jvs.server.reload.PluginDropIn;
import io.jvs.spi.DestinationView;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inner schedulers through the server's registry: the real jvs-http-scheduler jar, loaded by PF4J
 * from a directory, creates {@code rr} (jvs-ipvs-schedulers) and {@code mh} (jvs-maglev-scheduler)
 * as inner schedulers, each from its own plugin class loader, with parameters checked by the
 * server's {@link ParameterValidator}.
 */
class InnerSchedulerTest {

    private final FakeService service = FakeService.tcp("203.0.113.1", 80);
    private final FakeDestination r1 = service.add(FakeDestination.of("10.0.0.1", 80));
    private final FakeDestination r2 = service.add(FakeDestination.of("10.0.0.2", 80));
    private final FakeDestination w1 = service.add(FakeDestination.of("10.0.0.3", 80));
    private PluginHost host;

    @BeforeEach
    void load() throws Exception {
        host = PluginHost.load(SourceTree.httpPlugins());
    }

    @AfterEach
    void close() {
        host.close();
    }

    private Scheduler create(String rules) throws Exception {
        return host.schedulers().create("http-method", Map.of("pools", "reads=10.0.0.1:80,10.0.0.2:80; writes=10.0.0.3:80",
                "rules", rules, "default-pool", "writes:rr"), service, 2);
    }

    private static FakePacket request(String line, int sourcePort) {
        return FakePacket.tcp("192.0.2.9", sourcePort, "203.0.113.1", 80)
                .payload((line + "\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void shouldCreateInnerSchedulersFromOtherPluginsAndChooseInTheirPools() throws Exception {
        Scheduler s = create("method=GET -> reads:mh(mh-port=true); method=HEAD -> reads:rr");
        assertNotSame(host.schedulers().get("mh").factory().getClass().getClassLoader(),
                host.schedulers().get("http-method").factory().getClass().getClassLoader(),
                "mh comes from its own plugin");
        for (int port = 40000; port < 40064; port++) {
            DestinationView d = s.schedule(service, request("GET /a HTTP/1.1", port), 0);
            assertTrue(d == r1 || d == r2, "mh chooses inside the read pool: " + d);
            assertSame(d, s.schedule(service, request("GET /other HTTP/1.1", port), 0),
                    "mh with mh-port: the same client port, the same destination");
        }
        assertSame(r1, s.schedule(service, request("HEAD / HTTP/1.1", 1), 0));
        assertSame(r2, s.schedule(service, request("HEAD / HTTP/1.1", 1), 0));
        assertSame(w1, s.schedule(service, request("POST / HTTP/1.1", 1), 0));
        long counted = host.schedulers().metrics().counter(
                "jvs.scheduler.http-method.TCP 203.0.113.1:80.rule.1").getCount();
        assertEquals(2, counted, "the classifier's counters are named under its service");
    }

    @Test
    void shouldNameTheRuleAndListTheInstalledSchedulersForAnUnknownInnerScheduler() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> create("method=GET -> reads:rr; method=PUT -> writes:wxc"));
        assertEquals("rules", e.parameter());
        assertTrue(e.getMessage().startsWith("rules: rules[1].scheduler: unknown scheduler 'wxc', installed: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("http-method, lblc"), e.getMessage());
        assertTrue(e.getMessage().contains(", mh, "), "schedulers of every loaded plugin: " + e.getMessage());
    }

    @Test
    void shouldValidateInnerParametersLikeAService() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> create("method=GET -> reads:mh(table-size=abc)"));
        assertEquals("rules: rules[0].scheduler-parameters.table-size: must be an integer, got 'abc'"
                + " (inner scheduler 'mh')", e.getMessage());
        e = assertThrows(InvalidParameterException.class, () -> create("method=GET -> reads:mh(mh-prot=true)"));
        assertTrue(e.getMessage().startsWith("rules: rules[0].scheduler-parameters.mh-prot: unknown parameter;"
                + " this scheduler takes: "), e.getMessage());
    }

    @Test
    void shouldKeepThePluginOfAnInnerSchedulerLoadedWhileAServiceUsesIt(@TempDir Path dir) throws Exception {
        for (String jar : List.of("jvs-ipvs-schedulers.jar", "jvs-maglev-scheduler.jar", "jvs-http-scheduler.jar")) {
            Files.copy(SourceTree.httpPlugins().resolve(jar), dir.resolve(jar));
        }
        Path maglev = dir.resolve("jvs-maglev-scheduler.jar");
        try (PluginHost plugins = PluginHost.load(dir)) {
            JvsConfig config = ConfigDocument.parse("""
                    engine: {data-plane: memory, connections-per-worker: 1024}
                    services:
                      - protocol: tcp
                        address: 203.0.113.1
                        port: 80
                        scheduler: http-method
                        scheduler-parameters: {pools: "reads=198.51.100.7", rules: "method=GET -> reads:mh"}
                        destinations: [{address: 198.51.100.7}]
                    """, "inner.yaml", dir).bind(plugins.schedulers());
            try (InMemoryPacketIo io = new InMemoryPacketIo(1, 64, 32);
                    Engine engine = EngineFactory.create(config, io, plugins.schedulers(), plugins.evictionListeners())) {
                assertEquals(List.of("mh", "wlc"), plugins.schedulers().innerSchedulersOf(
                        engine.services().table().services().getFirst().scheduler()), "mh and the default pool's wlc");
                PluginDropIn dropIn = new PluginDropIn(plugins, engine);
                Files.delete(maglev);
                assertEquals(List.of("jvs-maglev-scheduler.jar: removed, but its schedulers [mh] are used by"
                        + " TCP 203.0.113.1:80 (http-method, inner mh); the plugin stays loaded"),
                        dropIn.apply(Set.of(maglev)));
                assertTrue(plugins.schedulers().contains("mh"));
                engine.services().delete(ServiceKey.tcp("203.0.113.1", 80));
                assertEquals(List.of("jvs-maglev-scheduler.jar: removed; plugin unloaded"), dropIn.apply(Set.of(maglev)));
            }
        }
    }
}
