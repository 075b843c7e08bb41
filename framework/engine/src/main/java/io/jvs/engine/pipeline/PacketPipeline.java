package io.jvs.engine.pipeline;

import io.jvs.engine.Tunables;
import io.jvs.engine.conn.ConnectionSpec;
import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.conn.FlowDirection;
import io.jvs.engine.conn.FlowKey;
import io.jvs.engine.io.PacketBatch;
import io.jvs.engine.packet.PacketParser;
import io.jvs.engine.packet.ParseResult;
import io.jvs.engine.packet.ParsedPacket;
import io.jvs.engine.packet.TcpFlags;
import io.jvs.engine.service.DestinationRegistry;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.RealServer;
import io.jvs.engine.service.ServiceTable;
import io.jvs.engine.service.VirtualService;
import io.jvs.engine.synproxy.SynCookies;
import io.jvs.engine.synproxy.SynProxy;
import io.jvs.engine.synproxy.SynProxySettings;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.DestinationView;
import io.jvs.spi.EvictionReason;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.IpProtocol;
import io.jvs.spi.Scheduler;
import java.util.function.Supplier;

/**
 * One worker's packet path: parse, find the connection (either direction), or find the service and
 * schedule a new connection, then forward. Follows IPVS's {@code ip_vs_in}/{@code ip_vs_out}:
 *
 * <pre>
 * parse ──► fragment (not first)? ──► fragment cache ──► forward as its first fragment did
 *   │
 *   ├─► ICMP error? ──► embedded tuple ──► connection ──► translate (addresses in and out)
 *   │
 *   └─► lookup(tuple) ── hit ──► checks (destination gone, port reuse, session key) ──► state ──► forward
 *                       └ miss ──► service? ──► TCP needs SYN ──► persistence template? ──► schedule
 *                                                ──► insert connection (+ template) ──► state ──► forward
 * </pre>
 *
 * <h2>Bursts</h2>
 * A burst is handled in groups of up to {@value #GROUP} packets, each group in three passes, so that
 * the connection-table cache misses of the group overlap instead of being paid one packet at a time
 * (at a million connections the index slot and the entry record of a packet are each a DRAM miss):
 *
 * <pre>
 *  pass 1  classify   for each packet: parse into its own ParsedPacket, drop what is malformed or
 *                     unsupported, build its FlowKey and the table's hash of it; nothing is looked
 *                     up or changed yet
 *  pass 2  prefetch   for each packet to look up: touch its index slot (ConnectionTable.prefetchSlot),
 *                     then, in a second loop, the entry the slot points to (ConnectionTable.prefetch):
 *                     short loops of independent loads, all in flight together
 *  pass 3  route      for each packet, in arrival order: lookup with the hash of pass 1 (its lines
 *                     cached or on their way), then established / new flow / fragment / ICMP error
 *                     as above, verdict
 * </pre>
 *
 * Passes 1 and 2 change no state (only parse-failure counters), and pass 3 handles the packets in
 * arrival order, so a group behaves exactly as its packets one by one: a SYN and the next packet of
 * its flow in the same group find the connection the SYN created, because the lookup itself happens
 * in pass 3 and a hash depends only on the tuple.
 *
 * <p>Java has no prefetch instruction: a prefetch here is an ordinary load whose value is dropped. A
 * load that misses holds up the processor's in-order retirement, so such loads pay off only in short
 * loops that put many of them in flight at once; issuing them from the parsing loop (a long body)
 * stalled it instead and was slower (see {@code docs/performance.md}, "Engine fast path").
 *
 * <p>Per packet, nothing here stores an object reference into a field or an array: under G1 such a
 * store into an old object pays a write barrier with a memory fence. The packet being routed and its
 * key travel as parameters.
 *
 * <p><b>Threads:</b> one instance per worker, used only by it. Nothing here allocates, locks or reads
 * a clock: time is passed in, tables are read through volatile snapshots.
 */
public final class PacketPipeline {

    /** Packets classified and prefetched together; larger bursts are handled group by group. */
    public static final int GROUP = 32;

    /** Pass 3 only counts the verdict pass 1 set. */
    private static final byte ROUTE_DONE = 0;
    /** Pass 3 looks the tuple up and handles an established or new flow. */
    private static final byte ROUTE_LOOKUP = 1;
    /** A fragment other than the first: pass 3 asks the fragment cache. */
    private static final byte ROUTE_LATER_FRAGMENT = 2;
    /** An ICMP error: pass 3 looks up the quoted tuple. */
    private static final byte ROUTE_ICMP_ERROR = 3;

    private final int workerIndex;
    private final ConnectionTable table;
    private final Supplier<ServiceTable> services;
    private final DestinationRegistry registry;
    private final Tunables tunables;
    private final WorkerCounters counters;
    private final ConnectionForwarder forwarder;
    private final FragmentCache fragments;
    private final FlowScheduler flows;
    private final SynProxy synProxy;
    /** The verdict of packets for no service and of protocols the engine does not balance. */
    private byte unmatched = PacketBatch.DROP;

    private final ParsedPacket[] groupPackets = new ParsedPacket[GROUP];
    private final FlowKey[] groupKeys = new FlowKey[GROUP];
    private final long[] groupHashes = new long[GROUP];
    private final byte[] groupRoutes = new byte[GROUP];
    /** Index in {@code groupPackets} of the last packet processed. */
    private int lastPacket;
    private final FlowKey probe = new FlowKey();

    /**
     * Creates a worker's pipeline.
     *
     * @param workerIndex the worker's index, for per-worker counters
     * @param table the worker's connection table
     * @param services the current service table (read once per packet)
     * @param registry destination ids to objects
     * @param tunables the live IPVS sysctls
     * @param counters the worker's counters
     * @param forwarder rewrites packets for their connections
     * @param localAddresses the worker's FULLNAT local addresses
     */
    public PacketPipeline(int workerIndex, ConnectionTable table, Supplier<ServiceTable> services,
            DestinationRegistry registry, Tunables tunables, WorkerCounters counters, ConnectionForwarder forwarder,
            LocalAddressPool localAddresses) {
        this(workerIndex, table, services, registry, tunables, counters, forwarder, localAddresses,
                SynProxySettings.defaults(), SynCookies.random());
    }

    /**
     * Creates a worker's pipeline with a SYN proxy.
     *
     * @param workerIndex the worker's index, for per-worker counters
     * @param table the worker's connection table
     * @param services the current service table (read once per packet)
     * @param registry destination ids to objects
     * @param tunables the live IPVS sysctls
     * @param counters the worker's counters
     * @param forwarder rewrites packets for their connections
     * @param localAddresses the worker's FULLNAT local addresses
     * @param synProxySettings limits and timers of the SYN proxy
     * @param cookies the worker's SYN-cookie maker (the same key on every worker)
     */
    public PacketPipeline(int workerIndex, ConnectionTable table, Supplier<ServiceTable> services,
            DestinationRegistry registry, Tunables tunables, WorkerCounters counters, ConnectionForwarder forwarder,
            LocalAddressPool localAddresses, SynProxySettings synProxySettings, SynCookies cookies) {
        this.workerIndex = workerIndex;
        this.table = table;
        this.services = services;
        this.registry = registry;
        this.tunables = tunables;
        this.counters = counters;
        this.forwarder = forwarder;
        this.fragments = new FragmentCache(4096);
        this.flows = new FlowScheduler(workerIndex, table, registry, tunables, counters, localAddresses);
        this.synProxy = new SynProxy(workerIndex, synProxySettings, cookies, table, registry, flows, forwarder,
                counters, forwarder.mtu());
        for (int k = 0; k < GROUP; k++) {
            groupPackets[k] = new ParsedPacket();
            groupKeys[k] = new FlowKey();
        }
    }

    /**
     * Hands the packets that match no service (and protocols the engine does not balance, such as
     * ICMP that is not an error about a connection) to the kernel ({@link PacketBatch#TO_KERNEL})
     * instead of dropping them; for data planes with a kernel exception path. Call before the worker
     * starts. They are counted as before ({@code no-service}, {@code unsupported-protocol}).
     */
    public void routeUnmatchedToKernel() {
        this.unmatched = PacketBatch.TO_KERNEL;
    }

    /**
     * Processes every packet of a received burst and sets its verdict.
     *
     * @param batch the burst
     * @param nowNanos the current time
     */
    public void process(PacketBatch batch, long nowNanos) {
        int n = batch.count();
        counters.add(WorkerCounters.RX_PACKETS, n);
        for (int first = 0; first < n; first += GROUP) {
            int count = Math.min(GROUP, n - first);
            classify(batch, first, count);
            prefetch(count);
            route(batch, first, count, nowNanos);
        }
    }

    /**
     * Returns the worker's parsed-packet flyweight (for tests and diagnostics).
     *
     * @return the flyweight describing the last packet processed
     */
    public ParsedPacket lastPacket() {
        return groupPackets[lastPacket];
    }

    /**
     * Returns the worker's SYN proxy: its timers ({@link SynProxy#poll}) and the frames it built
     * ({@link SynProxy#outbox()}), which the worker sends after each burst.
     *
     * @return the SYN proxy
     */
    public SynProxy synProxy() {
        return synProxy;
    }

    /** Pass 1: parses each packet of a group, sets its route, and for lookups its key and hash. */
    private void classify(PacketBatch batch, int first, int count) {
        final ConnectionTable t = table;
        for (int k = 0; k < count; k++) {
            int i = first + k;
            ParsedPacket p = groupPackets[k];
            int result = PacketParser.parse(batch.segments[i], batch.offsets[i], batch.lengths[i], p);
            if (result != ParseResult.OK) {
                counters.parseFailure(result);
                groupRoutes[k] = ROUTE_DONE;
                batch.verdicts[i] = PacketBatch.DROP;
                continue;
            }
            p.firewallMark(batch.marks[i]);
            if (p.isFragment() && !p.isFirstFragment()) {
                groupRoutes[k] = ROUTE_LATER_FRAGMENT;
                continue;
            }
            if (p.isIcmpError()) {
                groupRoutes[k] = ROUTE_ICMP_ERROR;
                continue;
            }
            int protocol = p.protocol();
            if (protocol != IpProtocol.TCP && protocol != IpProtocol.UDP && protocol != IpProtocol.SCTP) {
                counters.increment(WorkerCounters.UNSUPPORTED_PROTOCOL);
                groupRoutes[k] = ROUTE_DONE;
                batch.verdicts[i] = unmatched;
                continue;
            }
            FlowKey flow = groupKeys[k];
            if (p.family() == AddressFamily.IPV4) {
                int source = p.sourceAddressWord(0);
                int destination = p.destinationAddressWord(0);
                flow.ipv4(protocol, source, p.sourcePort(), destination, p.destinationPort());
                groupHashes[k] = t.hashIpv4(protocol, source, p.sourcePort(), destination, p.destinationPort());
            } else {
                flow.set(p.family(), protocol, p.sourceAddressWord(0), p.sourceAddressWord(1),
                        p.sourceAddressWord(2), p.sourceAddressWord(3), p.sourcePort(), p.destinationAddressWord(0),
                        p.destinationAddressWord(1), p.destinationAddressWord(2), p.destinationAddressWord(3),
                        p.destinationPort());
                groupHashes[k] = t.hash(flow);
            }
            groupRoutes[k] = ROUTE_LOOKUP;
        }
    }

    /**
     * Pass 2: brings the index slots, then the entries they point to, of the group's lookups into the
     * cache. Two short loops of independent loads, so that the processor has all the slot misses in
     * flight at once, then all the entry misses (a load in a long loop body, such as the parser's,
     * would stall it instead).
     */
    private void prefetch(int count) {
        final ConnectionTable t = table;
        for (int k = 0; k < count; k++) {
            if (groupRoutes[k] == ROUTE_LOOKUP) {
                t.prefetchSlot(groupHashes[k]);
            }
        }
        for (int k = 0; k < count; k++) {
            if (groupRoutes[k] == ROUTE_LOOKUP) {
                t.prefetch(groupHashes[k]);
            }
        }
    }

    /** Pass 3: routes each packet of a group in arrival order, sets and counts its verdict. */
    private void route(PacketBatch batch, int first, int count, long now) {
        for (int k = 0; k < count; k++) {
            int i = first + k;
            ParsedPacket p = groupPackets[k];
            byte verdict = switch (groupRoutes[k]) {
                case ROUTE_LOOKUP -> lookup(batch, i, p, groupKeys[k], groupHashes[k], now);
                case ROUTE_LATER_FRAGMENT -> laterFragment(batch, i, p, now);
                case ROUTE_ICMP_ERROR -> icmpError(batch, i, p, now);
                default -> batch.verdicts[i];
            };
            if (verdict == SynProxy.CONSUMED) {
                // Taken by the SYN proxy (buffered, or answered from its outbox): neither sent nor a drop.
                batch.verdicts[i] = PacketBatch.DROP;
                counters.increment(WorkerCounters.SYNPROXY_CONSUMED);
                continue;
            }
            batch.verdicts[i] = verdict;
            if (verdict == PacketBatch.DROP) {
                counters.increment(WorkerCounters.DROPPED);
            } else if (verdict == PacketBatch.TO_KERNEL) {
                counters.increment(WorkerCounters.TO_KERNEL);
            } else {
                counters.increment(WorkerCounters.TX_PACKETS);
            }
        }
        lastPacket = count - 1;
    }

    private byte lookup(PacketBatch batch, int i, ParsedPacket p, FlowKey key, long hash, long now) {
        int hit = table.lookup(key, hash);
        if (hit != ConnectionTable.MISSING) {
            return established(batch, i, p, key, ConnectionTable.entryOf(hit), ConnectionTable.directionOf(hit), now);
        }
        return newFlow(batch, i, p, key, now);
    }

    private byte established(PacketBatch batch, int i, ParsedPacket p, FlowKey key, int entry, int direction,
            long now) {
        RealServer dest = registry.get(table.destinationId(entry));
        if (dest == null || !dest.isAvailable()) {
            counters.increment(WorkerCounters.DESTINATION_GONE);
            if (tunables.expireNodestConn()) {
                table.remove(entry, EvictionReason.DEST_REMOVED, now);
            }
            return PacketBatch.DROP;
        }
        if (direction == FlowDirection.INPUT && rescheduled(p, entry, dest, now)) {
            return newFlow(batch, i, p, key, now);
        }
        if (table.isSynProxy(entry)) {
            return synProxied(batch, i, p, entry, direction, dest, now);
        }
        table.packet(entry, direction, p.protocol() == IpProtocol.TCP ? p.tcpFlags() : 0, now);
        return forward(batch, i, p, entry, direction, dest, now);
    }

    /**
     * Decides whether a client packet opens a new connection in place of its entry (IPVS
     * {@code conn_reuse_mode} for a SYN on a closing entry, or a session key that changed); if so,
     * removes the entry ({@link EvictionReason#RESCHEDULED}, counted) for the caller to schedule the
     * packet afresh. Kept apart from {@link #established} so that the common path stays small enough
     * to inline.
     */
    private boolean rescheduled(ParsedPacket p, int entry, RealServer dest, long now) {
        int flags = p.protocol() == IpProtocol.TCP ? p.tcpFlags() : 0;
        // Only a SYN may reuse an entry (isReusableForNewConnection is false without one): test
        // it before reading the tunable.
        if ((flags & TcpFlags.SYN) != 0 && (tunables.connReuseMode() & 1) != 0
                && table.isReusableForNewConnection(entry, flags, (tunables.connReuseMode() & 2) != 0)) {
            table.remove(entry, EvictionReason.RESCHEDULED, now);
            counters.increment(WorkerCounters.RESCHEDULED);
            return true;
        }
        long entryKey = table.sessionKey(entry);
        // A SYN-proxied connection's later segments carry stream bytes, not a session key.
        if (entryKey != Scheduler.NO_SESSION_KEY && !table.isSynProxy(entry)) {
            long packetKey = flows.sessionKey(dest.service().scheduler(), p);
            if (packetKey != Scheduler.NO_SESSION_KEY && packetKey != entryKey) {
                table.remove(entry, EvictionReason.RESCHEDULED, now);
                counters.increment(WorkerCounters.RESCHEDULED);
                return true;
            }
        }
        return false;
    }

    /** A packet of a SYN-proxied connection: binding steps, or forwarding followed by translation. */
    private byte synProxied(PacketBatch batch, int i, ParsedPacket p, int entry, int direction, RealServer dest,
            long now) {
        byte verdict = synProxy.established(p, entry, direction, now);
        if (verdict != SynProxy.PASS) {
            return verdict;
        }
        table.packet(entry, direction, p.tcpFlags(), now);
        verdict = forward(batch, i, p, entry, direction, dest, now);
        if (verdict == PacketBatch.TRANSMIT) {
            synProxy.translate(p, entry, direction);
        }
        return verdict;
    }

    private byte newFlow(PacketBatch batch, int i, ParsedPacket p, FlowKey key, long now) {
        int protocol = p.protocol();
        VirtualService service = services.get().find(p.family(), protocol, p.destinationAddressWord(0),
                p.destinationAddressWord(1), p.destinationAddressWord(2), p.destinationAddressWord(3),
                p.destinationPort(), p.firewallMark());
        if (service == null) {
            counters.increment(WorkerCounters.NO_SERVICE);
            return unmatched;
        }
        if (protocol == IpProtocol.TCP && service.synProxyMode() != VirtualService.SYNPROXY_OFF) {
            return synProxy.newFlow(batch, i, p, service, now);
        }
        int flags = protocol == IpProtocol.TCP ? p.tcpFlags() : 0;
        if (protocol == IpProtocol.TCP
                && ((flags & TcpFlags.RST) != 0 || ((flags & TcpFlags.SYN) == 0 && !tunables.sloppyTcp()))) {
            counters.increment(WorkerCounters.TCP_NOT_SYN);
            return PacketBatch.DROP;
        }
        int entry = flows.open(service, p, key, null, now);
        if (entry == ConnectionTable.MISSING) {
            return PacketBatch.DROP;
        }
        RealServer dest = registry.get(table.destinationId(entry));
        table.packet(entry, FlowDirection.INPUT, flags, now);
        return forward(batch, i, p, entry, FlowDirection.INPUT, dest, now);
    }

    private byte forward(PacketBatch batch, int i, ParsedPacket p, int entry, int direction, RealServer dest,
            long now) {
        dest.traffic().countPacket(workerIndex, direction == FlowDirection.INPUT, p.ipPacketLength());
        if (p.isFragment() && p.moreFragments()) {
            fragments.put(p.family(), p.protocol(), p.sourceAddressWord(0), p.sourceAddressWord(1),
                    p.sourceAddressWord(2), p.sourceAddressWord(3), p.destinationAddressWord(0),
                    p.destinationAddressWord(1), p.destinationAddressWord(2), p.destinationAddressWord(3),
                    p.identification(), entry << 1 | direction, now);
        }
        return forwarder.forward(batch, i, p, table, entry, direction, dest, counters);
    }

    private byte laterFragment(PacketBatch batch, int i, ParsedPacket p, long now) {
        int hit = fragments.get(p.family(), p.protocol(), p.sourceAddressWord(0), p.sourceAddressWord(1),
                p.sourceAddressWord(2), p.sourceAddressWord(3), p.destinationAddressWord(0),
                p.destinationAddressWord(1), p.destinationAddressWord(2), p.destinationAddressWord(3),
                p.identification(), now);
        if (hit < 0 || !table.isLive(hit >>> 1)) {
            counters.increment(WorkerCounters.ORPHAN_FRAGMENTS);
            return PacketBatch.DROP;
        }
        int entry = hit >>> 1;
        RealServer dest = registry.get(table.destinationId(entry));
        if (dest == null || !dest.isAvailable()) {
            counters.increment(WorkerCounters.DESTINATION_GONE);
            return PacketBatch.DROP;
        }
        dest.traffic().countPacket(workerIndex, (hit & 1) == FlowDirection.INPUT, p.ipPacketLength());
        return forwarder.forward(batch, i, p, table, entry, hit & 1, dest, counters);
    }

    /**
     * ICMP errors about a connection's packets are translated like the connection's own packets (IPVS
     * {@code ip_vs_in_icmp}/{@code ip_vs_out_icmp}): the quoted packet went to the error's sender, so
     * its tuple read backwards is the tuple of a packet travelling like the error, and finds the
     * connection and the error's direction.
     */
    private byte icmpError(PacketBatch batch, int i, ParsedPacket p, long now) {
        if (!p.hasEmbeddedPacket() || !p.hasEmbeddedPorts()) {
            counters.increment(WorkerCounters.UNSUPPORTED_PROTOCOL);
            return unmatched;
        }
        probe.set(p.embeddedFamily(), p.embeddedProtocol(), p.embeddedDestinationAddressWord(0),
                p.embeddedDestinationAddressWord(1), p.embeddedDestinationAddressWord(2),
                p.embeddedDestinationAddressWord(3), p.embeddedDestinationPort(), p.embeddedSourceAddressWord(0),
                p.embeddedSourceAddressWord(1), p.embeddedSourceAddressWord(2), p.embeddedSourceAddressWord(3),
                p.embeddedSourcePort());
        int hit = table.lookup(probe);
        if (hit == ConnectionTable.MISSING) {
            counters.increment(WorkerCounters.NO_SERVICE);
            return unmatched;
        }
        int entry = ConnectionTable.entryOf(hit);
        RealServer dest = registry.get(table.destinationId(entry));
        if (dest == null || !dest.isAvailable()) {
            counters.increment(WorkerCounters.DESTINATION_GONE);
            return PacketBatch.DROP;
        }
        counters.increment(WorkerCounters.ICMP_TRANSLATED);
        int direction = ConnectionTable.directionOf(hit);
        byte verdict = forwarder.forwardIcmpError(batch, i, p, table, entry, direction, dest, counters);
        if (verdict == PacketBatch.TRANSMIT && table.isSynProxy(entry)) {
            synProxy.translateIcmpError(p, entry, direction);
        }
        return verdict;
    }
}
