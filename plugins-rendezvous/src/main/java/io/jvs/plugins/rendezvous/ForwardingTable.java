package io.jvs.plugins.rendezvous;

import io.jvs.spi.DestinationView;

/**
 * The published forwarding table: {@code rows} rows of {@code hopsPerRow} destinations each, the
 * rendezvous order with every {@code draining} destination moved behind the non-draining ones of
 * its row (for {@code hopsPerRow = 2}: GLB's swap of primary and secondary where the primary
 * drains). Hop 0 is the primary, hop 1 the secondary, and so on.
 *
 * <pre>
 *   hops[row * hopsPerRow + hop] = index into destinations, or -1 (fewer members than hops)
 * </pre>
 *
 * <p><b>Thread safety:</b> immutable after construction; published by one volatile write and read
 * by any number of workers.
 */
final class ForwardingTable {

    /** The members, by the indexes the rows hold (canonical order). */
    final DestinationView[] destinations;
    /** Row after row, {@code hopsPerRow} indexes into {@link #destinations}, -1 for none. */
    final int[] hops;
    /** The hops per row, at least 2. */
    final int hopsPerRow;
    /** The number of rows minus one (rows are a power of two). */
    final int rowMask;

    private ForwardingTable(DestinationView[] destinations, int[] hops, int hopsPerRow, int rowMask) {
        this.destinations = destinations;
        this.hops = hops;
        this.hopsPerRow = hopsPerRow;
        this.rowMask = rowMask;
    }

    /**
     * Derives the table from a rendezvous order and the members' states.
     *
     * @param order the order from {@link RendezvousOrder#build}
     * @param hopsPerRow the hops per row the order was built with
     * @param members the members, indexed as in the order
     * @param draining for each member, whether it is draining
     * @return the table
     */
    static ForwardingTable of(int[] order, int hopsPerRow, DestinationView[] members, boolean[] draining) {
        int[] hops = new int[order.length];
        int rows = order.length / hopsPerRow;
        for (int base = 0; base < order.length; base += hopsPerRow) {
            int out = base;
            for (int hop = 0; hop < hopsPerRow; hop++) {
                int member = order[base + hop];
                if (member >= 0 && !draining[member]) {
                    hops[out++] = member;
                }
            }
            for (int hop = 0; hop < hopsPerRow; hop++) {
                int member = order[base + hop];
                if (member >= 0 && draining[member]) {
                    hops[out++] = member;
                }
            }
            while (out < base + hopsPerRow) {
                hops[out++] = RendezvousOrder.NO_MEMBER;
            }
        }
        return new ForwardingTable(members.clone(), hops, hopsPerRow, rows - 1);
    }

    /** {@return the number of rows} */
    int rows() {
        return rowMask + 1;
    }

    /**
     * Returns one hop of one row.
     *
     * @param row 0..rows-1
     * @param hop 0..hopsPerRow-1
     * @return the destination, or {@code null} when the row has fewer members
     */
    DestinationView hop(int row, int hop) {
        int index = hops[row * hopsPerRow + hop];
        return index < 0 ? null : destinations[index];
    }
}
