package io.jvs.plugins.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jvs.testkit.FakeDestination;
import io.jvs.testkit.FakeService;
import org.junit.jupiter.api.Test;

class DestinationSlotsTest {

    private final FakeService service = FakeService.tcp("203.0.113.1", 80);

    @Test
    void shouldKeepSlotsAcrossChangesAndGiveFreedSlotsToNewDestinations() {
        FakeDestination a = service.add(FakeDestination.of("10.0.0.1", 80));
        FakeDestination b = service.add(FakeDestination.of("10.0.0.2", 80));
        FakeDestination c = service.add(FakeDestination.of("10.0.0.3", 80));
        DestinationSlots slots = DestinationSlots.of(service.destinations());
        assertEquals(1, slots.slotOf(b));

        service.remove(a);
        slots = slots.next(service.destinations());
        assertEquals(1, slots.slotOf(b));
        assertEquals(2, slots.slotOf(c));
        assertNull(slots.inSlot(0));
        assertEquals(DestinationSlots.NO_SLOT, slots.slotOf(a));

        FakeDestination d = service.add(FakeDestination.of("10.0.0.4", 80));
        FakeDestination e = service.add(FakeDestination.of("10.0.0.5", 80));
        slots = slots.next(service.destinations());

        assertEquals(0, slots.slotOf(d));
        assertEquals(3, slots.slotOf(e));
        assertEquals(4, slots.size());
        assertSame(c, slots.get(1));
        assertEquals(2, slots.slotOfMember(1));
        assertSame(e, slots.inSlot(3));
        assertNull(slots.inSlot(4));
        assertNull(slots.inSlot(-1));
    }
}
