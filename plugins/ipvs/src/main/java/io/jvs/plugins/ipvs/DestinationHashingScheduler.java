package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;

/**
 * Destination hashing ({@code dh}): a static table of {@code 2^bits} buckets (256 by default, IPVS's
 * {@code IP_VS_DH_TAB_BITS}) maps a hash of the packet's destination address to a destination. Meant
 * for cache clusters behind a firewall-mark service, where the destination address is the origin
 * server's: each origin is then served by one cache. A faithful port of Linux IPVS
 * {@code net/netfilter/ipvs/ip_vs_dh.c}.
 *
 * <ul>
 *   <li><b>Table</b> ({@code ip_vs_dh_reassign}): bucket {@code i} holds destination
 *       {@code i mod n} in list order. <b>Weights are ignored</b> when the table is built, as in the
 *       kernel (unlike {@code sh}); weight 0 still makes a destination quiescent. The table is
 *       rebuilt when a destination is added or removed (the kernel has no update hook for
 *       {@code dh}, and an update could not change the table).</li>
 *   <li><b>Hash</b> ({@code ip_vs_dh_hashkey}): {@code hash_32(fold(address), bits)} (the top bits of the product with {@code GOLDEN_RATIO_32}), where
 *       {@code fold} is the IPv4 address or the XOR of the IPv6 words.</li>
 *   <li><b>Choice:</b> the bucket's destination if it is eligible, otherwise
 *       {@link Scheduler#NONE}; there is no fallback (the kernel suggests the {@code cache_bypass}
 *       setting for that).</li>
 * </ul>
 *
 * <p><b>Threads:</b> the table is an immutable array built in the hooks and published with one
 * volatile write. Any number of workers may call {@link #schedule} at once. Allocation-free, O(1).
 */
public final class DestinationHashingScheduler implements Scheduler {

    private final int tableSize;

    /** Bucket to destination; published whole by the hooks. */
    private volatile DestinationView[] buckets;

    /**
     * Creates the scheduler of one service and builds its table, as {@code ip_vs_dh_init_svc}.
     *
     * @param service the service, with the destinations it has now
     * @param tableBits the table has {@code 2^tableBits} buckets
     */
    public DestinationHashingScheduler(ServiceView service, int tableBits) {
        this.tableSize = 1 << tableBits;
        this.buckets = buildTable(service.destinations(), tableSize);
    }

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        DestinationView chosen = buckets[hashKey(AddressFold.destination(packet), tableSize - 1)];
        return chosen != null && chosen.isEligible() ? chosen : NONE;
    }

    @Override
    public void destinationAdded(ServiceView service, DestinationView destination) {
        buckets = buildTable(service.destinations(), tableSize);
    }

    @Override
    public void destinationRemoved(ServiceView service, DestinationView destination) {
        buckets = buildTable(service.destinations(), tableSize);
    }

    /**
     * {@code ip_vs_dh_hashkey}: {@code hash_32(fold, bits)}.
     *
     * @param fold the folded destination address, {@link AddressFold#destination}
     * @param mask the table size minus one
     * @return the bucket
     */
    static int hashKey(int fold, int mask) {
        return fold * SourceHashingScheduler.GOLDEN_RATIO_32 >>> Integer.numberOfLeadingZeros(mask);
    }

    /**
     * {@code ip_vs_dh_reassign}: bucket {@code i} holds destination {@code i mod n}.
     *
     * @param destinations the destinations in list order
     * @param size the number of buckets
     * @return the table; all {@code null} when there is no destination
     */
    static DestinationView[] buildTable(DestinationList destinations, int size) {
        DestinationView[] table = new DestinationView[size];
        int count = destinations.size();
        for (int bucket = 0; count > 0 && bucket < size; bucket++) {
            table[bucket] = destinations.get(bucket % count);
        }
        return table;
    }
}
