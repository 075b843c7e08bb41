package io.jvs.plugins.ipvs;

/**
 * A set of up to {@value #CAPACITY} {@linkplain DestinationSlots destination slots} packed into one
 * {@code long}, so that a {@link LocalityTable} entry can be read and replaced in one atomic step.
 * Each member takes 16 bits holding {@code slot + 1}; 0 marks an empty position. Members are kept
 * newest first from the low bits, as the kernel's {@code list_add_rcu} keeps the newest element at
 * the head of an {@code ip_vs_dest_set}, and the empty set is {@code 0}.
 *
 * <pre>
 *  63        48 47        32 31        16 15         0
 * +------------+------------+------------+------------+
 * | position 3 | position 2 | position 1 | position 0 |   slot + 1, or 0 when empty
 * |  (oldest)  |            |            |  (newest)  |
 * +------------+------------+------------+------------+
 * </pre>
 */
final class PackedDestinationSet {

    /** The number of members a set can hold. */
    static final int CAPACITY = 4;

    /** The empty set. */
    static final long EMPTY = 0L;

    private static final int BITS = 16;
    private static final long MASK = 0xFFFFL;

    private PackedDestinationSet() {
    }

    /**
     * Returns the set holding one slot.
     *
     * @param slot 0 &lt;= slot &lt; {@link DestinationSlots#MAX_SLOTS}
     * @return the set
     */
    static long of(int slot) {
        return slot + 1L;
    }

    /**
     * Returns the slot at a position.
     *
     * @param set a set
     * @param position 0 (newest) &lt;= position &lt; {@value #CAPACITY}
     * @return the slot, or {@link DestinationSlots#NO_SLOT} when the position is empty
     */
    static int slotAt(long set, int position) {
        return (int) ((set >>> (position * BITS)) & MASK) - 1;
    }

    /**
     * Counts the members.
     *
     * @param set a set
     * @return 0..{@value #CAPACITY}
     */
    static int size(long set) {
        int size = 0;
        while (size < CAPACITY && slotAt(set, size) != DestinationSlots.NO_SLOT) {
            size++;
        }
        return size;
    }

    /**
     * Tells whether a slot is a member.
     *
     * @param set a set
     * @param slot a slot
     * @return {@code true} when present
     */
    static boolean contains(long set, int slot) {
        return positionOf(set, slot) >= 0;
    }

    /**
     * Adds a slot as the newest member; the caller makes room first when the set is full, else the
     * oldest member is pushed out.
     *
     * @param set a set not containing {@code slot}
     * @param slot the slot to add
     * @return the new set
     */
    static long withNewest(long set, int slot) {
        return (set << BITS) | (slot + 1L);
    }

    /**
     * Removes a slot, closing the gap so that the members stay in order.
     *
     * @param set a set
     * @param slot the slot to remove
     * @return the new set; {@code set} itself when the slot is not a member
     */
    static long without(long set, int slot) {
        int position = positionOf(set, slot);
        if (position < 0) {
            return set;
        }
        long below = set & ((1L << (position * BITS)) - 1);
        long above = position + 1 < CAPACITY ? set >>> ((position + 1) * BITS) : 0L;
        return below | (above << (position * BITS));
    }

    private static int positionOf(long set, int slot) {
        for (int position = 0; slot >= 0 && position < CAPACITY; position++) {
            if (slotAt(set, position) == slot) {
                return position;
            }
        }
        return -1;
    }
}
