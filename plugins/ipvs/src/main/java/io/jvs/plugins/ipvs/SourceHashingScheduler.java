package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;

/**
 * Source hashing ({@code sh}): a static table of {@code 2^bits} buckets (256 by default, IPVS's
 * {@code IP_VS_SH_TAB_BITS}) maps a hash of the client's address to a destination, so that a client
 * keeps its destination as long as the table does not change. A faithful port of Linux IPVS
 * {@code net/netfilter/ipvs/ip_vs_sh.c}.
 *
 * <ul>
 *   <li><b>Table</b> ({@code ip_vs_sh_reassign}): the buckets are filled in order by walking the
 *       destination list round and round, a destination taking {@code weight} consecutive buckets
 *       before the next one's turn (a weight-0 destination still takes one). Weights {4, 3, 2} give
 *       {@code a a a a b b b c c a a a a ...}. The table is rebuilt when a destination is added,
 *       removed or updated, which can move most clients: {@code sh} is not consistent hashing (use
 *       {@code mh} for that).</li>
 *   <li><b>Hash</b> ({@code ip_vs_sh_hashkey}): {@code hash_32(port + fold(address), bits)} (the top bits of the product with {@code GOLDEN_RATIO_32}),
 *       where {@code fold} is the IPv4 address or the XOR of the IPv6 words, and {@code port} is the
 *       source port with the flag {@value SourceHashingSchedulerFactory#PORT_FLAG} (TCP, UDP, SCTP;
 *       0 otherwise) or 0 without it.</li>
 *   <li><b>Choice:</b> the bucket's destination if it is eligible (available, not overloaded,
 *       weight above 0). Otherwise {@link Scheduler#NONE}, unless the flag
 *       {@value SourceHashingSchedulerFactory#FALLBACK_FLAG} is set: then the kernel's
 *       {@code ip_vs_sh_get_fallback} walks the table from a point derived from the hash (bucket
 *       {@code (offset + 2 * hash) mod size} for offset 0, 1, ...) and returns the first eligible
 *       destination, so only the clients of an unusable destination move.</li>
 * </ul>
 *
 * <p><b>Threads:</b> the table is an immutable array built in the hooks and published with one
 * volatile write (the kernel uses RCU pointers). Any number of workers may call {@link #schedule}
 * at once. Allocation-free; O(1), or O(table size) at worst with fallback.
 */
public final class SourceHashingScheduler implements Scheduler {

    /** {@code GOLDEN_RATIO_32} of the kernel's {@code include/linux/hash.h}, used by {@code hash_32}. */
    static final int GOLDEN_RATIO_32 = 0x61C88647;

    private final int tableSize;
    private final boolean fallback;
    private final boolean hashPort;

    /** Bucket to destination; published whole by the hooks. */
    private volatile DestinationView[] buckets;

    /**
     * Creates the scheduler of one service and builds its table, as {@code ip_vs_sh_init_svc}.
     *
     * @param service the service, with the destinations it has now
     * @param tableBits the table has {@code 2^tableBits} buckets
     * @param fallback whether to look for another destination when the hashed one is not eligible
     * @param hashPort whether to hash the source port too
     */
    public SourceHashingScheduler(ServiceView service, int tableBits, boolean fallback, boolean hashPort) {
        this.tableSize = 1 << tableBits;
        this.fallback = fallback;
        this.hashPort = hashPort;
        this.buckets = buildTable(service.destinations(), tableSize);
    }

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        DestinationView[] table = buckets;
        int port = hashPort ? portOf(packet) : 0;
        int fold = AddressFold.source(packet);
        int mask = tableSize - 1;
        int hash = hashKey(fold, port, 0, mask);
        DestinationView chosen = table[hash];
        if (chosen == null) {
            return NONE;
        }
        if (chosen.isEligible()) {
            return chosen;
        }
        if (!fallback) {
            return NONE;
        }
        for (int offset = 0; offset < tableSize; offset++) {
            int rotated = (offset + hash) & mask;
            DestinationView candidate = table[hashKey(fold, port, rotated, mask)];
            if (candidate == null) {
                break;
            }
            if (candidate.isEligible()) {
                return candidate;
            }
        }
        return NONE;
    }

    @Override
    public void destinationAdded(ServiceView service, DestinationView destination) {
        buckets = buildTable(service.destinations(), tableSize);
    }

    @Override
    public void destinationRemoved(ServiceView service, DestinationView destination) {
        buckets = buildTable(service.destinations(), tableSize);
    }

    @Override
    public void destinationUpdated(ServiceView service, DestinationView destination) {
        buckets = buildTable(service.destinations(), tableSize);
    }

    /**
     * {@code ip_vs_sh_hashkey}: {@code (offset + hash_32(port + fold, bits)) & mask}, where
     * {@code hash_32(v, bits)} keeps the top {@code bits} bits of {@code v * GOLDEN_RATIO_32} (so that
     * addresses differing only in high bytes still spread).
     *
     * @param fold the folded source address, {@link AddressFold#source}
     * @param port the source port, or 0
     * @param offset 0, or the fallback's rotation
     * @param mask the table size minus one
     * @return the bucket
     */
    static int hashKey(int fold, int port, int offset, int mask) {
        return (offset + ((port + fold) * GOLDEN_RATIO_32 >>> Integer.numberOfLeadingZeros(mask))) & mask;
    }

    /** {@code ip_vs_sh_get_port}: the source port of TCP, UDP and SCTP, 0 for other protocols. */
    private static int portOf(PacketView packet) {
        int protocol = packet.protocol();
        return protocol == IpProtocol.TCP || protocol == IpProtocol.UDP || protocol == IpProtocol.SCTP
                ? packet.sourcePort()
                : 0;
    }

    /**
     * {@code ip_vs_sh_reassign}: fills the buckets by walking the list round and round, each
     * destination taking {@code max(weight, 1)} consecutive buckets.
     *
     * @param destinations the destinations in list order
     * @param size the number of buckets
     * @return the table; all {@code null} when there is no destination
     */
    static DestinationView[] buildTable(DestinationList destinations, int size) {
        DestinationView[] table = new DestinationView[size];
        int count = destinations.size();
        if (count == 0) {
            return table;
        }
        int member = 0;
        int taken = 0;
        for (int bucket = 0; bucket < size; bucket++) {
            DestinationView destination = destinations.get(member);
            table[bucket] = destination;
            if (++taken >= destination.weight()) {
                member = member + 1 == count ? 0 : member + 1;
                taken = 0;
            }
        }
        return table;
    }
}
