package io.jvs.plugins.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PackedDestinationSetTest {

    @Test
    void shouldKeepMembersNewestFirst() {
        long set = PackedDestinationSet.withNewest(PackedDestinationSet.withNewest(PackedDestinationSet.of(0), 7), 65534);

        assertEquals(0x0001_0008_FFFFL, set, "slot + 1 in each 16 bits, the newest lowest");
        assertEquals(3, PackedDestinationSet.size(set));
        assertEquals(65534, PackedDestinationSet.slotAt(set, 0));
        assertEquals(7, PackedDestinationSet.slotAt(set, 1));
        assertEquals(0, PackedDestinationSet.slotAt(set, 2));
        assertEquals(DestinationSlots.NO_SLOT, PackedDestinationSet.slotAt(set, 3));
    }

    @Test
    void shouldRemoveAMemberClosingTheGapAtAnyPosition() {
        long full = PackedDestinationSet.EMPTY;
        for (int slot = 1; slot <= 4; slot++) {
            full = PackedDestinationSet.withNewest(full, slot);
        }
        // positions: 4, 3, 2, 1

        assertEquals(0x0003_0004_0005L, PackedDestinationSet.without(full, 1), "the oldest");
        assertEquals(0x0002_0003_0004L, PackedDestinationSet.without(full, 4), "the newest");
        assertEquals(0x0002_0004_0005L, PackedDestinationSet.without(full, 2));
        assertEquals(full, PackedDestinationSet.without(full, 9));
        assertEquals(full, PackedDestinationSet.without(full, DestinationSlots.NO_SLOT));
        assertEquals(PackedDestinationSet.EMPTY, PackedDestinationSet.without(PackedDestinationSet.of(3), 3));
    }

    @Test
    void shouldTellMembershipAndSize() {
        long set = PackedDestinationSet.withNewest(PackedDestinationSet.of(2), 5);

        assertTrue(PackedDestinationSet.contains(set, 2));
        assertTrue(PackedDestinationSet.contains(set, 5));
        assertFalse(PackedDestinationSet.contains(set, 3));
        assertFalse(PackedDestinationSet.contains(set, DestinationSlots.NO_SLOT));
        assertEquals(0, PackedDestinationSet.size(PackedDestinationSet.EMPTY));
        assertEquals(2, PackedDestinationSet.size(set));
    }
}
