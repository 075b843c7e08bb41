package io.jvs.plugins.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeService;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PowerOfTwoChoicesSchedulerTest {

    private static final long SEED = 0x5EEDL;

    private final FakeService service = FakeService.tcp("203.0.113.1", 80);

    /**
     * {@code ip_vs_twos_schedule} over the same random stream: SplitMix64 steps mixed with the
     * packet's tuple hash; the high and low halves modulo {@code total + 1} are the two draws.
     */
    private static final class KernelTwosModel {
        private long state = SEED;

        DestinationView schedule(List<FakeDestination> list, PacketView packet) {
            int total = 0;
            for (FakeDestination d : list) {
                total += d.isEligible() ? d.weight() : 0;
            }
            if (total == 0) {
                return null;
            }
            state += 0x9E3779B97F4A7C15L;
            long random = SplitMix64.mix(state ^ PowerOfTwoChoicesScheduler.tupleHash(packet));
            int rweight1 = (int) Long.remainderUnsigned(random >>> 32, total + 1);
            int rweight2 = (int) Long.remainderUnsigned(random & 0xFFFFFFFFL, total + 1);
            FakeDestination choice1 = drawn(list, rweight1);
            FakeDestination choice2 = drawn(list, rweight2);
            long overhead1 = choice1.activeConnections() * 256L + choice1.inactiveConnections();
            long overhead2 = choice2.activeConnections() * 256L + choice2.inactiveConnections();
            return (long) choice2.weight() * overhead1 > (long) choice1.weight() * overhead2 ? choice2 : choice1;
        }

        /** The first eligible destination whose running sum of weights reaches the draw. */
        private static FakeDestination drawn(List<FakeDestination> list, int draw) {
            int sum = 0;
            for (FakeDestination d : list) {
                if (d.isEligible()) {
                    sum += d.weight();
                    if (sum >= draw) {
                        return d;
                    }
                }
            }
            throw new AssertionError("draw beyond the total");
        }
    }

    @Test
    void shouldReturnTheLessLoadedOfTwoWeightedDraws() {
        Random random = new Random(21);
        List<FakeDestination> list = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            list.add(service.add(FakeDestination.of("10.0.0." + (i + 1), 80).weight(i % 4)));
        }
        Scheduler twos = new PowerOfTwoChoicesScheduler(SEED);
        KernelTwosModel model = new KernelTwosModel();

        for (int call = 0; call < 20_000; call++) {
            FakeDestination changed = list.get(random.nextInt(list.size()));
            changed.connections(random.nextInt(8), random.nextInt(300));
            if (call % 50 == 0) {
                changed.overloaded(random.nextBoolean()).weight(random.nextInt(4));
            }
            FakePacket packet = FakePacket.tcp(random.nextInt(), random.nextInt(65536), 0xCB007101, 80);

            assertSame(model.schedule(list, packet), twos.schedule(service, packet, call), "call " + call);
        }
    }

    @Test
    void shouldChooseTheMostLoadedDestinationOnlyWhenBothDrawsFallOnIt() {
        FakeDestination busy = service.add(FakeDestination.of("10.0.0.1", 80).weight(1).connections(100, 0));
        service.add(FakeDestination.of("10.0.0.2", 80).weight(1));
        service.add(FakeDestination.of("10.0.0.3", 80).weight(1));
        Scheduler twos = new PowerOfTwoChoicesScheduler(SEED);
        Random random = new Random(22);
        int busyChosen = 0;
        int calls = 40_000;

        for (int call = 0; call < calls; call++) {
            if (twos.schedule(service, FakePacket.tcp(random.nextInt(), 1000, 0xCB007101, 80), call) == busy) {
                busyChosen++;
            }
        }

        // Draws fall in [0, 3]: busy is drawn for 0 and 1, so both draws hit it with probability (2/4)^2.
        assertEquals(0.25, busyChosen / (double) calls, 0.01);
    }

    @Test
    void shouldDrawDifferentlyForDifferentFlowsFromTheSameState() {
        for (int i = 0; i < 16; i++) {
            service.add(FakeDestination.of("10.0.0." + (i + 1), 80));
        }
        PacketView first = FakePacket.tcp("198.51.100.1", 1000, "203.0.113.1", 80);
        PacketView second = FakePacket.tcp("198.51.100.1", 1001, "203.0.113.1", 80);
        int differences = 0;
        for (long seed = 0; seed < 200; seed++) {
            DestinationView a = new PowerOfTwoChoicesScheduler(seed).schedule(service, first, 0L);
            DestinationView b = new PowerOfTwoChoicesScheduler(seed).schedule(service, second, 0L);
            differences += a != b ? 1 : 0;
        }

        assertTrue(differences > 150, "two workers reading the same state still spread: " + differences);
        assertNotEquals(PowerOfTwoChoicesScheduler.tupleHash(first), PowerOfTwoChoicesScheduler.tupleHash(second));
    }

    @Test
    void shouldReturnNoneWhenNoDestinationHasAWeight() {
        service.add(FakeDestination.of("10.0.0.1", 80).weight(0));
        service.add(FakeDestination.of("10.0.0.2", 80).weight(5).overloaded(true));

        assertNull(new PowerOfTwoChoicesScheduler(SEED).schedule(service,
                FakePacket.tcp("198.51.100.1", 1000, "203.0.113.1", 80), 0L));
    }
}
