package io.jvs.engine.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IPv6 next hops that a data plane resolves itself (DPDK with neighbour discovery): the engine names
 * an IPv6 next hop without a static MAC by its slot here ({@link NeighborTable#ipv6Token}), and the
 * data plane finds the address in the slot, asks for it and keeps the answer beside it.
 *
 * <pre>
 *   slot:  state[s]          0 free, 1 being claimed, 2 ready       (compare-and-set, release store)
 *          high[s], low[s]   the address (written before state 2)
 *          MAC, last answer, last request: {@link NeighborSlots}
 * </pre>
 *
 * Fixed capacity, open addressing with linear probing, no removal. <b>Thread-safety:</b> any number
 * of threads claim, read and write without locks; a reader that meets a slot being claimed waits the
 * few stores it takes. Allocation-free but for {@link #entries}.
 */
public final class Ipv6Neighbors extends NeighborSlots {

    /** The answer for an absent address, or for a full table. */
    public static final int MISSING = -1;

    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int FREE = 0;
    private static final int CLAIMING = 1;
    private static final int READY = 2;

    private final int[] state;
    private final long[] high;
    private final long[] low;

    /**
     * Creates the table.
     *
     * @param capacity addresses it holds, rounded up to a power of two (at least 16)
     */
    public Ipv6Neighbors(int capacity) {
        super(capacity);
        state = new int[capacity()];
        high = new long[capacity()];
        low = new long[capacity()];
    }

    private int home(long h, long l) {
        long x = (h * 0x9E3779B97F4A7C15L) ^ (l * 0xC2B2AE3D27D4EB4FL);
        return (int) (x ^ (x >>> 29) ^ (x >>> 47)) & mask;
    }

    private int readyState(int s) {
        int st = (int) INTS.getAcquire(state, s);
        while (st == CLAIMING) {
            Thread.onSpinWait();
            st = (int) INTS.getAcquire(state, s);
        }
        return st;
    }

    /**
     * Finds an address's slot.
     *
     * @param h the address's high 64 bits
     * @param l its low 64 bits
     * @return the slot, or {@link #MISSING}
     */
    public int find(long h, long l) {
        for (int i = 0, s = home(h, l); i <= mask; i++, s = (s + 1) & mask) {
            int st = readyState(s);
            if (st == FREE) {
                return MISSING;
            }
            if (high[s] == h && low[s] == l) {
                return s;
            }
        }
        return MISSING;
    }

    /**
     * Finds or claims an address's slot.
     *
     * @param h the address's high 64 bits
     * @param l its low 64 bits
     * @return the slot, or {@link #MISSING} when the table is full
     */
    public int claim(long h, long l) {
        for (int i = 0, s = home(h, l); i <= mask; i++, s = (s + 1) & mask) {
            int st = readyState(s);
            if (st == FREE) {
                if (INTS.compareAndSet(state, s, FREE, CLAIMING)) {
                    high[s] = h;
                    low[s] = l;
                    INTS.setRelease(state, s, READY);
                    return s;
                }
                readyState(s);
            }
            if (high[s] == h && low[s] == l) {
                return s;
            }
        }
        return MISSING;
    }

    /** Returns a slot's address, high 64 bits. @param slot a claimed slot @return the bits */
    public long high(int slot) {
        return high[slot];
    }

    /** Returns a slot's address, low 64 bits. @param slot a claimed slot @return the bits */
    public long low(int slot) {
        return low[slot];
    }

    /**
     * Records an answer for a claimed slot: the MAC, confirmed now.
     *
     * @param slot the slot
     * @param mac the MAC
     * @param nowNanos the time
     */
    public void learn(int slot, long mac, long nowNanos) {
        confirm(slot, mac, nowNanos);
    }

    /**
     * Lists the neighbours (for the admin endpoint; allocates).
     *
     * @return the address as {@code high:low} in 32 hex digits, to the MAC (0 while unresolved)
     */
    public Map<String, Long> entries() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int s = 0; s < state.length; s++) {
            if ((int) INTS.getAcquire(state, s) == READY) {
                out.put(String.format("%016x%016x", high[s], low[s]), mac(s));
            }
        }
        return out;
    }
}
