package io.jvs.plugins.offsethash;

import java.util.Arrays;

/**
 * Maglev's lookup-table population (Eisenbud et al., "Maglev: A Fast and Reliable Software Network
 * Load Balancer", NSDI 2016, section 3.4, pseudocode 1), with IPVS {@code ip_vs_mh.c}'s weights: a
 * pure function from the members' permutations and turns to a table of member indexes.
 *
 * <p>Member {@code i} prefers the slots {@code offset[i], offset[i] + skip[i], offset[i] + 2 * skip[i],
 * ...} (mod the prime table size, so every slot appears once). The members take turns in list order;
 * at its turn a member takes its next preferred slot that is still free, {@code turns[i]} times in a
 * row, until the table is full. With equal turns every member gets {@code size / n} or one more slot;
 * a member of {@code turns} {@code t} gets about {@code t / sum(turns)} of them; a member with 0 turns
 * gets none. Adding or removing one member moves about {@code 1/n} of the slots, plus a little.
 */
final class MaglevTable {

    /** Marks a slot of a table without members. */
    static final int EMPTY = -1;

    private MaglevTable() {
    }

    /**
     * Fills a table.
     *
     * @param offsets each member's first preferred slot, 0 &lt;= offset &lt; size
     * @param skips each member's step between preferred slots, 1 &lt;= skip &lt; size
     * @param turns how many slots each member takes at its turn, 0 or more
     * @param size the table size, a prime
     * @return the member index of each slot; every slot {@link #EMPTY} when no member has turns
     */
    static int[] build(int[] offsets, int[] skips, int[] turns, int size) {
        int[] table = new int[size];
        Arrays.fill(table, EMPTY);
        int members = offsets.length;
        long totalTurns = 0;
        for (int turn : turns) {
            totalTurns += turn;
        }
        if (totalTurns == 0) {
            return table;
        }
        int[] candidate = offsets.clone();
        int filled = 0;
        while (true) {
            for (int i = 0; i < members; i++) {
                for (int t = 0; t < turns[i]; t++) {
                    int slot = candidate[i];
                    while (table[slot] != EMPTY) {
                        slot += skips[i];
                        if (slot >= size) {
                            slot -= size;
                        }
                    }
                    table[slot] = i;
                    candidate[i] = slot;
                    if (++filled == size) {
                        return table;
                    }
                }
            }
        }
    }

    /**
     * Tells whether a table size is prime, as Maglev's permutations need.
     *
     * @param size a candidate size
     * @return {@code true} when prime
     */
    static boolean isPrime(long size) {
        if (size < 2) {
            return false;
        }
        for (long d = 2; d * d <= size; d++) {
            if (size % d == 0) {
                return false;
            }
        }
        return true;
    }
}
