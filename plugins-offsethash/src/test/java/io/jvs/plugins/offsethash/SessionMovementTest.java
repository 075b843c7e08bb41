package io.jvs.plugins.offsethash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.DestinationView;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.Scheduler;
import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakePacket;
import io.jvs.testkit.FakeParameters;
import io.jvs.testkit.FakeSchedulerContext;
import io.jvs.testkit.FakeService;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How many sessions change destination when a destination comes or goes: the point of choosing
 * through a Maglev table rather than {@code digest mod n}. 100 000 random sessions, 10 destinations
 * of equal weight, the default table of 65537 slots. The ideal is {@code 1/11} (9.09%) when an
 * eleventh destination joins and {@code 1/10} when one of ten leaves; {@code mod n} would move
 * about 91% and 90%.
 */
class SessionMovementTest {

    private static final int SESSIONS = 100_000;

    private final FakeService service = FakeService.udp("203.0.113.5", 4000);
    private final List<FakeDestination> destinations = new ArrayList<>();
    private Scheduler offh;
    private FakePacket[] packets;

    private void setUp(int count) throws InvalidParameterException {
        for (int i = 1; i <= count; i++) {
            destinations.add(service.add(FakeDestination.of("198.51.100." + i, 4000)));
        }
        OffsetHashSchedulerFactory factory = new OffsetHashSchedulerFactory();
        offh = factory.create(FakeSchedulerContext.of(service,
                FakeParameters.defaults(factory.parameters(), Map.of("offset", 4L, "offlen", 8L))));
        Random random = new Random(2026);
        packets = new FakePacket[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            packets[i] = FakePacket.udp("192.0.2.1", 5000, "203.0.113.5", 4000)
                    .payload(ByteBuffer.allocate(12).putInt(7).putLong(random.nextLong()).array());
        }
    }

    private DestinationView[] chooseAll() {
        DestinationView[] chosen = new DestinationView[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            chosen[i] = offh.schedule(service, packets[i], 0);
        }
        return chosen;
    }

    @Test
    void shouldMoveAboutOneEleventhWhenAnEleventhDestinationJoins() throws InvalidParameterException {
        setUp(10);
        DestinationView[] before = chooseAll();
        FakeDestination added = service.add(FakeDestination.of("198.51.100.11", 4000));
        offh.destinationAdded(service, added);
        DestinationView[] after = chooseAll();
        int moved = 0;
        int movedElsewhere = 0;
        for (int i = 0; i < SESSIONS; i++) {
            if (before[i] != after[i]) {
                moved++;
                movedElsewhere += after[i] == added ? 0 : 1;
            }
        }
        double fraction = (double) moved / SESSIONS;
        // measured 9.44% (ideal 9.09%); of them 0.31% of all sessions moved between old destinations
        assertTrue(fraction > 0.085 && fraction < 0.10, "moved fraction " + fraction);
        assertTrue(movedElsewhere < SESSIONS / 100, "moved between old destinations: " + movedElsewhere);
    }

    @Test
    void shouldMoveAboutOneTenthWhenOneOfTenLeaves() throws InvalidParameterException {
        setUp(10);
        DestinationView[] before = chooseAll();
        FakeDestination removed = destinations.get(6);
        service.remove(removed);
        offh.destinationRemoved(service, removed);
        DestinationView[] after = chooseAll();
        int moved = 0;
        int ownersMoved = 0;
        for (int i = 0; i < SESSIONS; i++) {
            assertNotSame(removed, after[i]);
            if (before[i] != after[i]) {
                moved++;
                ownersMoved += before[i] == removed ? 1 : 0;
            }
        }
        int survivorsMoved = moved - ownersMoved;
        double fraction = (double) moved / SESSIONS;
        // measured 10.27% (ideal 10%); of them 0.23% of all sessions belonged to surviving destinations
        assertTrue(fraction > 0.09 && fraction < 0.11, "moved fraction " + fraction);
        assertTrue(survivorsMoved < SESSIONS / 100, "sessions of surviving destinations moved: " + survivorsMoved);
    }

    @Test
    void shouldMoveNothingWhenTheSameListIsRebuilt() throws InvalidParameterException {
        setUp(10);
        DestinationView[] before = chooseAll();
        offh.destinationUpdated(service, destinations.get(0));
        DestinationView[] after = chooseAll();
        int moved = 0;
        for (int i = 0; i < SESSIONS; i++) {
            moved += before[i] == after[i] ? 0 : 1;
        }
        assertEquals(0, moved, "the table is a function of the destinations' keys and weights");
    }
}
