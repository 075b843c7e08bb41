package io.jvs.plugins.ipvs;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.jvs.spi.DestinationView;
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

/** Checks {@code lblc} and {@code lblcr} against {@link KernelLocalityModel} over random operations. */
class LocalitySchedulersPropertyTest {

    private static final int EXPIRATION = 100;
    private static final long SECOND = 1_000_000_000L;

    @Property(tries = 300, seed = "20250104")
    void shouldChooseAsTheLblcModel(
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 99999) Integer> operations) {
        run(operations, false);
    }

    @Property(tries = 300, seed = "20250105")
    void shouldChooseAsTheLblcrModel(
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 99999) Integer> operations) {
        run(operations, true);
    }

    /**
     * Each operation is one number: the low digit picks the action (schedule to one of five addresses,
     * with time passing; set connections; toggle overload; toggle availability; set a weight; add;
     * remove), the other digits its arguments.
     */
    private static void run(List<Integer> operations, boolean replicated) {
        FakeService service = FakeService.tcp("0.0.0.0", 0);
        List<FakeDestination> members = new ArrayList<>();
        int nextHost = 1;
        for (; nextHost <= 5; nextHost++) {
            members.add(service.add(FakeDestination.of("10.0.0." + nextHost, 3128).weight(2)));
        }
        Scheduler scheduler = replicated
                ? new LocalityBasedReplicatedLeastConnectionScheduler(service, 16384, EXPIRATION)
                : new LocalityBasedLeastConnectionScheduler(service, 16384, EXPIRATION);
        KernelLocalityModel model = new KernelLocalityModel(EXPIRATION);
        int now = 0;

        for (int step = 0; step < operations.size(); step++) {
            int operation = operations.get(step);
            int action = operation % 10;
            int argument = operation / 10;
            FakeDestination target = members.isEmpty() ? null : members.get(argument % members.size());
            if (action <= 3 || (target == null && action != 8)) {
                int advance = argument % 16 == 0 ? argument % 160 : argument % 20;
                now += advance;
                int address = 0xC0000200 + 1 + argument % 5;
                DestinationView expected = replicated
                        ? model.scheduleLblcr(members, address, now)
                        : model.scheduleLblc(members, address, now);
                DestinationView actual = scheduler.schedule(service,
                        FakePacket.tcp(0x0A0A0A0A, 1000, address, 80), now * SECOND);
                assertSame(expected, actual, "step " + step + " of " + operations);
            } else if (action == 4) {
                target.connections(argument / 10 % 6, argument / 100 % 40);
            } else if (action == 5) {
                target.overloaded(!target.isOverloaded());
            } else if (action == 6) {
                target.available(!target.isAvailable());
            } else if (action == 7) {
                target.weight(argument / 10 % 5);
                scheduler.destinationUpdated(service, target);
            } else if (action == 8 && nextHost < 250) {
                FakeDestination added = service.add(FakeDestination.of("10.0.0." + nextHost++, 3128)
                        .weight(1 + argument % 4));
                members.add(added);
                scheduler.destinationAdded(service, added);
            } else if (action == 9) {
                members.remove(target);
                service.remove(target);
                model.remove(target);
                scheduler.destinationRemoved(service, target);
            }
        }
    }
}
