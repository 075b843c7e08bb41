package io.jvs.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.server.plugin.PluginOrigin;
import io.jvs.server.plugin.SchedulerRegistry;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeService;
import io.jvs.testplugins.FailingCreateFactory;
import io.jvs.testplugins.LastDestinationFactory;
import io.jvs.spi.Scheduler;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PluginSchedulerProviderTest {

    SchedulerRegistry registry;
    PluginSchedulerProvider provider;
    FakeService service;
    FakeDestination a;
    FakeDestination b;

    @BeforeEach
    void setUp() throws Exception {
        registry = new SchedulerRegistry();
        registry.register(new LastDestinationFactory(), PluginOrigin.inProcess("test"));
        registry.register(new FailingCreateFactory(), PluginOrigin.inProcess("test"));
        provider = new PluginSchedulerProvider(registry, 2);
        service = FakeService.tcp("203.0.113.1", 80);
        a = service.add(FakeDestination.of("198.51.100.7", 80));
        b = service.add(FakeDestination.of("198.51.100.8", 80));
    }

    @Test
    void shouldCreateTheNamedSchedulerWithItsParameters() {
        Scheduler last = provider.create("last", Map.of(), service);
        Scheduler skipOne = provider.create("last", Map.of("skip", "1"), service);

        FakePacket packet = FakePacket.tcp("198.51.100.9", 40000, "203.0.113.1", 80);
        assertSame(b, last.schedule(service, packet, 0L));
        assertSame(a, skipOne.schedule(service, packet, 0L));
    }

    @Test
    void shouldRefuseAnUnknownNameListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.create("wrr", Map.of(), service));

        assertEquals("unknown scheduler 'wrr'; known schedulers: broken-create, last", e.getMessage());
        assertFalse(provider.exists("wrr"));
        assertTrue(provider.exists("last"));
    }

    @Test
    void shouldRefuseAnInvalidParameterNamingIt() {
        InvalidSchedulerParameterException e = assertThrows(InvalidSchedulerParameterException.class,
                () -> provider.create("last", Map.of("skip", "9"), service));

        assertEquals("skip", e.parameter());
        assertEquals("scheduler 'last': skip: must be between 0 and 8, got 9", e.getMessage());
    }

    @Test
    void shouldTurnAFailingPluginIntoAnIllegalArgumentNamingThePlugin() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.create("broken-create", Map.of(), service));

        assertNotNull(e.getCause());
        assertTrue(e.getMessage().contains("scheduler 'broken-create' from 'test' (in process) failed to create"),
                e.getMessage());
        assertTrue(e.getMessage().contains("boom in create"), e.getMessage());
    }

    @Test
    void shouldRefuseFewerThanOneWorker() {
        assertThrows(IllegalArgumentException.class, () -> new PluginSchedulerProvider(registry, 0));
    }
}
