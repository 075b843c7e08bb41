package io.jvs.plugins.rendezvous;

import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.SchedulerParameters;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Services, destinations and schedulers for the tests. */
final class RendezvousFixtures {

    private RendezvousFixtures() {
    }

    /** {@code count} distinct IPv4 destinations on port 80, in a random (seeded) address order. */
    static List<FakeDestination> destinations(int count, Random random) {
        List<FakeDestination> destinations = new ArrayList<>(count);
        java.util.Set<Integer> used = new java.util.HashSet<>();
        while (destinations.size() < count) {
            int host = random.nextInt(1 << 16);
            if (used.add(host)) {
                destinations.add(FakeDestination.of("10.1." + (host >>> 8) + "." + (host & 0xFF), 80));
            }
        }
        return destinations;
    }

    static FakeService service(List<FakeDestination> destinations) {
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        destinations.forEach(service::add);
        return service;
    }

    static SchedulerParameters parameters(Map<String, ?> overrides) {
        return FakeParameters.defaults(new RendezvousSchedulerFactory().parameters(), overrides);
    }

    static RendezvousScheduler create(FakeService service, Map<String, ?> overrides) throws InvalidParameterException {
        return (RendezvousScheduler) new RendezvousSchedulerFactory()
                .create(FakeSchedulerContext.of(service, parameters(overrides)));
    }

    /** The table as keys: rows x hops, {@code null} for an empty hop. */
    static String[][] keys(RendezvousScheduler scheduler) {
        String[][] rows = new String[scheduler.rows()][scheduler.hopsPerRow()];
        for (int row = 0; row < rows.length; row++) {
            for (int hop = 0; hop < rows[row].length; hop++) {
                var destination = scheduler.hop(row, hop);
                rows[row][hop] = destination == null ? null : destination.key();
            }
        }
        return rows;
    }

    /** How many rows each key is primary of. */
    static Map<String, Integer> primaries(RendezvousScheduler scheduler) {
        Map<String, Integer> counts = new HashMap<>();
        for (int row = 0; row < scheduler.rows(); row++) {
            counts.merge(scheduler.hop(row, 0).key(), 1, Integer::sum);
        }
        return counts;
    }

    static DestinationAddress[] addresses(List<FakeDestination> destinations) {
        return destinations.stream().map(DestinationAddress::of).sorted().toArray(DestinationAddress[]::new);
    }
}
