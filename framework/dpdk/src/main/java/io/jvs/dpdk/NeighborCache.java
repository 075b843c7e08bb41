package io.jvs.dpdk;

import io.jvs.engine.pipeline.NeighborSlots;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IPv4 neighbours learned by ARP: address to MAC, with the time each was confirmed and last asked
 * for. Fixed capacity, open addressing with linear probing, no removal (an address once seen keeps
 * its slot; a stale MAC is still used while it is asked again, as Linux's STALE state).
 *
 * <pre>
 *   slot:  keys[s]  address (0 = free; claimed by compare-and-set)
 *          MAC, last answer, last request: {@link NeighborSlots}
 * </pre>
 *
 * <p><b>Thread-safety:</b> any number of workers read and write without locks: a slot is claimed
 * by one compare-and-set, the MAC published by a release store; two workers learning the same
 * address at once both write a MAC one of them saw. Allocation-free.
 */
public final class NeighborCache extends NeighborSlots {

    /** {@link #find}'s answer for an absent address, and {@link #claim}'s for a full table. */
    public static final int MISSING = -1;

    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    private final int[] keys;

    /**
     * Creates a cache.
     *
     * @param capacity addresses it holds, rounded up to a power of two (at least 16)
     */
    public NeighborCache(int capacity) {
        super(capacity);
        keys = new int[capacity()];
    }

    private int home(int address) {
        int h = address * 0x9E3779B1;
        return (h ^ (h >>> 16)) & mask;
    }

    /**
     * Finds an address's slot.
     *
     * @param address the address as a word, not 0
     * @return the slot, or {@link #MISSING}
     */
    public int find(int address) {
        for (int i = 0, s = home(address); i <= mask; i++, s = (s + 1) & mask) {
            int k = (int) INTS.getAcquire(keys, s);
            if (k == address) {
                return s;
            }
            if (k == 0) {
                return MISSING;
            }
        }
        return MISSING;
    }

    /**
     * Finds or claims an address's slot.
     *
     * @param address the address as a word, not 0
     * @return the slot, or {@link #MISSING} when the table is full
     */
    public int claim(int address) {
        for (int i = 0, s = home(address); i <= mask; i++, s = (s + 1) & mask) {
            int k = (int) INTS.getAcquire(keys, s);
            if (k == address) {
                return s;
            }
            if (k == 0) {
                if (INTS.compareAndSet(keys, s, 0, address)) {
                    return s;
                }
                if ((int) INTS.getAcquire(keys, s) == address) {
                    return s;
                }
            }
        }
        return MISSING;
    }

    /**
     * Records an answer: the address's MAC, confirmed now.
     *
     * @param address the address as a word, not 0
     * @param mac the MAC
     * @param nowNanos the time
     * @return the slot, or {@link #MISSING} when the table is full
     */
    public int learn(int address, long mac, long nowNanos) {
        int s = claim(address);
        if (s != MISSING) {
            confirm(s, mac, nowNanos);
        }
        return s;
    }

    /**
     * Lists the neighbours (for the admin endpoint; allocates).
     *
     * @return address word to MAC, 0 for those asked for and not answered yet
     */
    public Map<Integer, Long> entries() {
        Map<Integer, Long> out = new LinkedHashMap<>();
        for (int s = 0; s < keys.length; s++) {
            int k = (int) INTS.getAcquire(keys, s);
            if (k != 0) {
                out.put(k, mac(s));
            }
        }
        return out;
    }
}
