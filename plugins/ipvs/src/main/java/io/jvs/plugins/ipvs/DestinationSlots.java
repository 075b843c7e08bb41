package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A service's destinations in list order, each with a small number (its <i>slot</i>) that stays the
 * same for as long as the destination is a member, so that fixed-size primitive tables
 * ({@link LocalityTable}) can name a destination in 16 bits across snapshots. The kernel's tables
 * hold pointers to {@code struct ip_vs_dest} instead.
 *
 * <p>Immutable: the hooks derive the next instance with {@link #next(DestinationList)} and publish
 * it; workers read one instance per call. A slot freed by a removal is given to the next destination
 * added, so the owner of a table must {@linkplain LocalityTable#forget(int) forget} a removed slot
 * before publishing an instance that reuses it. At most {@value #MAX_SLOTS} destinations get a slot;
 * any others are still scheduled but cannot be remembered in a table.
 */
final class DestinationSlots implements DestinationList {

    /** The largest number of slots: a slot plus one fits 16 bits. */
    static final int MAX_SLOTS = 0xFFFF;

    /** The slot of a destination that has none. */
    static final int NO_SLOT = -1;

    private final DestinationView[] members;
    private final int[] slotOfMember;
    private final DestinationView[] bySlot;

    private DestinationSlots(DestinationView[] members, int[] slotOfMember, DestinationView[] bySlot) {
        this.members = members;
        this.slotOfMember = slotOfMember;
        this.bySlot = bySlot;
    }

    /**
     * Numbers the destinations of a list from slot 0.
     *
     * @param list the destinations
     * @return the slots
     */
    static DestinationSlots of(DestinationList list) {
        return new DestinationSlots(new DestinationView[0], new int[0], new DestinationView[0]).next(list);
    }

    /**
     * Numbers the destinations of a new list: those already numbered keep their slots, the others get
     * the lowest free ones. Allocates; control plane only.
     *
     * @param list the service's destinations after a change
     * @return the new slots
     */
    DestinationSlots next(DestinationList list) {
        Map<DestinationView, Integer> previous = new IdentityHashMap<>();
        for (int i = 0; i < members.length; i++) {
            previous.put(members[i], slotOfMember[i]);
        }
        DestinationView[] nextMembers = new DestinationView[list.size()];
        int[] nextSlots = new int[nextMembers.length];
        boolean[] taken = new boolean[Math.min(MAX_SLOTS, Math.max(bySlot.length, nextMembers.length))];
        for (int i = 0; i < nextMembers.length; i++) {
            nextMembers[i] = list.get(i);
            Integer slot = previous.get(nextMembers[i]);
            nextSlots[i] = slot == null ? NO_SLOT : slot;
            if (slot != null && slot != NO_SLOT) {
                taken[slot] = true;
            }
        }
        int free = 0;
        for (int i = 0; i < nextMembers.length; i++) {
            if (nextSlots[i] == NO_SLOT) {
                while (free < taken.length && taken[free]) {
                    free++;
                }
                if (free < taken.length) {
                    nextSlots[i] = free;
                    taken[free] = true;
                }
            }
        }
        int highest = -1;
        for (int slot : nextSlots) {
            highest = Math.max(highest, slot);
        }
        DestinationView[] nextBySlot = new DestinationView[highest + 1];
        for (int i = 0; i < nextMembers.length; i++) {
            if (nextSlots[i] != NO_SLOT) {
                nextBySlot[nextSlots[i]] = nextMembers[i];
            }
        }
        return new DestinationSlots(nextMembers, nextSlots, nextBySlot);
    }

    /**
     * Returns the slot a destination has here; a linear search, for the control plane.
     *
     * @param destination a destination
     * @return its slot, or {@link #NO_SLOT} when it is not numbered here
     */
    int slotOf(DestinationView destination) {
        for (int slot = 0; slot < bySlot.length; slot++) {
            if (bySlot[slot] == destination) {
                return slot;
            }
        }
        return NO_SLOT;
    }

    /**
     * Returns the slot of the destination at a list index.
     *
     * @param index 0 &lt;= index &lt; {@link #size()}
     * @return its slot, or {@link #NO_SLOT}
     */
    int slotOfMember(int index) {
        return slotOfMember[index];
    }

    /**
     * Returns the destination in a slot.
     *
     * @param slot any value
     * @return the destination, or {@code null} when the slot is out of range or free
     */
    DestinationView inSlot(int slot) {
        return slot >= 0 && slot < bySlot.length ? bySlot[slot] : null;
    }

    @Override
    public int size() {
        return members.length;
    }

    @Override
    public DestinationView get(int index) {
        return members[index];
    }

    @Override
    public String toString() {
        return Arrays.toString(members) + " in slots " + Arrays.toString(slotOfMember);
    }
}
