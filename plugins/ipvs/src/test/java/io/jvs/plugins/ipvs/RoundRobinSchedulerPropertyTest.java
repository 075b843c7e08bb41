package io.jvs.plugins.ipvs;

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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RoundRobinSchedulerPropertyTest {

    private static final PacketView SYN = FakePacket.tcp("198.51.100.9", 40000, "203.0.113.1", 80);

    /**
     * Each operation is encoded as one number: the low digit picks the action (schedule, toggle
     * weight, toggle overload, toggle availability, add, remove), the rest picks the destination.
     */
    @Property(tries = 300, seed = "20250101")
    void shouldChooseExactlyAsTheKernelDoes(
            @ForAll @Size(max = 120) List<@IntRange(min = 0, max = 999) Integer> operations) {
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        KernelRoundRobinModel kernel = new KernelRoundRobinModel();
        List<FakeDestination> members = new ArrayList<>();
        int nextHost = 1;
        for (; nextHost <= 3; nextHost++) {
            FakeDestination d = service.add(FakeDestination.of("10.0.0." + nextHost, 80));
            members.add(d);
            kernel.add(d);
        }
        Scheduler rr = new RoundRobinSchedulerFactory().create(FakeSchedulerContext.of(service));

        for (int step = 0; step < operations.size(); step++) {
            int operation = operations.get(step);
            int action = operation % 10;
            FakeDestination target = members.isEmpty() ? null : members.get((operation / 10) % members.size());
            if (action <= 4 || (target == null && action != 8)) {
                DestinationView expected = kernel.schedule();
                DestinationView actual = rr.schedule(service, SYN, step);
                assertSame(expected, actual, "step " + step + " of " + operations);
            } else if (action == 5) {
                target.weight(target.weight() == 0 ? 1 : 0);
                rr.destinationUpdated(service, target);
            } else if (action == 6) {
                target.overloaded(!target.isOverloaded());
            } else if (action == 7) {
                target.available(!target.isAvailable());
            } else if (action == 8 && nextHost < 250) {
                FakeDestination d = service.add(FakeDestination.of("10.0.0." + nextHost++, 80));
                members.add(d);
                kernel.add(d);
                rr.destinationAdded(service, d);
            } else if (action == 9) {
                members.remove(target);
                service.remove(target);
                kernel.remove(target);
                rr.destinationRemoved(service, target);
            }
        }
    }
}
