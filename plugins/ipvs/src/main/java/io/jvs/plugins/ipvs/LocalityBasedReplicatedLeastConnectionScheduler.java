package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;

/**
 * Locality-based least connection with replication ({@code lblcr}): like {@code lblc}, but each
 * destination address maps to a <i>set</i> of destinations that grows when all of its members are
 * overloaded and shrinks when it has not changed for a while, so that a popular address can be
 * served by several caches. A port of Linux IPVS {@code net/netfilter/ipvs/ip_vs_lblcr.c}.
 *
 * <pre>
 *   if set[dest_ip] is absent:   n = weighted least-connection destination; set[dest_ip] = {n}
 *   else:
 *       n = weighted least-connection member of set[dest_ip]
 *       if |set| &gt; 1 and the set has not changed for the expiration time:
 *           remove the weighted most-connection member from the set
 *       if n is absent, or (n.active &gt; n.weight and some m has m.active &lt; m.weight / 2):
 *           n = weighted least-connection destination; add n to set[dest_ip]
 *   return n
 * </pre>
 *
 * <ul>
 *   <li>The least-loaded member ({@code ip_vs_dest_set_min}) is the eligible member with the smallest
 *       {@code (active * 256 + inactive) / weight}; the most loaded ({@code ip_vs_dest_set_max}) is the
 *       member of weight above 0 with the largest. Members are visited newest first, as the kernel's
 *       list, and ties go to the one visited first.</li>
 *   <li>The overload test is {@code lblc}'s
 *       ({@link LocalityBasedLeastConnectionScheduler#isLocallyOverloaded}).</li>
 *   <li>{@value LocalityBasedReplicatedLeastConnectionSchedulerFactory#EXPIRATION} (the kernel's
 *       {@code lblcr_expiration}, default one day) is both the time after which an unused entry is
 *       forgotten and the time a set must stay unchanged before it loses a member.</li>
 * </ul>
 *
 * <p><b>Departures from the kernel, and why.</b> (1) A set holds at most
 * {@value PackedDestinationSet#CAPACITY} destinations, packed into one {@code long} so that it can be
 * replaced atomically without a lock or an allocation (the kernel's set is a linked list changed
 * under a spin lock); a set grows only while all its members are overloaded, so four is rarely a
 * limit. When a fifth must join, the most loaded member makes room (the one the kernel's shrinking
 * would remove first; the oldest when no member has a weight). (2) The table is a fixed-size,
 * lock-free {@link LocalityTable} ({@value LocalityBasedReplicatedLeastConnectionSchedulerFactory#TABLE_SIZE},
 * default 16384 entries), for the reasons given in {@link LocalityBasedLeastConnectionScheduler};
 * see that class for expiry, replacement, IPv6 keys and the concurrency guarantee. (3) A removed
 * destination leaves every set at once, because its slot number may be reused; the kernel keeps it
 * (unused, as unavailable) until the set shrinks or the entry expires.
 *
 * <p><b>Threads:</b> any number of workers; sets are replaced by compare-and-set, and a worker that
 * loses a race skips its change, so every returned destination is eligible and a race only delays a
 * growth or a shrink. {@link #schedule} allocates nothing; O(4) when a member serves, O(number of
 * destinations) when the set must grow or a member has more active connections than its weight.
 */
public final class LocalityBasedReplicatedLeastConnectionScheduler implements Scheduler {

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
     * @param expirationSeconds seconds after which an unused entry is forgotten and an unchanged set
     *     shrinks, at least 1
     */
    public LocalityBasedReplicatedLeastConnectionScheduler(ServiceView service, int tableEntries,
            int expirationSeconds) {
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
        if (entry < 0) {
            int least = WeightedLeastConnectionScheduler.indexOfLeastLoaded(members);
            if (least < 0) {
                return NONE;
            }
            int slot = members.slotOfMember(least);
            if (slot != DestinationSlots.NO_SLOT) {
                table.claim(key, fold, PackedDestinationSet.of(slot), now);
            }
            return members.get(least);
        }

        table.touch(entry, now);
        long set = table.members(entry);
        DestinationView chosen = members.inSlot(leastLoadedSlot(set, members));
        if (PackedDestinationSet.size(set) > 1 && now - table.lastModified(entry) > expirationSeconds) {
            long shrunk = PackedDestinationSet.without(set, mostLoadedSlot(set, members));
            if (table.replaceMembers(entry, set, shrunk, now)) {
                set = shrunk;
            }
        }
        if (chosen != null && !LocalityBasedLeastConnectionScheduler.isLocallyOverloaded(chosen, members)) {
            return chosen;
        }

        int least = WeightedLeastConnectionScheduler.indexOfLeastLoaded(members);
        if (least < 0) {
            return NONE;
        }
        int slot = members.slotOfMember(least);
        if (slot != DestinationSlots.NO_SLOT && !PackedDestinationSet.contains(set, slot)) {
            long room = set;
            if (PackedDestinationSet.size(set) == PackedDestinationSet.CAPACITY) {
                int leaving = mostLoadedSlot(set, members);
                room = PackedDestinationSet.without(set, leaving != DestinationSlots.NO_SLOT
                        ? leaving
                        : PackedDestinationSet.slotAt(set, PackedDestinationSet.CAPACITY - 1));
            }
            table.replaceMembers(entry, set, PackedDestinationSet.withNewest(room, slot), now);
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
     * {@code ip_vs_dest_set_min}: the eligible member with the smallest overhead per weight.
     *
     * @return its slot, or {@link DestinationSlots#NO_SLOT} when no member is eligible
     */
    private static int leastLoadedSlot(long set, DestinationSlots members) {
        int least = DestinationSlots.NO_SLOT;
        long leastOverhead = 0;
        long leastWeight = 0;
        for (int position = 0; position < PackedDestinationSet.CAPACITY; position++) {
            int slot = PackedDestinationSet.slotAt(set, position);
            DestinationView member = members.inSlot(slot);
            if (member == null || !member.isEligible()) {
                continue;
            }
            long overhead = ConnectionOverhead.of(member);
            long weight = member.weight();
            if (least == DestinationSlots.NO_SLOT || leastOverhead * weight > overhead * leastWeight) {
                least = slot;
                leastOverhead = overhead;
                leastWeight = weight;
            }
        }
        return least;
    }

    /**
     * {@code ip_vs_dest_set_max}: the member of weight above 0 with the largest overhead per weight,
     * whether eligible or not.
     *
     * @return its slot, or {@link DestinationSlots#NO_SLOT} when no member has a weight
     */
    private static int mostLoadedSlot(long set, DestinationSlots members) {
        int most = DestinationSlots.NO_SLOT;
        long mostOverhead = 0;
        long mostWeight = 0;
        for (int position = 0; position < PackedDestinationSet.CAPACITY; position++) {
            int slot = PackedDestinationSet.slotAt(set, position);
            DestinationView member = members.inSlot(slot);
            if (member == null || member.weight() <= 0) {
                continue;
            }
            long overhead = ConnectionOverhead.of(member);
            long weight = member.weight();
            if (most == DestinationSlots.NO_SLOT || mostOverhead * weight < overhead * mostWeight) {
                most = slot;
                mostOverhead = overhead;
                mostWeight = weight;
            }
        }
        return most;
    }
}
