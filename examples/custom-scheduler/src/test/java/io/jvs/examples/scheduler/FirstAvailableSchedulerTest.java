package io.jvs.examples.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jvs.spi.PacketView;
import io.jvs.spi.ParameterType;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Unit tests of the example scheduler, written with the jvs scheduler test kit: a fake service
 * with fake destinations whose weight and state the test sets directly.
 */
class FirstAvailableSchedulerTest {

    private static final PacketView SYN = FakePacket.tcp("198.51.100.9", 40000, "203.0.113.1", 80);

    private final FakeService service = FakeService.tcp("203.0.113.1", 80);
    private final FakeDestination primary = service.add(FakeDestination.of("10.0.0.1", 80));
    private final FakeDestination backup = service.add(FakeDestination.of("10.0.0.2", 80));
    private final FakeDestination lastResort = service.add(FakeDestination.of("10.0.0.3", 80));

    private final FakeSchedulerContext context = FakeSchedulerContext.of(service, FakeParameters.of(
            Map.of(FirstAvailableSchedulerFactory.OVERFLOW, false)));
    private final Scheduler fa = new FirstAvailableSchedulerFactory().create(context);

    @Test
    void shouldSendEveryConnectionToFirstDestination() {
        for (int i = 0; i < 5; i++) {
            assertSame(primary, fa.schedule(service, SYN, i));
        }
        assertEquals(0, context.metrics().count("fallbacks"));
    }

    @Test
    void shouldFailOverInListOrderWhenPrimaryIsQuiescentOverloadedOrDown() {
        primary.weight(0);
        assertSame(backup, fa.schedule(service, SYN, 0L));

        primary.weight(1).overloaded(true);
        assertSame(backup, fa.schedule(service, SYN, 0L));

        primary.overloaded(false).available(false);
        backup.available(false);
        assertSame(lastResort, fa.schedule(service, SYN, 0L));

        assertEquals(3, context.metrics().count("fallbacks"));
    }

    @Test
    void shouldFailBackAsSoonAsPrimaryIsEligibleAgain() {
        primary.overloaded(true);
        assertSame(backup, fa.schedule(service, SYN, 0L));

        primary.overloaded(false);

        assertSame(primary, fa.schedule(service, SYN, 1L));
    }

    @Test
    void shouldReturnNoneWhenNoDestinationIsEligible() {
        primary.weight(0);
        backup.overloaded(true);
        lastResort.available(false);

        assertNull(fa.schedule(service, SYN, 0L));
    }

    @Test
    void shouldUseOverloadedDestinationOnlyWithOverflowFlag() {
        primary.weight(0);
        backup.overloaded(true);
        lastResort.overloaded(true);
        Scheduler overflowing = new FirstAvailableSchedulerFactory().create(FakeSchedulerContext.of(service,
                FakeParameters.of(Map.of(FirstAvailableSchedulerFactory.OVERFLOW, true))));

        assertNull(fa.schedule(service, SYN, 0L));
        assertSame(backup, overflowing.schedule(service, SYN, 0L));
    }

    @Test
    void shouldDeclareOneFlagDefaultingToOff() {
        var parameters = new FirstAvailableSchedulerFactory().parameters();

        assertEquals(1, parameters.size());
        assertEquals("fa-overflow", parameters.getFirst().name());
        assertEquals(ParameterType.BOOLEAN, parameters.getFirst().type());
        assertEquals("false", parameters.getFirst().defaultValue());
    }
}
