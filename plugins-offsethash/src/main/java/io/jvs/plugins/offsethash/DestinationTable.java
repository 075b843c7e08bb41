package io.jvs.plugins.offsethash;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.Scheduler;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * An immutable snapshot that maps a 64-bit digest to a destination: a {@link MaglevTable} over the
 * service's destinations of weight above 0, each turned into a permutation by digests of its
 * {@linkplain DestinationView#key() key} (so every jvs instance builds the same table), and weighted
 * by {@code weight / gcd(weights)} turns as IPVS {@code mh}. Built by the lifecycle hooks and
 * published by one volatile write.
 *
 * <p>A digest's slot is {@code (digest * size) >>> 64} (Lemire's multiply-shift range reduction,
 * {@link #slotOf(long)}). When that slot's destination is not eligible (overloaded, or its weight or
 * availability changed since the build), {@link #fallback(long)} tries up to
 * {@value #FALLBACK_PROBES} further slots along a stride derived from the digest, then the members in
 * list order from a point derived from the digest: the sessions of an unusable destination spread over
 * the others, and everyone else keeps theirs. Allocation-free; O(1), O(probes + members) at worst.
 */
final class DestinationTable {

    /** How many further slots {@link #fallback(long)} tries before it scans the members. */
    static final int FALLBACK_PROBES = 32;

    private static final long OFFSET_SEED = 0x0FF5E7L;
    private static final long SKIP_SEED = 0x5C1BL;

    private final DestinationView[] slots;
    private final DestinationView[] members;

    private DestinationTable(DestinationView[] slots, DestinationView[] members) {
        this.slots = slots;
        this.members = members;
    }

    /**
     * Builds the table of a destination list.
     *
     * @param destinations the service's destinations, in list order
     * @param size the table size, a prime of at least 7
     * @return the snapshot; it chooses nothing when no destination has a weight above 0
     */
    static DestinationTable build(DestinationList destinations, int size) {
        int count = 0;
        int gcd = 0;
        for (int i = 0; i < destinations.size(); i++) {
            int weight = destinations.get(i).weight();
            if (weight > 0) {
                count++;
                gcd = gcd(gcd, weight);
            }
        }
        DestinationView[] members = new DestinationView[count];
        int[] offsets = new int[count];
        int[] skips = new int[count];
        int[] turns = new int[count];
        int m = 0;
        for (int i = 0; i < destinations.size(); i++) {
            DestinationView d = destinations.get(i);
            if (d.weight() > 0) {
                members[m] = d;
                MemorySegment key = MemorySegment.ofArray(d.key().getBytes(StandardCharsets.UTF_8));
                int keyLength = (int) key.byteSize();
                offsets[m] = (int) Long.remainderUnsigned(SessionDigest.of(key, 0, keyLength, OFFSET_SEED), size);
                skips[m] = 1 + (int) Long.remainderUnsigned(SessionDigest.of(key, 0, keyLength, SKIP_SEED), size - 1);
                turns[m] = d.weight() / gcd;
                m++;
            }
        }
        int[] indexes = MaglevTable.build(offsets, skips, turns, size);
        DestinationView[] slots = new DestinationView[size];
        for (int s = 0; s < size; s++) {
            slots[s] = indexes[s] == MaglevTable.EMPTY ? null : members[indexes[s]];
        }
        return new DestinationTable(slots, members);
    }

    /**
     * Returns the destination in the digest's slot, eligible or not.
     *
     * @param digest a digest
     * @return the destination, {@code null} for an empty table
     */
    DestinationView slotOf(long digest) {
        return slots[(int) Math.unsignedMultiplyHigh(digest, slots.length)];
    }

    /**
     * Returns the number of slots.
     *
     * @return the size
     */
    int size() {
        return slots.length;
    }

    /**
     * Returns the destination of one slot.
     *
     * @param slot 0 &lt;= slot &lt; {@link #size()}
     * @return the destination, {@code null} for an empty table
     */
    DestinationView slot(int slot) {
        return slots[slot];
    }

    /**
     * Finds another destination when the digest's own slot holds one that is not eligible: up to
     * {@value #FALLBACK_PROBES} further slots along a stride derived from the digest, then the members
     * in list order from a point derived from the digest.
     *
     * @param digest a digest
     * @return an eligible destination, or {@link Scheduler#NONE} when none is
     */
    DestinationView fallback(long digest) {
        DestinationView[] table = slots;
        int size = table.length;
        int slot = (int) Math.unsignedMultiplyHigh(digest, size);
        int stride = 1 + (int) Long.remainderUnsigned(digest, size - 1);
        int s = slot;
        for (int probe = 0; probe < FALLBACK_PROBES; probe++) {
            s += stride;
            if (s >= size) {
                s -= size;
            }
            DestinationView candidate = table[s];
            if (candidate.isEligible()) {
                return candidate;
            }
        }
        DestinationView[] list = members;
        int n = list.length;
        int start = (int) Long.remainderUnsigned(digest, n);
        for (int i = 0; i < n; i++) {
            int index = start + i;
            DestinationView candidate = list[index >= n ? index - n : index];
            if (candidate.isEligible()) {
                return candidate;
            }
        }
        return Scheduler.NONE;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
