package io.jvs.plugins.ipvs;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeService;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Checks {@code lc}, {@code wlc}, {@code sed}, {@code nq}, {@code fo} and {@code ovf} against
 * reference rules written as "the eligible destination with the smallest (or largest) value, the
 * first on ties", with the ratios computed in floating point (exact enough for these small numbers)
 * rather than by the kernel's cross-multiplication.
 */
class ConnectionCountSchedulersPropertyTest {

    private static final PacketView SYN = FakePacket.tcp("198.51.100.9", 40000, "203.0.113.1", 80);

    /** Each destination is one number: weight, active, inactive and flags taken from its digits. */
    @Property(tries = 500, seed = "20250103")
    void shouldChooseAsTheReferenceRules(
            @ForAll @Size(max = 9) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> encoded) {
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        List<FakeDestination> list = new ArrayList<>();
        for (int i = 0; i < encoded.size(); i++) {
            int code = encoded.get(i);
            list.add(service.add(FakeDestination.of("10.0.0." + (i + 1), 80).weight(code % 7)
                    .connections(code / 7 % 21, code / 147 % 601).overloaded(code / 88347 % 9 == 0)
                    .available(code / 795123 % 11 != 0)));
        }

        assertSame(smallest(list, d -> d.activeConnections() * 256.0 + d.inactiveConnections()),
                new LeastConnectionScheduler().schedule(service, SYN, 0L), "lc " + list);
        assertSame(smallest(list, d -> (d.activeConnections() * 256.0 + d.inactiveConnections()) / d.weight()),
                new WeightedLeastConnectionScheduler().schedule(service, SYN, 0L), "wlc " + list);
        DestinationView sed = smallest(list, d -> (d.activeConnections() + 1.0) / d.weight());
        assertSame(sed, new ShortestExpectedDelayScheduler().schedule(service, SYN, 0L), "sed " + list);
        DestinationView idle = list.stream().filter(d -> d.isEligible() && d.activeConnections() == 0)
                .findFirst().orElse(null);
        assertSame(idle != null ? idle : sed, new NeverQueueScheduler().schedule(service, SYN, 0L), "nq " + list);
        assertSame(smallest(list, d -> -d.weight()), new WeightedFailoverScheduler().schedule(service, SYN, 0L),
                "fo " + list);
        assertSame(smallest(list, d -> d.activeConnections() <= d.weight() ? -d.weight() : Double.NaN),
                new OverflowScheduler().schedule(service, SYN, 0L), "ovf " + list);
    }

    /** The first eligible destination with the smallest value; NaN excludes a destination. */
    private static DestinationView smallest(List<FakeDestination> list, ToDoubleFunction<DestinationView> value) {
        DestinationView best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (DestinationView d : list) {
            double v = d.isEligible() ? value.applyAsDouble(d) : Double.NaN;
            if (!Double.isNaN(v) && (best == null || v < bestValue)) {
                best = d;
                bestValue = v;
            }
        }
        return best;
    }
}
