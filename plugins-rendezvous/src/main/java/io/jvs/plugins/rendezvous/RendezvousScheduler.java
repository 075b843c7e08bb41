package io.jvs.plugins.rendezvous;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.InvalidParameterException;
import io.jvs.spi.PacketView;
import io.jvs.spi.PluginMetrics;
import io.jvs.spi.Scheduler;
import io.jvs.spi.SecondChanceHops;
import io.jvs.spi.ServiceView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * GLB-style rendezvous hashing ({@code glb}), after GitHub's GLB Director
 * ({@code docs/development/glb-hashing.md}): a static table of {@code 2^bits} rows, each the first
 * {@code hops} destinations of a keyed highest-random-weight order ({@link RendezvousOrder}), with
 * draining destinations moved behind the others of their rows ({@link ForwardingTable}). A packet's
 * keyed hash ({@link PacketHash}, source address by default) picks the row; every director with the
 * same configuration computes the same table and the same choice, without shared state.
 *
 * <ul>
 *   <li><b>Choice:</b> the first eligible hop of the row (hop 0, the primary, unless it is
 *       unavailable, overloaded or quiescent). When no hop of the row is eligible, the following
 *       rows are tried in turn, at most {@value #MAX_PROBED_ROWS}, so that every director still
 *       agrees; then {@link Scheduler#NONE}. Weights are otherwise ignored, as in GLB.</li>
 *   <li><b>States</b> ({@link DestinationState}) come from the parameter text
 *       {@code glb-states}, writable at run time with {@link #writeParameterText}: only the safe
 *       transitions are accepted, and at most {@code hops - 1} destinations may be draining or
 *       filling at once (GLB, with two hops, allows one).</li>
 *   <li><b>Second chance:</b> {@link #hopsFor} gives the row's hops in order and
 *       {@link #nextHops} the row without the packet's destination, which the engine writes into
 *       GLB's GUE private data ({@code tunnel-type: glb-gue}) so that a proxy that does not own a
 *       packet's connection passes it to the next hop.</li>
 * </ul>
 *
 * <p><b>Threads:</b> the table is immutable, rebuilt in the hooks and in
 * {@link #writeParameterText} (serialized by this object's monitor; never on the packet path) and
 * published with one volatile write. {@link #schedule} and {@link #hopsFor} read it without locks
 * or allocation from any number of workers. A state change that does not add or remove a member of
 * the table reuses the rendezvous order and only re-derives the rows; adding or removing one member
 * updates the order incrementally (about {@code rows} hashes instead of {@code rows * N}).
 */
public final class RendezvousScheduler implements Scheduler, SecondChanceHops {

    /** How many rows {@link #schedule} tries when no hop of the packet's row is eligible. */
    public static final int MAX_PROBED_ROWS = 256;

    private final String statesParameter;
    private final int rows;
    private final int hopsPerRow;
    private final byte[] seed;
    private final boolean hashPort;
    private final RendezvousOrder.Scoring scoring;
    private final PacketHash packetHash;
    private final PluginMetrics.MetricCounter secondChoices;
    private final PluginMetrics.MetricCounter noDestination;

    /** The current destination list of the service, for parameter writes. */
    private DestinationList members;
    private DestinationStates states;
    private RendezvousOrder rendezvous;

    private volatile ForwardingTable table;

    /**
     * Creates the scheduler of one service and builds its table.
     *
     * @param service the service, with its current destinations
     * @param settings the validated settings
     * @param metrics where {@code second-choices} (a later hop or row was chosen) and
     *     {@code no-destination} are counted
     * @throws InvalidParameterException when the states put more destinations in transition than the
     *     hops allow
     */
    RendezvousScheduler(ServiceView service, RendezvousSettings settings, PluginMetrics metrics)
            throws InvalidParameterException {
        this.statesParameter = RendezvousSchedulerFactory.STATES;
        this.rows = 1 << settings.tableBits();
        this.hopsPerRow = settings.hops();
        this.seed = settings.seed().clone();
        this.hashPort = settings.hashDestinationPort();
        this.scoring = settings.scoring();
        this.packetHash = new PacketHash(settings.hashKey(), settings.hashFields());
        this.secondChoices = metrics.counter("second-choices");
        this.noDestination = metrics.counter("no-destination");
        settings.states().checkTransitionLimit(statesParameter, service.destinations(), hopsPerRow);
        this.states = settings.states();
        rebuild(service.destinations());
    }

    @Override
    public DestinationView schedule(ServiceView service, PacketView packet, long nowNanos) {
        ForwardingTable current = table;
        DestinationView[] destinations = current.destinations;
        if (destinations.length == 0) {
            noDestination.increment();
            return NONE;
        }
        int[] hops = current.hops;
        int perRow = current.hopsPerRow;
        int mask = current.rowMask;
        int row = (int) packetHash.hash(packet) & mask;
        int probes = Math.min(MAX_PROBED_ROWS, mask + 1);
        for (int probe = 0; probe < probes; probe++) {
            int base = ((row + probe) & mask) * perRow;
            for (int hop = 0; hop < perRow; hop++) {
                int index = hops[base + hop];
                if (index < 0) {
                    break;
                }
                DestinationView candidate = destinations[index];
                if (candidate.isEligible()) {
                    if (probe > 0 || hop > 0) {
                        secondChoices.increment();
                    }
                    return candidate;
                }
            }
        }
        noDestination.increment();
        return NONE;
    }

    /**
     * Copies the hops of a packet's row, in order (primary first), as a GLB director puts them in
     * the GUE header: the first becomes the outer destination, the others the private data's hop
     * list. Eligibility is not checked: a proxy that is down is passed over by second chance.
     * Allocation-free.
     *
     * @param packet the packet
     * @param out receives the hops; at least {@link #hopsPerRow()} elements
     * @return the number of hops written, 0 when the table is empty
     */
    public int hopsFor(PacketView packet, DestinationView[] out) {
        ForwardingTable current = table;
        int base = ((int) packetHash.hash(packet) & current.rowMask) * current.hopsPerRow;
        int count = 0;
        for (int hop = 0; hop < current.hopsPerRow; hop++) {
            int index = current.hops[base + hop];
            if (index < 0) {
                break;
            }
            out[count++] = current.destinations[index];
        }
        return count;
    }

    /**
     * The row's hops in order without {@code first}: for a new connection, whose destination is the
     * row's first eligible hop, the hops after it (and any ineligible ones before it); for a
     * connection that stays on a destination the table has since moved (draining), the whole
     * current row, so that a proxy that does not own the connection passes the packet on toward it.
     * Allocation-free.
     */
    @Override
    public int nextHops(ServiceView service, PacketView packet, DestinationView first, DestinationView[] out) {
        ForwardingTable current = table;
        int base = ((int) packetHash.hash(packet) & current.rowMask) * current.hopsPerRow;
        int count = 0;
        for (int hop = 0; hop < current.hopsPerRow && count < out.length; hop++) {
            int index = current.hops[base + hop];
            if (index < 0) {
                break;
            }
            DestinationView d = current.destinations[index];
            if (d != first) {
                out[count++] = d;
            }
        }
        return count;
    }

    /** {@return the hops per row} */
    public int hopsPerRow() {
        return hopsPerRow;
    }

    /** {@return the number of rows} */
    public int rows() {
        return rows;
    }

    /**
     * Returns the row a packet hashes to.
     *
     * @param packet the packet
     * @return 0..rows-1
     */
    public int rowOf(PacketView packet) {
        return (int) packetHash.hash(packet) & (rows - 1);
    }

    /**
     * Returns one hop of one row of the current table.
     *
     * @param row 0..rows-1
     * @param hop 0..hopsPerRow-1
     * @return the destination, or {@code null} when the row has fewer destinations than hops
     */
    public DestinationView hop(int row, int hop) {
        return table.hop(row, hop);
    }

    @Override
    public synchronized void destinationAdded(ServiceView service, DestinationView destination) {
        rebuild(service.destinations());
    }

    @Override
    public synchronized void destinationRemoved(ServiceView service, DestinationView destination) {
        rebuild(service.destinations());
    }

    @Override
    public synchronized void destinationUpdated(ServiceView service, DestinationView destination) {
        rebuild(service.destinations());
    }

    /**
     * Returns the destination states as {@code address:port=state} entries joined by commas
     * (canonical order, {@code active} destinations omitted; empty when all are active).
     *
     * @return the text
     */
    @Override
    public synchronized String parameterText() {
        return states.text();
    }

    /**
     * Replaces the destination states (the whole list: a destination left out becomes
     * {@code active}) and rebuilds the table. The write is refused, and nothing changes, when the
     * text does not parse, when a member would make an unsafe transition, or when more than
     * {@code hops - 1} members would be draining or filling.
     *
     * @param text entries {@code address:port=state} separated by commas or white space
     * @throws InvalidParameterException naming the first problem
     */
    @Override
    public synchronized void writeParameterText(String text) throws InvalidParameterException {
        DestinationStates next = DestinationStates.parse(statesParameter, text);
        states.checkTransitions(statesParameter, next, members);
        next.checkTransitionLimit(statesParameter, members, hopsPerRow);
        states = next;
        rebuild(members);
    }

    /**
     * Brings the rendezvous order up to the members that are not inactive and publishes a new table.
     * A few additions or removals are applied incrementally ({@link RendezvousOrder#add},
     * {@link RendezvousOrder#remove}); many at once, or the first time, rebuild the order.
     */
    private void rebuild(DestinationList list) {
        members = list;
        List<DestinationView> included = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (states.of(list.get(i)) != DestinationState.INACTIVE) {
                included.add(list.get(i));
            }
        }
        included.sort(Comparator.comparing(DestinationAddress::of));
        DestinationAddress[] addresses = new DestinationAddress[included.size()];
        DestinationView[] views = new DestinationView[included.size()];
        boolean[] draining = new boolean[included.size()];
        for (int i = 0; i < views.length; i++) {
            views[i] = included.get(i);
            addresses[i] = DestinationAddress.of(views[i]);
            draining[i] = states.of(addresses[i]) == DestinationState.DRAINING;
        }
        updateOrder(addresses);
        table = ForwardingTable.of(rendezvous.rowsShared(), hopsPerRow, views, draining);
    }

    private void updateOrder(DestinationAddress[] addresses) {
        if (rendezvous != null) {
            Set<DestinationAddress> wanted = new HashSet<>(Arrays.asList(addresses));
            Set<DestinationAddress> current = new HashSet<>(Arrays.asList(rendezvous.members()));
            List<DestinationAddress> removed = new ArrayList<>(current);
            removed.removeAll(wanted);
            List<DestinationAddress> added = new ArrayList<>(wanted);
            added.removeAll(current);
            if ((removed.size() + added.size()) * 4 <= Math.max(4, addresses.length)) {
                removed.forEach(rendezvous::remove);
                added.forEach(rendezvous::add);
                return;
            }
        }
        rendezvous = RendezvousOrder.of(seed, rows, hopsPerRow, addresses, hashPort, scoring);
    }
}
