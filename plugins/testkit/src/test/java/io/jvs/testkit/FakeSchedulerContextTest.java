package io.jvs.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvs.spi.DestinationView;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.PacketView;
import io.jvs.spi.ParameterSpec;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerContext;
import io.jvs.spi.SchedulerFactory;
import io.jvs.spi.ServiceView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inner schedulers created through the test kit's context: lookup, parameter checks, the subset. */
class FakeSchedulerContextTest {

    /** A scheduler {@code nth} that picks destination {@code index} of the view it was created for. */
    private static final class NthFactory implements SchedulerFactory {
        @Override
        public String name() {
            return "nth";
        }

        @Override
        public String description() {
            return "test: the n-th destination";
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of(ParameterSpec.integer("index", 0, 0, 7, "which one"),
                    ParameterSpec.choice("mode", "plain", List.of("plain", "fancy"), "unused"));
        }

        @Override
        public Scheduler create(SchedulerContext context) {
            int index = context.parameters().getInt("index");
            return (ServiceView service, PacketView packet, long nowNanos) -> {
                DestinationView d = service.destinations().get(index);
                context.metrics().counter("picks").increment();
                return d;
            };
        }
    }

    private final FakeService service = FakeService.tcp("203.0.113.1", 80);
    private final FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 80));
    private final FakeDestination b = service.add(FakeDestination.of("10.0.0.2", 80));
    private final FakeSchedulerContext context = FakeSchedulerContext.of(service).withSchedulers(new NthFactory());

    @Test
    void shouldCreateAnInstalledSchedulerWithTypedParametersOverTheGivenView() throws Exception {
        FakeService subset = FakeService.tcp("203.0.113.1", 80);
        subset.add(b);
        Scheduler inner = context.createScheduler("nth", Map.of("index", "0"), subset);
        assertSame(b, inner.schedule(subset, FakePacket.tcp("192.0.2.1", 1, "203.0.113.1", 80), 0));
        Scheduler second = context.createScheduler("nth", Map.of("index", "1"), service);
        assertSame(b, second.schedule(service, FakePacket.tcp("192.0.2.1", 1, "203.0.113.1", 80), 0));
        assertEquals(2, context.innerMetrics().size());
        assertEquals(1, context.innerMetrics().getFirst().count("picks"));
        assertEquals(a, service.destinations().get(0));
    }

    @Test
    void shouldRefuseUnknownNamesAndInvalidParametersNamingThem() {
        InvalidParameterException unknown = assertThrows(InvalidParameterException.class,
                () -> context.createScheduler("wxc", Map.of(), service));
        assertEquals("scheduler: unknown scheduler 'wxc', installed: nth", unknown.getMessage());
        InvalidParameterException range = assertThrows(InvalidParameterException.class,
                () -> context.createScheduler("nth", Map.of("index", "9"), service));
        assertEquals("index: must be between 0 and 7, got 9", range.getMessage());
        InvalidParameterException choice = assertThrows(InvalidParameterException.class,
                () -> context.createScheduler("nth", Map.of("mode", "odd"), service));
        assertEquals("mode", choice.parameter());
        InvalidParameterException name = assertThrows(InvalidParameterException.class,
                () -> context.createScheduler("nth", Map.of("indx", "1"), service));
        assertEquals("indx: unknown parameter; this scheduler takes: index, mode", name.getMessage());
        assertThrows(InvalidParameterException.class,
                () -> FakeSchedulerContext.of(service).createScheduler("nth", Map.of(), service),
                "a context without installed schedulers");
    }
}
