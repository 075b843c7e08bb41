package io.jvs.plugins.maglev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two jvs instances behind ECMP learn the same destinations in different orders: built through the
 * factory, their schedulers must agree on every flow.
 */
class MaglevSchedulerAgreementTest {

    private static final int DESTINATIONS = 100;

    /** One instance's view of the service: its own destination objects, added in the given order. */
    private static FakeService instance(List<Integer> order) {
        FakeService service = FakeService.tcp("203.0.113.1", 80);
        for (int host : order) {
            FakeDestination d = FakeDestination.of("10.0." + (host >>> 8) + "." + (host & 0xFF), 8080);
            d.weight(1 + host % 3);
            d.overloaded(host % 10 == 0);
            service.add(d);
        }
        return service;
    }

    @ParameterizedTest
    @CsvSource({"5-tuple, true, 1000000", "source-ip, false, 200000", "source-ip-port, true, 200000"})
    void shouldMakeIdenticalDecisionsWhenDestinationsArriveInDifferentOrders(String hashFields, boolean fallback,
            int flows) throws Exception {
        List<Integer> order = new ArrayList<>();
        for (int host = 1; host <= DESTINATIONS; host++) {
            order.add(host);
        }
        FakeService first = instance(order);
        Collections.shuffle(order, new Random(42));
        FakeService second = instance(order);
        MaglevSchedulerFactory factory = new MaglevSchedulerFactory();
        Scheduler a = factory.create(FakeSchedulerContext.of(first,
                MaglevSchedulerTest.parameters(MaglevTable.DEFAULT_SIZE, hashFields, false, fallback)));
        Scheduler b = factory.create(FakeSchedulerContext.of(second,
                MaglevSchedulerTest.parameters(MaglevTable.DEFAULT_SIZE, hashFields, false, fallback)));

        assertArrayEquals(((MaglevScheduler) a).currentSnapshot().table(), ((MaglevScheduler) b).currentSnapshot().table());
        SplittableRandom random = new SplittableRandom(2025);
        int[] perDestination = new int[DESTINATIONS + 1];
        int refused = 0;
        for (int flow = 0; flow < flows; flow++) {
            PacketView packet = FakePacket.tcp(random.nextInt(1, 224) + "." + random.nextInt(256) + "."
                    + random.nextInt(256) + "." + random.nextInt(256), random.nextInt(1024, 65536), "203.0.113.1", 80);

            DestinationView fromA = a.schedule(first, packet, flow);
            DestinationView fromB = b.schedule(second, packet, flow);

            if (fromA == null || fromB == null) {
                assertEquals(fromA, fromB, "flow " + flow);
                refused++;
            } else {
                assertEquals(fromA.key(), fromB.key(), "flow " + flow);
                perDestination[fromA.addressWord(0) & 0xFF]++;
            }
        }
        for (int host = 1; host <= DESTINATIONS; host++) {
            assertEquals(host % 10 == 0, perDestination[host] == 0, "host " + host + ": " + perDestination[host]);
        }
        assertTrue(fallback ? refused == 0 : refused > 0, "refused " + refused);
    }
}
