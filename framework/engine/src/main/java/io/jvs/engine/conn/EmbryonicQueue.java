package io.jvs.engine.conn;

import static io.jvs.engine.conn.EntryLayout.CONTROL;
import static io.jvs.engine.conn.EntryLayout.LIVE;
import static io.jvs.engine.conn.EntryLayout.META;
import static io.jvs.engine.conn.EntryLayout.NIL;
import static io.jvs.engine.conn.EntryLayout.TEMPLATE;
import static io.jvs.engine.conn.EntryLayout.base;
import static io.jvs.engine.conn.EntryLayout.high;
import static io.jvs.engine.conn.EntryLayout.low;
import static io.jvs.engine.conn.EntryLayout.pack;

/**
 * The FIFO of embryonic entries, oldest first, from which {@link ConnectionTable} takes its capacity
 * victims in O(1) amortised time.
 *
 * <p>A ring of entry ids ({@code 2 × capacity} ints). An entry records the ring position it was
 * queued at in the low half of its CONTROL word; a ring element is valid only while the entry at that
 * id is a live connection whose recorded position is that element's position. Leaving the embryonic
 * states or being removed merely resets the recorded position, which turns the ring element stale;
 * stale elements are skipped when they reach the head, or squeezed out when the ring is full. Since
 * at most {@code capacity} elements are valid, squeezing a full ring frees at least half of it, so the
 * O(n) squeeze costs O(1) per queued entry.
 */
final class EmbryonicQueue {

    private final long[] words;
    private final int[] ring;
    private int head;
    private int count;

    EmbryonicQueue(long[] words, int capacity) {
        this.words = words;
        this.ring = new int[Math.max(2, capacity * 2)];
    }

    /** Queues an entry at the tail and records its position in the entry. */
    void push(int entryId) {
        if (count == ring.length) {
            squeeze();
        }
        int position = wrap(head + count);
        ring[position] = entryId;
        count++;
        setPosition(entryId, position);
    }

    /**
     * Removes valid or stale elements from the head until it finds the oldest valid entry, which it
     * unqueues and returns.
     *
     * @return the oldest queued entry, or {@link ConnectionTable#MISSING} when none is queued
     */
    int pollOldest() {
        while (count > 0) {
            int position = head;
            int entryId = ring[position];
            head = wrap(head + 1);
            count--;
            if (isValid(entryId, position)) {
                setPosition(entryId, NIL);
                return entryId;
            }
        }
        return ConnectionTable.MISSING;
    }

    private void squeeze() {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int from = wrap(head + i);
            int entryId = ring[from];
            if (isValid(entryId, from)) {
                int to = wrap(head + kept);
                ring[to] = entryId;
                setPosition(entryId, to);
                kept++;
            }
        }
        count = kept;
    }

    private boolean isValid(int entryId, int position) {
        int b = base(entryId);
        int meta = (int) words[b + META];
        return (meta & (LIVE | TEMPLATE)) == LIVE && low(words[b + CONTROL]) == position;
    }

    private void setPosition(int entryId, int position) {
        int at = base(entryId) + CONTROL;
        words[at] = pack(high(words[at]), position);
    }

    private int wrap(int position) {
        return position >= ring.length ? position - ring.length : position;
    }

    int queued() {
        return count;
    }
}
