package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;

/**
 * Locality-based least connection ({@code lblc}): each destination address (of the packet, not of
 * the service: meant for cache clusters behind a firewall-mark service) sticks to one destination,
 * chosen by weighted least connection, until that destination is unusable or overloaded in the
 * {@code lblc} sense. A port of Linux IPVS {@code net/netfilter/ipvs/ip_vs_lblc.c}.
 *
 * <pre>
 *   if table[dest_ip] is absent:  n = table[dest_ip] = weighted least-connection destination
 *   else:                         n = table[dest_ip]
 *       if n is unusable, or (n.active &gt; n.weight and some m has m.active &lt; m.weight / 2):
 *                                 n = table[dest_ip] = weighted least-connection destination
 *   return n
 * </pre>
 *
 * <ul>
 *   <li>"Weighted least connection" is {@code wlc}'s rule
 *       ({@link WeightedLeastConnectionScheduler#indexOfLeastLoaded}), as {@code __ip_vs_lblc_schedule}.</li>
 *   <li>The second condition is the kernel's {@code is_overloaded(dest, svc)}: the remembered
 *       destination has more active connections than its weight while another available one is
 *       below half of its weight.</li>
 *   <li>Entries unused for {@value LocalityBasedLeastConnectionSchedulerFactory#EXPIRATION} seconds
 *       (the kernel's {@code lblc_expiration} sysctl, default one day) are forgotten.</li>
 * </ul>
 *
 * <p><b>Departures from the kernel, and why.</b> (1) "Unusable" means not
 * {@linkplain DestinationView#isEligible() eligible}: the kernel checks availability and weight but
 * not the threshold flag {@code IP_VS_DEST_F_OVERLOAD} on a remembered destination; here an
 * overloaded one is never returned, because every jvs scheduler promises that the operator's
 * connection thresholds hold. (2) The table is a fixed-size, lock-free {@link LocalityTable}
 * ({@value LocalityBasedLeastConnectionSchedulerFactory#TABLE_SIZE}, default 16384 entries, the
 * kernel's trimming threshold), not a chained table that grows per new address under a spin lock and
 * is trimmed by a timer, because {@code schedule} may neither allocate nor lock and the plugin has no
 * timer; see that class for expiry, replacement, IPv6 keys and the concurrency guarantee. (3) When a
 * destination is removed its entries are cleared at once, because its slot number may be given to
 * the next destination added; the kernel keeps them until they are used (and then reschedules) or
 * expire.
 *
 * <p><b>Threads:</b> any number of workers; the table is updated without locks as described in
 * {@link LocalityTable}: every returned destination is eligible, and a lost race only costs a
 * remembered choice. {@link #schedule} allocates nothing; O(number of destinations) when it has to
 * choose, and when the remembered destination has more active connections than its weight.
 */
public final class LocalityBasedLeastConnectionScheduler implements Scheduler {

    private final int expirationSeconds;
    private final LocalityTable table;

    /** The destinations with their slots; replaced by the hooks. */
    private volatile DestinationSlots slots;

    /**
     * Creates the scheduler of one service.
     *
     * @param service the service, with the destinations it has now
     * @param tableEntries the number of table entries, a power of two in
     *     [{@value LocalityTable#MIN_ENTRIES}, {@value LocalityTable#MAX_ENTRIES}]
     * @param expirationSeconds seconds after which an unused entry is forgotten, at least 1
     */
    public LocalityBasedLeastConnectionScheduler(ServiceView service, int tableEntries, int expirationSeconds) {
        this.expirationSeconds = expirationSeconds;
        this.table = new LocalityTable(tableEntries);
        this.slots = DestinationSlots.of(service.destinations());
    }

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        DestinationSlots members = slots;
        int fold = AddressFold.destination(packet);
        long key = LocalityTable.key(packet, fold);
        int now = LocalityTable.seconds(nowNanos);
        int entry = table.find(key, fold, now, expirationSeconds);
        long remembered = PackedDestinationSet.EMPTY;
        if (entry >= 0) {
            table.touch(entry, now);
            remembered = table.members(entry);
            DestinationView cached = members.inSlot(PackedDestinationSet.slotAt(remembered, 0));
            if (cached != null && cached.isEligible() && !isLocallyOverloaded(cached, members)) {
                return cached;
            }
        }
        int least = WeightedLeastConnectionScheduler.indexOfLeastLoaded(members);
        if (least < 0) {
            return NONE;
        }
        int slot = members.slotOfMember(least);
        if (slot != DestinationSlots.NO_SLOT) {
            if (entry >= 0) {
                table.replaceMembers(entry, remembered, PackedDestinationSet.of(slot), now);
            } else {
                table.claim(key, fold, PackedDestinationSet.of(slot), now);
            }
        }
        return members.get(least);
    }

    @Override
    public void destinationAdded(ServiceView service, DestinationView destination) {
        slots = slots.next(service.destinations());
    }

    @Override
    public void destinationRemoved(ServiceView service, DestinationView destination) {
        slots = table.afterRemoval(slots, destination, service.destinations());
    }

    /**
     * The kernel's {@code is_overloaded(dest, svc)} of {@code lblc} and {@code lblcr}: the destination
     * has more active connections than its weight, and some available destination of the service has
     * fewer than half of its own weight.
     *
     * @param destination the remembered destination
     * @param members the service's destinations
     * @return {@code true} when the choice should be made afresh
     */
    static boolean isLocallyOverloaded(DestinationView destination, DestinationList members) {
        if (destination.activeConnections() <= destination.weight()) {
            return false;
        }
        for (int i = 0; i < members.size(); i++) {
            DestinationView other = members.get(i);
            if (2L * other.activeConnections() < other.weight() && other.isAvailable()) {
                return true;
            }
        }
        return false;
    }
}
