package io.jvs.plugins.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerFactory;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Vectors for the schedulers that decide on connection counts and weights alone ({@code lc},
 * {@code wlc}, {@code sed}, {@code nq}, {@code fo}, {@code ovf}), each worked out by hand from the
 * kernel's formulas: overhead {@code active * 256 + inactive} for lc and wlc, {@code active + 1} for
 * sed and nq, first in list order on ties.
 */
class ConnectionCountSchedulersTest {

    private static final PacketView SYN = FakePacket.tcp("198.51.100.9", 40000, "203.0.113.1", 80);

    private static final Map<String, SchedulerFactory> FACTORIES = Map.of(
            "lc", new LeastConnectionSchedulerFactory(),
            "wlc", new WeightedLeastConnectionSchedulerFactory(),
            "sed", new ShortestExpectedDelaySchedulerFactory(),
            "nq", new NeverQueueSchedulerFactory(),
            "fo", new WeightedFailoverSchedulerFactory(),
            "ovf", new OverflowSchedulerFactory());

    /** One destination of a vector: weight, active, inactive, and "o" for overloaded or "-" for unavailable. */
    private record Spec(int weight, int active, int inactive, String flags) {
        static Spec of(int weight, int active, int inactive) {
            return new Spec(weight, active, inactive, "");
        }
    }

    static Stream<Arguments> vectors() {
        List<Spec> sameWeights = List.of(Spec.of(1, 10, 0), Spec.of(1, 5, 100), Spec.of(1, 5, 99));
        List<Spec> weighted = List.of(Spec.of(4, 8, 0), Spec.of(2, 3, 0), Spec.of(1, 1, 0));
        List<Spec> inactiveIdle = List.of(Spec.of(1, 0, 50), Spec.of(5, 1, 0));
        List<Spec> ineligibleFirst = List.of(Spec.of(0, 0, 0), new Spec(3, 9, 0, "o"), new Spec(9, 0, 0, "-"),
                Spec.of(1, 50, 0), Spec.of(2, 50, 0));
        List<Spec> tie = List.of(Spec.of(2, 2, 0), Spec.of(1, 1, 0));
        List<Spec> inactiveHeavy = List.of(Spec.of(1, 0, 300), Spec.of(1, 1, 0));
        List<Spec> idleAndFast = List.of(Spec.of(1, 3, 0), Spec.of(1, 0, 0), Spec.of(100, 0, 0));
        List<Spec> failover = List.of(Spec.of(2, 0, 0), new Spec(5, 0, 0, "o"), Spec.of(5, 9, 0), Spec.of(5, 0, 0));
        List<Spec> overflow = List.of(Spec.of(3, 4, 0), Spec.of(2, 2, 0), Spec.of(2, 0, 0), Spec.of(1, 0, 0));
        return Stream.of(
                // lc: overheads 2560, 1380, 1379
                Arguments.of("lc", sameWeights, 2),
                Arguments.of("wlc", sameWeights, 2),
                // sed: active + 1 = 11, 6, 6: the first of the tie
                Arguments.of("sed", sameWeights, 1),
                Arguments.of("nq", sameWeights, 1),
                // lc: 2048, 768, 256; wlc: 512, 384, 256 per weight
                Arguments.of("lc", weighted, 2),
                Arguments.of("wlc", weighted, 2),
                // sed: 9/4, 4/2, 2/1: 2 and 2 tie, the first wins
                Arguments.of("sed", weighted, 1),
                Arguments.of("nq", weighted, 1),
                // lc and wlc: 50 versus 256 (and 256/5 = 51.2); sed: 1/1 versus 2/5
                Arguments.of("lc", inactiveIdle, 0),
                Arguments.of("wlc", inactiveIdle, 0),
                Arguments.of("sed", inactiveIdle, 1),
                // nq: the first destination without active connections, whatever its weight
                Arguments.of("nq", inactiveIdle, 0),
                // quiescent, overloaded, unavailable skipped; lc ignores the weight, the others do not
                Arguments.of("lc", ineligibleFirst, 3),
                Arguments.of("wlc", ineligibleFirst, 4),
                Arguments.of("sed", ineligibleFirst, 4),
                Arguments.of("nq", ineligibleFirst, 4),
                // wlc: 512/2 = 256/1, a tie, the first wins; sed: 3/2 < 2/1
                Arguments.of("wlc", tie, 0),
                Arguments.of("sed", tie, 0),
                // 300 inactive cost more than one active (256)
                Arguments.of("lc", inactiveHeavy, 1),
                Arguments.of("wlc", inactiveHeavy, 1),
                Arguments.of("sed", inactiveHeavy, 0),
                Arguments.of("nq", inactiveHeavy, 0),
                // nq takes the first idle one; sed prefers the fast idle one (1/100)
                Arguments.of("nq", idleAndFast, 1),
                Arguments.of("sed", idleAndFast, 2),
                // fo: the highest eligible weight, the first of equals; counts do not matter
                Arguments.of("fo", failover, 2),
                // ovf: weight 3 is full (4 > 3); of the two weight-2 ones the first still takes one (2 <= 2)
                Arguments.of("ovf", overflow, 1),
                Arguments.of("fo", ineligibleFirst, 4),
                Arguments.of("ovf", ineligibleFirst, -1));
    }

    @ParameterizedTest(name = "{0} over {1} chooses {2}")
    @MethodSource("vectors")
    void shouldChooseAsTheKernelFormulaSays(String name, List<Spec> specs, int expected) throws Exception {
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        List<FakeDestination> destinations = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec spec = specs.get(i);
            destinations.add(service.add(FakeDestination.of("10.0.0." + (i + 1), 80).weight(spec.weight())
                    .connections(spec.active(), spec.inactive()).overloaded(spec.flags().contains("o"))
                    .available(!spec.flags().contains("-"))));
        }
        Scheduler scheduler = FACTORIES.get(name).create(FakeSchedulerContext.of(service));

        DestinationView chosen = scheduler.schedule(service, SYN, 0L);

        assertSame(expected < 0 ? null : destinations.get(expected), chosen);
    }

    @Test
    void shouldOverflowToTheNextHighestWeightAsActiveConnectionsExceedTheWeight() {
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        FakeDestination c = service.add(FakeDestination.of("10.0.0.3", 80).weight(1));
        FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 80).weight(3));
        FakeDestination b = service.add(FakeDestination.of("10.0.0.2", 80).weight(2));
        Scheduler ovf = new OverflowSchedulerFactory().create(FakeSchedulerContext.of(service));
        List<DestinationView> order = new ArrayList<>();

        for (DestinationView chosen = ovf.schedule(service, SYN, 0L); chosen != null;
                chosen = ovf.schedule(service, SYN, 0L)) {
            order.add(chosen);
            FakeDestination opened = (FakeDestination) chosen;
            opened.connections(opened.activeConnections() + 1, 0);
        }

        // A takes connections while active <= 3 (four of them), then B (three), then C (two).
        assertEquals(List.of(a, a, a, a, b, b, b, c, c), order);
        a.connections(3, 0);
        assertSame(a, ovf.schedule(service, SYN, 0L));
    }

    @Test
    void shouldFailOverToTheNextHighestWeightAndBack() {
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        FakeDestination backup = service.add(FakeDestination.of("10.0.0.2", 80).weight(10));
        FakeDestination primary = service.add(FakeDestination.of("10.0.0.1", 80).weight(100));
        Scheduler fo = new WeightedFailoverSchedulerFactory().create(FakeSchedulerContext.of(service));

        assertSame(primary, fo.schedule(service, SYN, 0L));
        primary.available(false);
        assertSame(backup, fo.schedule(service, SYN, 0L));
        backup.weight(0);
        assertNull(fo.schedule(service, SYN, 0L));
        primary.available(true);
        assertSame(primary, fo.schedule(service, SYN, 0L));
    }
}
