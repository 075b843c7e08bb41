package io.jvs.plugins.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoundRobinSchedulerTest {

    private static final PacketView SYN = FakePacket.tcp("198.51.100.9", 40000, "203.0.113.1", 80);

    private final FakeService service = FakeService.tcp("203.0.113.1", 80);
    private FakeDestination a;
    private FakeDestination b;
    private FakeDestination c;
    private Scheduler rr;

    @BeforeEach
    void threeDestinations() {
        a = service.add(FakeDestination.of("10.0.0.1", 80));
        b = service.add(FakeDestination.of("10.0.0.2", 80));
        c = service.add(FakeDestination.of("10.0.0.3", 80));
        rr = new RoundRobinSchedulerFactory().create(FakeSchedulerContext.of(service));
    }

    @Test
    void shouldBeNamedRr() {
        assertEquals("rr", new RoundRobinSchedulerFactory().name());
    }

    @Test
    void shouldCycleThroughDestinationsInListOrder() {
        assertEquals(List.of(a, b, c, a, b, c, a), choose(7));
    }

    @Test
    void shouldIgnoreWeightsAboveZero() {
        a.weight(100);
        b.weight(1);

        assertEquals(List.of(a, b, c, a, b, c), choose(6));
    }

    @Test
    void shouldSkipQuiescentDestination() {
        b.weight(0);

        assertEquals(List.of(a, c, a, c), choose(4));
    }

    @Test
    void shouldSkipOverloadedDestination() {
        a.overloaded(true);

        assertEquals(List.of(b, c, b, c), choose(4));
    }

    @Test
    void shouldSkipUnavailableDestination() {
        c.available(false);

        assertEquals(List.of(a, b, a, b), choose(4));
    }

    @Test
    void shouldContinueAfterLastChosenWhenEligibilityChanges() {
        assertEquals(List.of(a, b), choose(2));
        c.weight(0);
        b.weight(0);

        assertEquals(List.of(a, a), choose(2));
        c.weight(1);

        assertEquals(List.of(c, a), choose(2));
    }

    @Test
    void shouldChooseLastChosenAgainWhenItIsTheOnlyEligibleOne() {
        assertEquals(List.of(a, b), choose(2));
        a.overloaded(true);
        c.overloaded(true);

        assertEquals(List.of(b, b), choose(2));
    }

    @Test
    void shouldReturnNoneWhenNoDestinationIsEligible() {
        a.weight(0);
        b.overloaded(true);
        c.available(false);

        assertNull(rr.schedule(service, SYN, 0L));
        assertSame(Scheduler.NONE, rr.schedule(service, SYN, 0L));
    }

    @Test
    void shouldReturnNoneForServiceWithoutDestinations() {
        FakeService empty = FakeService.udp("203.0.113.1", 53);
        Scheduler scheduler = new RoundRobinSchedulerFactory().create(FakeSchedulerContext.of(empty));

        assertNull(scheduler.schedule(empty, SYN, 0L));
    }

    @Test
    void shouldPassTurnToFollowerWhenLastChosenIsRemoved() {
        FakeDestination d = service.add(FakeDestination.of("10.0.0.4", 80));
        rr.destinationAdded(service, d);
        assertEquals(List.of(a, b), choose(2));

        service.remove(b);
        rr.destinationRemoved(service, b);

        assertEquals(List.of(c, d, a, c), choose(4));
    }

    @Test
    void shouldKeepTurnWhenEarlierDestinationIsRemoved() {
        assertEquals(List.of(a, b), choose(2));

        service.remove(a);
        rr.destinationRemoved(service, a);

        assertEquals(List.of(c, b, c), choose(3));
    }

    @Test
    void shouldWrapToFirstWhenRemovedLastChosenWasAtEnd() {
        assertEquals(List.of(a, b, c), choose(3));

        service.remove(c);
        rr.destinationRemoved(service, c);

        assertEquals(List.of(a, b, a), choose(3));
    }

    @Test
    void shouldGiveAddedDestinationItsTurnAtTheEnd() {
        assertEquals(List.of(a, b), choose(2));
        FakeDestination d = service.add(FakeDestination.of("10.0.0.4", 80));
        rr.destinationAdded(service, d);

        assertEquals(List.of(c, d, a), choose(3));
    }

    private List<DestinationView> choose(int times) {
        List<DestinationView> chosen = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            chosen.add(rr.schedule(service, SYN, i));
        }
        return chosen;
    }
}
