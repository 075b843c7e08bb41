package io.jvs.plugins.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalityBasedReplicatedLeastConnectionSchedulerTest {

    private static final long SECOND = 1_000_000_000L;
    private static final PacketView TO_ORIGIN = FakePacket.tcp("198.51.100.1", 40000, "192.0.2.1", 80);

    private final FakeService service = FakeService.tcp("0.0.0.0", 0);
    private final List<FakeDestination> caches = new ArrayList<>();

    @Test
    void shouldGrowTheSetWhenItsMembersAreOverloadedAndServeFromTheSetAfterwards() throws Exception {
        FakeDestination a = cache(1);
        FakeDestination b = cache(1);
        FakeDestination c = cache(1);
        Scheduler lblcr = create(100);
        assertSame(a, lblcr.schedule(service, TO_ORIGIN, 0L));

        // a: 2 active > weight 1 while b and c are idle: wlc adds b to the set {a}.
        a.connections(2, 0);
        assertSame(b, lblcr.schedule(service, TO_ORIGIN, SECOND));

        // The set is {b, a}: the least loaded member serves, though c (not a member) is idler.
        a.connections(0, 10);
        b.connections(0, 5);
        assertSame(b, lblcr.schedule(service, TO_ORIGIN, 2 * SECOND));
        b.connections(0, 20);
        assertSame(a, lblcr.schedule(service, TO_ORIGIN, 3 * SECOND));
        assertEquals(0, c.activeConnections() + c.inactiveConnections());
    }

    @Test
    void shouldDropTheMostLoadedMemberWhenTheSetHasNotChangedForTheExpirationTime() throws Exception {
        FakeDestination a = cache(1);
        FakeDestination b = cache(1);
        Scheduler lblcr = create(100);
        assertSame(a, lblcr.schedule(service, TO_ORIGIN, 0L));
        a.connections(2, 0);
        assertSame(b, lblcr.schedule(service, TO_ORIGIN, 10 * SECOND), "set {b, a}, changed at 10 s");
        a.connections(0, 50);
        b.connections(0, 100);

        assertSame(a, lblcr.schedule(service, TO_ORIGIN, 60 * SECOND), "the least loaded member");
        // 110 - 10 = 100 is not more than 100: no shrink yet (b, the most loaded, would leave).
        assertSame(a, lblcr.schedule(service, TO_ORIGIN, 110 * SECOND));
        a.connections(0, 100);
        b.connections(0, 50);
        // At 111 s the set shrinks: a is now the most loaded and leaves; b serves.
        assertSame(b, lblcr.schedule(service, TO_ORIGIN, 111 * SECOND));
        a.connections(0, 0);
        b.connections(0, 10);
        assertSame(b, lblcr.schedule(service, TO_ORIGIN, 112 * SECOND), "a is no member any more");
    }

    @Test
    void shouldHoldAtMostFourMembersAndLetTheMostLoadedMakeRoom() throws Exception {
        for (int i = 0; i < 6; i++) {
            cache(1);
        }
        Scheduler lblcr = create(1000);
        long now = 0;
        // Each round overloads every member in the lblc sense, so wlc adds the next idle cache.
        for (int i = 0; i < 4; i++) {
            assertSame(caches.get(i), lblcr.schedule(service, TO_ORIGIN, now += SECOND));
            caches.get(i).connections(2 + i, 0);
        }
        // The set is full {d, c, b, a}; a fifth member replaces the most loaded, d (5 active).
        assertSame(caches.get(4), lblcr.schedule(service, TO_ORIGIN, now += SECOND));
        caches.get(4).connections(0, 0);
        for (int i = 0; i < 4; i++) {
            caches.get(i).connections(0, 1);
        }
        caches.get(3).connections(0, 0);
        // d is idle now but no member: the set {e, c, b, a} serves e, the least loaded (0).
        assertSame(caches.get(4), lblcr.schedule(service, TO_ORIGIN, now += SECOND));
        caches.get(4).connections(0, 2);
        assertSame(caches.get(2), lblcr.schedule(service, TO_ORIGIN, now += SECOND),
                "c, b, a tie at 1: members are visited newest first, as the kernel list");
    }

    @Test
    void shouldRemoveARemovedDestinationFromEverySet() throws Exception {
        FakeDestination a = cache(1);
        FakeDestination b = cache(1);
        Scheduler lblcr = create(100);
        assertSame(a, lblcr.schedule(service, TO_ORIGIN, 0L));
        a.connections(2, 0);
        assertSame(b, lblcr.schedule(service, TO_ORIGIN, SECOND));

        service.remove(b);
        lblcr.destinationRemoved(service, b);
        FakeDestination c = cache(1);
        c.connections(0, 1);
        lblcr.destinationAdded(service, c);
        a.connections(0, 5);

        // The set is {a} (b left it; c, in b's old slot, never joined): a serves though c is less loaded.
        assertSame(a, lblcr.schedule(service, TO_ORIGIN, 2 * SECOND));
        a.available(false);
        assertSame(c, lblcr.schedule(service, TO_ORIGIN, 3 * SECOND));
        c.weight(0);
        lblcr.destinationUpdated(service, c);
        assertNull(lblcr.schedule(service, TO_ORIGIN, 4 * SECOND));
    }

    private FakeDestination cache(int weight) {
        FakeDestination cache = service.add(FakeDestination.of("10.0.0." + (caches.size() + 1), 3128).weight(weight));
        caches.add(cache);
        return cache;
    }

    private Scheduler create(long expirationSeconds) throws Exception {
        LocalityBasedReplicatedLeastConnectionSchedulerFactory factory =
                new LocalityBasedReplicatedLeastConnectionSchedulerFactory();
        return factory.create(FakeSchedulerContext.of(service, FakeParameters.defaults(factory.parameters(),
                Map.of(LocalityBasedReplicatedLeastConnectionSchedulerFactory.EXPIRATION, expirationSeconds))));
    }
}
