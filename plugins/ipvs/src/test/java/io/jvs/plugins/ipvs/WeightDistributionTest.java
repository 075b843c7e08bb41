package io.jvs.plugins.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.DestinationView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SchedulerFactory;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One million simulated new flows per scheduler, and the share of each destination compared with
 * what the algorithm promises, within 1% of that share:
 *
 * <ul>
 *   <li>{@code wrr}: the weights, exactly per cycle;</li>
 *   <li>{@code wlc}, {@code sed}: the weights, when connections close (each flow lives for the next
 *       N new flows), because both keep active connections per weight level;</li>
 *   <li>{@code sh}: the share of table buckets of each destination, over random client addresses;
 *       this equals the weight share only when the sum of weights divides the table size (256):
 *       with weights {4, 3, 2} the buckets are 116, 84, 56, not 113.8, 85.3, 56.9;</li>
 *   <li>{@code dh}: equal shares whatever the weights, over random destination addresses;</li>
 *   <li>{@code twos} with idle destinations: the first draw's distribution, weight over
 *       (total + 1), the first destination getting one extra part.</li>
 * </ul>
 */
class WeightDistributionTest {

    private static final int FLOWS = 1_000_000;

    private final FakeService service = FakeService.tcp("203.0.113.1", 80);

    @Test
    void shouldGiveWeightedRoundRobinSharesExactlyByWeight() throws Exception {
        List<FakeDestination> list = destinations(4, 3, 2);
        Map<DestinationView, Integer> counts = run(new WeightedRoundRobinSchedulerFactory(), Map.of(), 0,
                new Random(31), false);

        // 1000000 = 111111 cycles of 9, plus one call (a).
        assertEquals(444_445, counts.get(list.get(0)));
        assertEquals(333_333, counts.get(list.get(1)));
        assertEquals(222_222, counts.get(list.get(2)));
    }

    @Test
    void shouldGiveWeightedLeastConnectionSharesByWeightWhenConnectionsClose() throws Exception {
        List<FakeDestination> list = destinations(4, 3, 2, 1);
        Map<DestinationView, Integer> counts = run(new WeightedLeastConnectionSchedulerFactory(), Map.of(), 1000,
                new Random(32), false);

        assertSharesWithinOnePercent(list, counts, new double[] {0.4, 0.3, 0.2, 0.1});
    }

    @Test
    void shouldGiveShortestExpectedDelaySharesByWeightWhenConnectionsClose() throws Exception {
        List<FakeDestination> list = destinations(5, 3, 2);
        Map<DestinationView, Integer> counts = run(new ShortestExpectedDelaySchedulerFactory(), Map.of(), 1000,
                new Random(33), false);

        assertSharesWithinOnePercent(list, counts, new double[] {0.5, 0.3, 0.2});
    }

    @Test
    void shouldGiveSourceHashingSharesByWeightWhenTheWeightsDivideTheTable() throws Exception {
        List<FakeDestination> list = destinations(4, 2, 1, 1);
        Map<DestinationView, Integer> counts = run(new SourceHashingSchedulerFactory(), Map.of(), 0,
                new Random(34), false);

        assertSharesWithinOnePercent(list, counts, new double[] {0.5, 0.25, 0.125, 0.125});
    }

    @Test
    void shouldGiveSourceHashingSharesByTableBucketsOtherwise() throws Exception {
        List<FakeDestination> list = destinations(4, 3, 2);
        Map<DestinationView, Integer> counts = run(new SourceHashingSchedulerFactory(), Map.of(), 0,
                new Random(35), false);

        // 256 = 28 cycles of 9 buckets + a a a a: 116, 84, 56.
        assertSharesWithinOnePercent(list, counts, new double[] {116 / 256.0, 84 / 256.0, 56 / 256.0});
    }

    @Test
    void shouldGiveDestinationHashingEqualSharesWhateverTheWeights() throws Exception {
        List<FakeDestination> list = destinations(4, 3, 2, 1);
        Map<DestinationView, Integer> counts = run(new DestinationHashingSchedulerFactory(), Map.of(), 0,
                new Random(36), true);

        assertSharesWithinOnePercent(list, counts, new double[] {0.25, 0.25, 0.25, 0.25});
    }

    @Test
    void shouldGivePowerOfTwoChoicesTheWeightedFirstDrawWhenLoadsAreEqual() throws Exception {
        List<FakeDestination> list = destinations(1, 2, 3, 4);
        Map<DestinationView, Integer> counts = run(new PowerOfTwoChoicesSchedulerFactory(), Map.of(), 0,
                new Random(37), false);

        assertSharesWithinOnePercent(list, counts, new double[] {2 / 11.0, 2 / 11.0, 3 / 11.0, 4 / 11.0});
    }

    private List<FakeDestination> destinations(int... weights) {
        List<FakeDestination> list = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            list.add(service.add(FakeDestination.of("10.0.0." + (i + 1), 80).weight(weights[i])));
        }
        return list;
    }

    /**
     * Schedules {@value #FLOWS} new flows from random clients. With a lifetime above 0, every flow
     * counts as one active connection of its destination until {@code lifetime} newer flows arrived.
     */
    private Map<DestinationView, Integer> run(SchedulerFactory factory, Map<String, ?> parameters, int lifetime,
            Random random, boolean randomDestinationAddress) throws Exception {
        Scheduler scheduler = factory.create(FakeSchedulerContext.of(service,
                FakeParameters.defaults(factory.parameters(), parameters)));
        Map<DestinationView, Integer> counts = new IdentityHashMap<>();
        ArrayDeque<FakeDestination> open = new ArrayDeque<>();
        for (int flow = 0; flow < FLOWS; flow++) {
            int destinationAddress = randomDestinationAddress ? random.nextInt() : 0xCB007101;
            FakePacket packet = FakePacket.tcp(random.nextInt(), 1024 + random.nextInt(60000), destinationAddress, 80);
            FakeDestination chosen = (FakeDestination) scheduler.schedule(service, packet, flow * 1000L);
            counts.merge(chosen, 1, Integer::sum);
            if (lifetime > 0) {
                chosen.connections(chosen.activeConnections() + 1, 0);
                open.addLast(chosen);
                if (open.size() > lifetime) {
                    FakeDestination closed = open.removeFirst();
                    closed.connections(closed.activeConnections() - 1, 0);
                }
            }
        }
        return counts;
    }

    private static void assertSharesWithinOnePercent(List<FakeDestination> list, Map<DestinationView, Integer> counts,
            double[] expected) {
        for (int i = 0; i < list.size(); i++) {
            double share = counts.getOrDefault(list.get(i), 0) / (double) FLOWS;
            assertTrue(Math.abs(share - expected[i]) <= 0.01 * expected[i],
                    list.get(i) + ": share " + share + ", expected " + expected[i] + " within 1%");
        }
    }
}
