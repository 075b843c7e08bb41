package io.jvs.server.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.PluginMetrics;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeService;
import io.jvs.testplugins.FailingCreateFactory;
import io.jvs.testplugins.LastDestinationFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SchedulerRegistryTest {

    private static final PluginOrigin TEST = PluginOrigin.inProcess("test");

    private final MetricRegistry metrics = new MetricRegistry();
    private final SchedulerRegistry registry = new SchedulerRegistry(metrics);
    private final FakeService service = FakeService.tcp("203.0.113.1", 80);

    @Test
    void shouldCreateSchedulerWithValidatedParametersAndContext() throws Exception {
        FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 80));
        FakeDestination b = service.add(FakeDestination.of("10.0.0.2", 80));
        registry.register(new LastDestinationFactory(), TEST);

        Scheduler skipOne = registry.create("last", Map.of("skip", "1"), service, 4);
        Scheduler skipNone = registry.create("last", Map.of(), service, 4);

        assertSame(a, skipOne.schedule(service, FakePacket.tcp("198.51.100.9", 1, "203.0.113.1", 80), 0L));
        assertSame(b, skipNone.schedule(service, FakePacket.tcp("198.51.100.9", 1, "203.0.113.1", 80), 0L));
    }

    @Test
    void shouldHandFactoryServiceWorkerCountAndMetricsUnderServiceName() throws Exception {
        AtomicReference<SchedulerContext> seen = new AtomicReference<>();
        registry.register(new RecordingFactory(seen), TEST);

        registry.create("rec", Map.of(), service, 3);
        SchedulerContext context = seen.get();
        PluginMetrics.MetricCounter counter = context.metrics().counter("hits");
        counter.increment();
        counter.add(4);

        assertSame(service, context.service());
        assertEquals(3, context.workerCount());
        assertSame(counter, context.metrics().counter("hits"));
        assertEquals(5, metrics.counter("jvs.scheduler.rec.TCP 203.0.113.1:80.hits").getCount());
        assertThrows(IllegalArgumentException.class, () -> context.metrics().counter("Bad Name"));
    }

    @Test
    void shouldRefuseDuplicateNameAndKeepFirst() throws Exception {
        LastDestinationFactory first = new LastDestinationFactory();
        registry.register(first, new PluginOrigin("one", java.nio.file.Path.of("one.jar")));

        SchedulerRegistrationException e = assertThrows(SchedulerRegistrationException.class,
                () -> registry.register(new LastDestinationFactory(),
                        new PluginOrigin("two", java.nio.file.Path.of("two.jar"))));

        assertEquals("scheduler 'last' (io.jvs.testplugins.LastDestinationFactory) from plugin 'two' (two.jar) is"
                + " refused: the name is already registered by io.jvs.testplugins.LastDestinationFactory from"
                + " plugin 'one' (one.jar)", e.getMessage());
        assertSame(first, registry.get("last").factory());
    }

    @Test
    void shouldRefuseMalformedNames() {
        for (String name : new String[] {"RR", "round robin", "", "a-name-longer-than-16", "-x"}) {
            SchedulerRegistrationException e = assertThrows(SchedulerRegistrationException.class,
                    () -> registry.register(new NamedFactory(name), TEST), name);
            assertTrue(e.getMessage().contains("'" + name + "' is malformed"), e.getMessage());
        }
        assertThrows(SchedulerRegistrationException.class, () -> registry.register(new NamedFactory(null), TEST));
        assertEquals(List.of(), registry.names());
    }

    @Test
    void shouldRefuseFactoryWithInvalidParameterDeclarations() {
        SchedulerFactory badDefault = new NamedFactory("bad") {
            @Override
            public List<ParameterSpec> parameters() {
                return List.of(ParameterSpec.integer("size", 0, 1, 10, "size"));
            }
        };

        SchedulerRegistrationException e = assertThrows(SchedulerRegistrationException.class,
                () -> registry.register(badDefault, TEST));

        assertTrue(e.getMessage().endsWith("invalid default: size: must be between 1 and 10, got 0"), e.getMessage());
    }

    @Test
    void shouldTurnFactoryFailureIntoCreationExceptionNamingPlugin() throws Exception {
        registry.register(new FailingCreateFactory(), TEST);

        SchedulerCreationException e = assertThrows(SchedulerCreationException.class,
                () -> registry.create("broken-create", Map.of(), service, 1));

        assertEquals("scheduler 'broken-create' from 'test' (in process) failed to create the scheduler of"
                + " TCP 203.0.113.1:80: java.lang.IllegalStateException: boom in create for TCP 203.0.113.1:80",
                e.getMessage());
    }

    @Test
    void shouldRefuseNullScheduler() throws Exception {
        registry.register(new NamedFactory("null"), TEST);

        SchedulerCreationException e = assertThrows(SchedulerCreationException.class,
                () -> registry.create("null", Map.of(), service, 1));

        assertEquals("scheduler 'null' from 'test' (in process) returned no scheduler for TCP 203.0.113.1:80",
                e.getMessage());
    }

    @Test
    void shouldRefuseInvalidParametersBeforeCallingFactory() throws Exception {
        AtomicReference<SchedulerContext> seen = new AtomicReference<>();
        registry.register(new RecordingFactory(seen), TEST);

        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> registry.create("rec", Map.of("nope", "1"), service, 1));

        assertEquals("nope", e.parameter());
        assertEquals(null, seen.get());
    }

    @Test
    void shouldRefuseZeroWorkers() throws Exception {
        registry.register(new LastDestinationFactory(), TEST);

        assertThrows(IllegalArgumentException.class, () -> registry.create("last", Map.of(), service, 0));
    }

    private static class NamedFactory implements SchedulerFactory {
        private final String name;

        NamedFactory(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "named " + name;
        }

        @Override
        public Scheduler create(SchedulerContext context) {
            return null;
        }
    }

    private static final class RecordingFactory extends NamedFactory {
        private final AtomicReference<SchedulerContext> seen;

        RecordingFactory(AtomicReference<SchedulerContext> seen) {
            super("rec");
            this.seen = seen;
        }

        @Override
        public Scheduler create(SchedulerContext context) {
            seen.set(context);
            return (service, packet, nowNanos) -> Scheduler.NONE;
        }
    }
}
