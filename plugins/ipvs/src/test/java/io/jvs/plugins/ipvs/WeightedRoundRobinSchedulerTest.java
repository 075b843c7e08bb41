package io.jvs.plugins.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WeightedRoundRobinSchedulerTest {

    private static final PacketView SYN = FakePacket.tcp("198.51.100.9", 40000, "203.0.113.1", 80);

    private final FakeService service = FakeService.tcp("203.0.113.1", 80);

    @Test
    void shouldFollowTheKernelSequenceForWeightsFourThreeTwo() {
        FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 80).weight(4));
        FakeDestination b = service.add(FakeDestination.of("10.0.0.2", 80).weight(3));
        FakeDestination c = service.add(FakeDestination.of("10.0.0.3", 80).weight(2));
        Scheduler wrr = create();

        assertEquals(List.of(a, a, b, a, b, c, a, b, c, a, a, b, a, b, c, a, b, c), choose(wrr, 18));
    }

    @Test
    void shouldStepTheCurrentWeightByTheGreatestCommonDivisor() {
        FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 80).weight(6));
        FakeDestination b = service.add(FakeDestination.of("10.0.0.2", 80).weight(4));
        FakeDestination c = service.add(FakeDestination.of("10.0.0.3", 80).weight(2));
        Scheduler wrr = create();

        // di = 2, mw = 6 - (2 - 1) = 5: passes with cw = 5, 3, 1.
        assertEquals(List.of(a, a, b, a, b, c, a, a, b, a, b, c), choose(wrr, 12));
    }

    @Test
    void shouldBehaveAsRoundRobinWithEqualWeights() {
        FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 80).weight(5));
        FakeDestination b = service.add(FakeDestination.of("10.0.0.2", 80).weight(5));
        Scheduler wrr = create();

        assertEquals(List.of(a, b, a, b), choose(wrr, 4));
    }

    @Test
    void shouldPassOverQuiescentAndOverloadedDestinations() {
        FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 80).weight(2));
        FakeDestination b = service.add(FakeDestination.of("10.0.0.2", 80).weight(1));
        FakeDestination c = service.add(FakeDestination.of("10.0.0.3", 80).weight(0));
        Scheduler wrr = create();
        a.overloaded(true);

        assertEquals(List.of(b, b, b), choose(wrr, 3));
        a.overloaded(false);
        assertEquals(List.of(a, a, b, a, a, b), choose(wrr, 6));
        assertEquals(0, Collections.frequency(choose(wrr, 30), c));
    }

    @Test
    void shouldReturnNoneWhenEveryDestinationIsOverloadedAndRecoverAfterwards() {
        FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 80).weight(4).overloaded(true));
        FakeDestination b = service.add(FakeDestination.of("10.0.0.2", 80).weight(3).overloaded(true));
        Scheduler wrr = create();

        assertNull(wrr.schedule(service, SYN, 0L));
        assertNull(wrr.schedule(service, SYN, 0L));
        a.overloaded(false);
        b.overloaded(false);
        assertEquals(List.of(a, a, b, a, b, a, b), choose(wrr, 7));
    }

    @Test
    void shouldReturnNoneWhenAllWeightsAreZero() {
        FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 80).weight(0));
        Scheduler wrr = create();

        assertNull(wrr.schedule(service, SYN, 0L));
        a.weight(2);
        wrr.destinationUpdated(service, a);
        assertEquals(List.of(a, a), choose(wrr, 2));
    }

    @Test
    void shouldRestartFromTheHeadKeepingTheCurrentWeightWhenTheListChanges() {
        FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 80).weight(4));
        FakeDestination b = service.add(FakeDestination.of("10.0.0.2", 80).weight(3));
        FakeDestination c = service.add(FakeDestination.of("10.0.0.3", 80).weight(2));
        Scheduler wrr = create();
        assertEquals(List.of(a, a, b, a, b), choose(wrr, 5));

        // cw is 2 and the position is b; the change sends the position back to the head.
        FakeDestination d = service.add(FakeDestination.of("10.0.0.4", 80).weight(2));
        wrr.destinationAdded(service, d);

        assertEquals(List.of(a, b, c, d, a, b, c, d, a, a, b), choose(wrr, 11));
    }

    @Test
    void shouldProduceTheKernelSequenceOverAllWorkersTogether() throws InterruptedException {
        FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 80).weight(4));
        FakeDestination b = service.add(FakeDestination.of("10.0.0.2", 80).weight(3));
        FakeDestination c = service.add(FakeDestination.of("10.0.0.3", 80).weight(2));
        Scheduler wrr = create();
        Map<DestinationView, AtomicInteger> counts = new ConcurrentHashMap<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            workers.add(Thread.ofPlatform().start(() -> {
                Map<DestinationView, Integer> local = new IdentityHashMap<>();
                for (int i = 0; i < 30_000; i++) {
                    local.merge(wrr.schedule(service, SYN, i), 1, Integer::sum);
                }
                local.forEach((d, n) -> counts.computeIfAbsent(d, unused -> new AtomicInteger()).addAndGet(n));
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }

        // 90000 calls are 10000 whole cycles of a a b a b c a b c: exact counts, whatever the interleaving.
        assertEquals(40_000, counts.get(a).get());
        assertEquals(30_000, counts.get(b).get());
        assertEquals(20_000, counts.get(c).get());
    }

    @Test
    void shouldComputeTheGcdOfPositiveWeightsOnly() {
        DestinationView[] members = {
            FakeDestination.of("10.0.0.1", 80).weight(12), FakeDestination.of("10.0.0.2", 80).weight(0),
            FakeDestination.of("10.0.0.3", 80).weight(18)};

        assertEquals(6, WeightedRoundRobinScheduler.gcdOfWeights(members));
        assertEquals(1, WeightedRoundRobinScheduler.gcdOfWeights(new DestinationView[0]));
    }

    private Scheduler create() {
        return new WeightedRoundRobinSchedulerFactory().create(FakeSchedulerContext.of(service));
    }

    private List<DestinationView> choose(Scheduler scheduler, int times) {
        List<DestinationView> chosen = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            chosen.add(scheduler.schedule(service, SYN, i));
        }
        return chosen;
    }
}
