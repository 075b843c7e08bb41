package io.jvs.engine.conn;

import static io.jvs.engine.conn.EntryLayout.NIL;
import static io.jvs.engine.conn.EntryLayout.WHEEL;
import static io.jvs.engine.conn.EntryLayout.base;
import static io.jvs.engine.conn.EntryLayout.high;
import static io.jvs.engine.conn.EntryLayout.low;
import static io.jvs.engine.conn.EntryLayout.pack;

/**
 * The slots of a hashed timing wheel whose doubly linked lists run through the entries' WHEEL words,
 * so that filing, unlinking and popping an entry are O(1) and allocate nothing. The previous link of
 * a slot's first entry is {@code -(slot + 2)}, which tells unlink which head to update. One extra
 * list, after the ordinary slots, holds the entries of the slot being expired.
 */
final class TimingWheel {

    private final long[] words;
    private final int[] heads;
    private final int mask;
    private final int pending;

    TimingWheel(long[] words, int slots) {
        this.words = words;
        this.heads = new int[slots + 1];
        this.mask = slots - 1;
        this.pending = slots;
        java.util.Arrays.fill(heads, NIL);
    }

    /**
     * Moves a slot's whole list to the pending list, which must be empty, in O(1). The caller then
     * pops the pending list; entries filed meanwhile go to the ordinary slots, and an entry on the
     * pending list can still be unlinked like any other.
     */
    void detachToPending(int slot) {
        int first = heads[slot];
        heads[slot] = NIL;
        heads[pending] = first;
        if (first != NIL) {
            int at = base(first) + WHEEL;
            words[at] = pack(high(words[at]), -pending - 2);
        }
    }

    /** Returns the first entry of the pending list, or NIL. */
    int pendingHead() {
        return heads[pending];
    }

    int slotOf(long tick) {
        return (int) tick & mask;
    }

    int slots() {
        return mask + 1;
    }

    void link(int entryId, int slot) {
        int first = heads[slot];
        words[base(entryId) + WHEEL] = pack(first, -slot - 2);
        if (first != NIL) {
            int at = base(first) + WHEEL;
            words[at] = pack(high(words[at]), entryId);
        }
        heads[slot] = entryId;
    }

    /** Unlinks an entry from its slot; does nothing for an entry that is not filed. */
    void unlink(int entryId) {
        int at = base(entryId) + WHEEL;
        long links = words[at];
        int next = high(links);
        int prev = low(links);
        if (prev == NIL) {
            return;
        }
        if (prev >= 0) {
            int p = base(prev) + WHEEL;
            words[p] = pack(next, low(words[p]));
        } else {
            heads[-prev - 2] = next;
        }
        if (next != NIL) {
            int n = base(next) + WHEEL;
            words[n] = pack(high(words[n]), prev);
        }
        words[at] = pack(NIL, NIL);
    }
}
