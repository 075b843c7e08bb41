package io.jvs.engine.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The answers of a neighbour table that a data plane resolves itself (ARP, neighbour discovery):
 * per slot the neighbour's MAC and the times it was last confirmed and last asked for. A subclass
 * maps addresses to slots ({@link Ipv6Neighbors}, the DPDK module's IPv4 {@code NeighborCache}).
 *
 * <pre>
 *   slot:  macs[s]                  MAC, 0 while unresolved     (release store / acquire load)
 *          confirmed[s], asked[s]   nanos of the last answer / request
 * </pre>
 *
 * <p>The number of slots is a power of two, so that {@link #mask} folds a hash into a slot. A stale
 * MAC is still used while it is asked again, as Linux's STALE state.
 *
 * <p><b>Thread-safety:</b> any number of threads read and write without locks: a MAC is published by
 * a release store, and {@link #takeRequestTurn} lets one caller per interval ask. Allocation-free.
 */
public abstract class NeighborSlots {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    /** The number of slots minus one: the slots are {@code 0..mask}. */
    protected final int mask;
    private final long[] macs;
    private final long[] confirmed;
    private final long[] asked;

    /**
     * Creates the slots.
     *
     * @param capacity addresses the table holds, rounded up to a power of two (at least 16)
     */
    protected NeighborSlots(int capacity) {
        int size = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
        macs = new long[size];
        confirmed = new long[size];
        asked = new long[size];
        mask = size - 1;
    }

    /** Returns the number of slots. @return slots */
    public final int capacity() {
        return macs.length;
    }

    /**
     * Returns a slot's MAC.
     *
     * @param slot the slot
     * @return the MAC, 0 while unresolved
     */
    public final long mac(int slot) {
        return (long) LONGS.getAcquire(macs, slot);
    }

    /**
     * Records an answer for a claimed slot: the MAC, confirmed now.
     *
     * @param slot the slot
     * @param mac the MAC
     * @param nowNanos the time
     */
    protected final void confirm(int slot, long mac, long nowNanos) {
        LONGS.setOpaque(confirmed, slot, nowNanos);
        LONGS.setRelease(macs, slot, mac);
    }

    /**
     * Tells whether a slot's MAC was confirmed longer ago than a timeout.
     *
     * @param slot the slot
     * @param timeoutNanos how long an answer is trusted
     * @param nowNanos the time
     * @return {@code true} when it should be asked again
     */
    public final boolean isStale(int slot, long timeoutNanos, long nowNanos) {
        return nowNanos - (long) LONGS.getOpaque(confirmed, slot) > timeoutNanos;
    }

    /**
     * Takes the turn to ask for a slot's address (ARP request, neighbour solicitation): at most one
     * caller per {@code intervalNanos}.
     *
     * @param slot the slot
     * @param intervalNanos least time between two requests for the address
     * @param nowNanos the time
     * @return {@code true} when the caller must send the request
     */
    public final boolean takeRequestTurn(int slot, long intervalNanos, long nowNanos) {
        long last = (long) LONGS.getOpaque(asked, slot);
        if (last != 0 && nowNanos - last < intervalNanos) {
            return false;
        }
        return LONGS.compareAndSet(asked, slot, last, nowNanos == 0 ? 1 : nowNanos);
    }
}
