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

class WeightedRoundRobinSchedulerPropertyTest {

    private static final PacketView SYN = FakePacket.tcp("198.51.100.9", 40000, "203.0.113.1", 80);

    /**
     * Each operation is one number: the low digit picks the action (schedule, set a weight, toggle
     * overload, toggle availability, add, remove), the middle digit a weight, the rest a destination.
     */
    @Property(tries = 300, seed = "20250102")
    void shouldChooseExactlyAsTheKernelDoes(
            @ForAll @Size(max = 150) List<@IntRange(min = 0, max = 9999) Integer> operations) {
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        List<FakeDestination> members = new ArrayList<>();
        int nextHost = 1;
        for (int weight : new int[] {4, 3, 2}) {
            members.add(service.add(FakeDestination.of("10.0.0." + nextHost++, 80).weight(weight)));
        }
        KernelWeightedRoundRobinModel kernel = new KernelWeightedRoundRobinModel(members);
        Scheduler wrr = new WeightedRoundRobinSchedulerFactory().create(FakeSchedulerContext.of(service));

        for (int step = 0; step < operations.size(); step++) {
            int operation = operations.get(step);
            int action = operation % 10;
            int weight = (operation / 10) % 10 % 7;
            FakeDestination target = members.isEmpty() ? null : members.get((operation / 100) % members.size());
            if (action <= 4 || (target == null && action != 8)) {
                DestinationView expected = kernel.schedule();
                DestinationView actual = wrr.schedule(service, SYN, step);
                assertSame(expected, actual, "step " + step + " of " + operations);
            } else if (action == 5) {
                target.weight(weight);
                kernel.update();
                wrr.destinationUpdated(service, target);
            } else if (action == 6) {
                target.overloaded(!target.isOverloaded());
            } else if (action == 7) {
                target.available(!target.isAvailable());
            } else if (action == 8 && nextHost < 250) {
                FakeDestination added = service.add(FakeDestination.of("10.0.0." + nextHost++, 80).weight(weight));
                members.add(added);
                kernel.add(added);
                wrr.destinationAdded(service, added);
            } else if (action == 9) {
                members.remove(target);
                service.remove(target);
                kernel.remove(target);
                wrr.destinationRemoved(service, target);
            }
        }
    }
}
