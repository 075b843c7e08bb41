package io.jvs.plugins.maglev;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.PacketView;
import io.jvs.spi.PluginMetrics;
import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Maglev consistent hashing ({@code mh}): a new flow goes to the owner of the lookup-table slot its
 * hash falls into. The table is the one of Eisenbud et al., NSDI 2016, §3.4, built by
 * {@link MaglevTable}; the flags are those of Linux IPVS {@code net/netfilter/ipvs/ip_vs_mh.c}.
 *
 * <ul>
 *   <li><b>Same decision everywhere.</b> The table depends only on the set of destination keys, their
 *       weights and M: destinations are sorted by {@link DestinationView#key()} before building, and
 *       all hashes use fixed, documented seeds ({@link MaglevTable#OFFSET_SEED},
 *       {@link MaglevTable#SKIP_SEED}, {@link FlowHash#FLOW_SEED}). Several jvs instances behind ECMP
 *       that know the same destinations send a flow to the same one without sharing state.</li>
 *   <li><b>Minimal disruption.</b> Removing a destination moves its own slots and only a small
 *       fraction of the others'; adding it back restores the previous table exactly.</li>
 *   <li><b>Weights.</b> Slot shares follow the weights; weight 0 (quiescent) takes no slot, so that
 *       quiescing a destination rebuilds the table. (IPVS keeps a quiesced destination's slots,
 *       built from its last non-zero weight, and treats it as unavailable at lookup.)</li>
 *   <li><b>Hashed fields</b> ({@code hash-fields}): the source address (default, as IPVS), the source
 *       address and port, or the 5-tuple. The {@code mh-port} flag adds the source port, as in IPVS.</li>
 *   <li><b>Ineligible owner.</b> When the slot's owner is not {@linkplain DestinationView#isEligible()
 *       eligible} (unavailable or overloaded), {@code schedule} returns {@link Scheduler#NONE}, as IPVS
 *       does, unless {@code mh-fallback} is set. Then it walks the table from the slot onwards and takes
 *       the first eligible owner within {@link #FALLBACK_WALK_SLOTS} slots; past that it scans the sorted
 *       destinations from a position picked by the flow hash. Both steps depend only on the flow, the
 *       table and the destinations' states, so instances that agree on the states still agree on the
 *       choice. (IPVS rehashes the flow with offsets 0..M-1 instead; the bounded walk keeps the worst
 *       case at {@code FALLBACK_WALK_SLOTS + N} checks rather than M.)</li>
 * </ul>
 *
 * <p><b>Threads:</b> tables are rebuilt in {@link #destinationAdded}, {@link #destinationRemoved},
 * {@link #destinationUpdated} (when a weight changed) and at creation, on the control-plane thread,
 * and published as one immutable {@link MaglevSnapshot} by one volatile write; workers never wait
 * for a rebuild and see either the old or the new table. {@link #schedule} is safe from any number of
 * workers, allocates nothing and takes no lock: it hashes the packet's fields, indexes the table and
 * checks the owner.
 *
 * <p><b>Balance warning.</b> The paper keeps shares within about 1% of the ideal only when
 * {@code M >= 100 N}. The SPI has no warning channel, so a build below that bound increments the
 * counter {@code small-table-builds} and logs one warning (through {@link System.Logger}) each time
 * the service goes from a balanced to an unbalanced size.
 */
public final class MaglevScheduler implements Scheduler {

    /** How many table slots after the hashed one the fallback walk inspects before scanning all destinations. */
    public static final int FALLBACK_WALK_SLOTS = 64;

    private static final System.Logger LOG = System.getLogger(MaglevScheduler.class.getName());

    private static final Comparator<DestinationView> BY_KEY = Comparator.comparing(DestinationView::key);

    private final int tableSize;
    private final boolean hashSourcePort;
    private final boolean hashDestination;
    private final boolean fallback;
    private final PluginMetrics.MetricCounter rebuilds;
    private final PluginMetrics.MetricCounter fallbacks;
    private final PluginMetrics.MetricCounter smallTableBuilds;

    /** Whether the last build was below the balance bound; control plane only. */
    private boolean unbalanced;

    private volatile MaglevSnapshot snapshot;

    /**
     * Creates the scheduler of one service and builds its first table.
     *
     * @param service the service, with the destinations it has now
     * @param tableSize M, a prime
     * @param hashFields the packet fields to hash
     * @param fallback whether to walk on to another destination when the slot's owner is ineligible
     * @param metrics where to count rebuilds, fallbacks and unbalanced builds
     * @throws IllegalArgumentException when {@code tableSize} is not prime
     */
    public MaglevScheduler(ServiceView service, int tableSize, HashFields hashFields, boolean fallback,
            PluginMetrics metrics) {
        this.tableSize = tableSize;
        this.hashSourcePort = hashFields.includesSourcePort();
        this.hashDestination = hashFields.includesDestination();
        this.fallback = fallback;
        this.rebuilds = metrics.counter("rebuilds");
        this.fallbacks = metrics.counter("fallbacks");
        this.smallTableBuilds = metrics.counter("small-table-builds");
        rebuild(service);
    }

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        MaglevSnapshot current = snapshot;
        int[] table = current.table();
        long hash = FlowHash.hash(packet, hashSourcePort, hashDestination);
        int slot = FlowHash.slot(hash, table.length);
        int owner = table[slot];
        if (owner == MaglevTable.EMPTY) {
            return NONE;
        }
        DestinationView chosen = current.destinations()[owner];
        if (chosen.isEligible()) {
            return chosen;
        }
        return fallback ? fallBack(current, slot, hash) : NONE;
    }

    private DestinationView fallBack(MaglevSnapshot current, int slot, long hash) {
        fallbacks.increment();
        int[] table = current.table();
        DestinationView[] destinations = current.destinations();
        int size = table.length;
        int walk = Math.min(FALLBACK_WALK_SLOTS, size - 1);
        int s = slot;
        for (int step = 0; step < walk; step++) {
            s = s + 1 == size ? 0 : s + 1;
            DestinationView candidate = destinations[table[s]];
            if (candidate.isEligible()) {
                return candidate;
            }
        }
        int count = destinations.length;
        int i = (int) (((hash & 0xFFFFFFFFL) * count) >>> 32);
        for (int scanned = 0; scanned < count; scanned++) {
            DestinationView candidate = destinations[i];
            if (candidate.isEligible()) {
                return candidate;
            }
            i = i + 1 == count ? 0 : i + 1;
        }
        return NONE;
    }

    @Override
    public void destinationAdded(ServiceView service, DestinationView destination) {
        rebuild(service);
    }

    @Override
    public void destinationRemoved(ServiceView service, DestinationView destination) {
        rebuild(service);
    }

    @Override
    public void destinationUpdated(ServiceView service, DestinationView destination) {
        rebuild(service);
    }

    /**
     * Returns the table in use, for tests and diagnostics.
     *
     * @return the current snapshot
     */
    MaglevSnapshot currentSnapshot() {
        return snapshot;
    }

    /** Builds and publishes a new table unless the members and weights are those of the current one. */
    private void rebuild(ServiceView service) {
        DestinationList list = service.destinations();
        DestinationView[] sorted = new DestinationView[list.size()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = list.get(i);
        }
        Arrays.sort(sorted, BY_KEY);
        int[] weights = new int[sorted.length];
        List<String> keys = new ArrayList<>(sorted.length);
        int weighted = 0;
        for (int i = 0; i < sorted.length; i++) {
            weights[i] = sorted[i].weight();
            keys.add(sorted[i].key());
            weighted += weights[i] > 0 ? 1 : 0;
        }
        MaglevSnapshot current = snapshot;
        if (current != null && sameObjects(current.destinations(), sorted) && Arrays.equals(current.weights(), weights)) {
            return;
        }
        snapshot = new MaglevSnapshot(MaglevTable.build(keys, weights, tableSize), sorted, weights);
        rebuilds.increment();
        noteBalance(service, weighted);
    }

    private static boolean sameObjects(DestinationView[] a, DestinationView[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    private void noteBalance(ServiceView service, int weighted) {
        boolean small = (long) tableSize < (long) MaglevTable.SLOTS_PER_DESTINATION_FOR_BALANCE * weighted;
        if (small) {
            smallTableBuilds.increment();
            if (!unbalanced) {
                LOG.log(System.Logger.Level.WARNING,
                        "{0}: mh table-size {1} is below 100 x {2} weighted destinations; shares may differ from the weights by more than 1%. Use a prime of at least {3}.",
                        service.name(), Integer.toString(tableSize), Integer.toString(weighted),
                        Integer.toString(MaglevTable.primeAtLeast(MaglevTable.SLOTS_PER_DESTINATION_FOR_BALANCE * weighted)));
            }
        }
        unbalanced = small;
    }
}
