package io.jvs.engine.service;

/**
 * Traffic counters of one destination, one stripe per worker so that each worker writes only its
 * own cache line; readers sum the stripes. Values read while workers run may be slightly stale.
 *
 * <p>Layout: {@code STRIDE} longs per worker (padded to 64 bytes): connections, packets in, packets
 * out, bytes in, bytes out.
 */
public final class DestinationTraffic {

    /** Connections created (as IPVS {@code conns}). */
    public static final int CONNECTIONS = 0;
    /** Packets from clients to the destination. */
    public static final int PACKETS_IN = 1;
    /** Packets from the destination to clients (seen only where replies pass through jvs). */
    public static final int PACKETS_OUT = 2;
    /** Bytes from clients to the destination (IP packet lengths). */
    public static final int BYTES_IN = 3;
    /** Bytes from the destination to clients. */
    public static final int BYTES_OUT = 4;
    /** Number of counters. */
    public static final int COUNT = 5;

    private static final int STRIDE = 8;

    private final long[] stripes;

    /**
     * Creates the counters.
     *
     * @param workers number of workers, at least 1
     */
    public DestinationTraffic(int workers) {
        this.stripes = new long[(Math.max(1, workers) + 1) * STRIDE];
    }

    /**
     * Adds to one counter of one worker. Only that worker may call this for its stripe.
     *
     * @param worker the worker index
     * @param counter one of the constants
     * @param delta the amount
     */
    public void add(int worker, int counter, long delta) {
        stripes[(worker + 1) * STRIDE + counter] += delta;
    }

    /**
     * Counts one packet in one direction.
     *
     * @param worker the worker index
     * @param inbound {@code true} for client to destination
     * @param bytes the packet's IP length in bytes
     */
    public void countPacket(int worker, boolean inbound, int bytes) {
        int base = (worker + 1) * STRIDE;
        if (inbound) {
            stripes[base + PACKETS_IN]++;
            stripes[base + BYTES_IN] += bytes;
        } else {
            stripes[base + PACKETS_OUT]++;
            stripes[base + BYTES_OUT] += bytes;
        }
    }

    /**
     * Sums one counter over all workers.
     *
     * @param counter one of the constants
     * @return the sum
     */
    public long sum(int counter) {
        long total = 0;
        for (int base = STRIDE; base < stripes.length; base += STRIDE) {
            total += stripes[base + counter];
        }
        return total;
    }

    /**
     * Reads one counter of one worker (a plain read: the value may lag the worker by a few packets).
     *
     * @param worker the worker index
     * @param counter one of the constants
     * @return the worker's count
     */
    public long get(int worker, int counter) {
        return stripes[(worker + 1) * STRIDE + counter];
    }

    /**
     * Returns how many workers have a stripe.
     *
     * @return the worker count
     */
    public int workers() {
        return stripes.length / STRIDE - 1;
    }
}
