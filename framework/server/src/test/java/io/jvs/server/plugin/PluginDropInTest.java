package io.jvs.server.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.engine.Engine;
import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceSpec;
import io.jvs.server.config.ConfigDocument;
import io.jvs.server.config.JvsConfig;
import io.jvs.server.engine.EngineFactory;
import io.jvs.server.reload.PluginDropIn;
import io.jvs.testplugins.LastDestinationFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin jars dropped into and removed from the plugins directory of a running engine. */
class PluginDropInTest {

    @TempDir
    Path dir;
    private PluginHost plugins;
    private InMemoryPacketIo io;
    private Engine engine;
    private PluginDropIn dropIn;

    @BeforeEach
    void start() throws Exception {
        TestPluginJar.copyReactorPlugins(dir);
        plugins = PluginHost.load(dir);
        JvsConfig config = ConfigDocument.parse("""
                engine: {data-plane: memory, connections-per-worker: 1024}
                services:
                  - {protocol: tcp, address: 203.0.113.1, port: 80, scheduler: rr,
                     destinations: [{address: 198.51.100.7}]}
                """, "drop.yaml", dir).bind(plugins.schedulers());
        io = new InMemoryPacketIo(1, 64, 32);
        engine = EngineFactory.create(config, io, plugins.schedulers(), plugins.evictionListeners());
        dropIn = new PluginDropIn(plugins, engine);
    }

    @AfterEach
    void stop() {
        engine.close();
        io.close();
        plugins.close();
    }

    private static ServiceSpec lastService() {
        return ServiceSpec.of(ServiceKey.tcp("203.0.113.9", 80), "last", DestinationSpec.nat("198.51.100.9", 80));
    }

    @Test
    void shouldLoadANewJarAndRefuseItsRemovalWhileAServiceUsesIt() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> engine.services().put(lastService()),
                "no 'last' scheduler before the drop-in");
        Path jar = TestPluginJar.plugin("last-plugin").extension(LastDestinationFactory.class)
                .writeTo(dir, "last.jar");

        List<String> added = dropIn.apply(Set.of(jar));
        assertEquals(List.of("last.jar: LOADED [last]"), added);
        assertTrue(plugins.schedulers().contains("last"));
        engine.services().put(lastService());
        assertTrue(plugins.reports().stream().anyMatch(r -> r.pluginId().equals("last-plugin")));

        Files.delete(jar);
        List<String> refused = dropIn.apply(Set.of(jar));
        assertEquals(List.of("last.jar: removed, but its schedulers [last] are used by TCP 203.0.113.9:80 (last);"
                + " the plugin stays loaded"), refused);
        assertTrue(plugins.schedulers().contains("last"));
        assertTrue(plugins.isLoaded(jar));

        engine.services().delete(ServiceKey.tcp("203.0.113.9", 80));
        assertEquals(List.of("last.jar: removed; plugin unloaded"), dropIn.apply(Set.of(jar)));
        assertFalse(plugins.schedulers().contains("last"));
        assertFalse(plugins.isLoaded(jar));
        assertFalse(plugins.reports().stream().anyMatch(r -> r.pluginId().equals("last-plugin")));
        assertThrows(IllegalArgumentException.class, () -> engine.services().put(lastService()));
        assertEquals(1, engine.services().specs().size(), "the rr service was never touched");
    }

    @Test
    void shouldRefuseAJarThatNeedsAnotherSpiVersion() throws Exception {
        Path jar = TestPluginJar.plugin("future").requires(">=9.0.0").extension(LastDestinationFactory.class)
                .writeTo(dir, "future.jar");
        List<String> result = dropIn.apply(Set.of(jar));
        assertEquals(1, result.size());
        assertTrue(result.getFirst().startsWith("future.jar: FAILED []: it requires jvs-spi '>=9.0.0'"),
                result.getFirst());
        assertFalse(plugins.schedulers().contains("last"));
    }

    @Test
    void shouldReplaceAChangedJarThatNoServiceUses() throws Exception {
        Path jar = TestPluginJar.plugin("last-plugin").extension(LastDestinationFactory.class)
                .writeTo(dir, "last.jar");
        dropIn.apply(Set.of(jar));
        TestPluginJar.plugin("last-plugin").extension(LastDestinationFactory.class).writeTo(dir, "last.jar");
        assertEquals(List.of("last.jar: LOADED [last]"), dropIn.apply(Set.of(jar)));
        assertEquals(1, plugins.reports().stream().filter(r -> r.pluginId().equals("last-plugin")).count());
    }
}
