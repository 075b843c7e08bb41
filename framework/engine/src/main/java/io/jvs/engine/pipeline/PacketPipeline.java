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
 * <p><b>Threads:</b> one instance per worker, used only by it. Nothing here allocates, locks or reads
 * a clock: time is passed in, tables are read through volatile snapshots.
 */
public final class PacketPipeline {

    private final int workerIndex;
    private final ConnectionTable table;
    private final Supplier<ServiceTable> services;
    private final DestinationRegistry registry;
    private final Tunables tunables;
    private final WorkerCounters counters;
    private final ConnectionForwarder forwarder;
    private final FragmentCache fragments;
    private final FlowScheduler flows;

    private final ParsedPacket packet = new ParsedPacket();
    private final FlowKey key = new FlowKey();
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
        this.workerIndex = workerIndex;
        this.table = table;
        this.services = services;
        this.registry = registry;
        this.tunables = tunables;
        this.counters = counters;
        this.forwarder = forwarder;
        this.fragments = new FragmentCache(4096);
        this.flows = new FlowScheduler(workerIndex, table, registry, tunables, counters, localAddresses);
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
        for (int i = 0; i < n; i++) {
            byte verdict = process(batch, i, nowNanos);
            batch.verdicts[i] = verdict;
            if (verdict == PacketBatch.DROP) {
                counters.increment(WorkerCounters.DROPPED);
            } else if (verdict == PacketBatch.TO_KERNEL) {
                counters.increment(WorkerCounters.TO_KERNEL);
            } else {
                counters.increment(WorkerCounters.TX_PACKETS);
            }
        }
    }

    /**
     * Returns the worker's parsed-packet flyweight (for tests and diagnostics).
     *
     * @return the flyweight describing the last packet processed
     */
    public ParsedPacket lastPacket() {
        return packet;
    }

    private byte process(PacketBatch batch, int i, long now) {
        final ParsedPacket p = packet;
        int result = PacketParser.parse(batch.segments[i], batch.offsets[i], batch.lengths[i], p);
        if (result != ParseResult.OK) {
            counters.parseFailure(result);
            return PacketBatch.DROP;
        }
        p.firewallMark(batch.marks[i]);
        if (p.isFragment() && !p.isFirstFragment()) {
            return laterFragment(batch, i, now);
        }
        int protocol = p.protocol();
        if (p.isIcmpError()) {
            return icmpError(batch, i, now);
        }
        if (protocol != IpProtocol.TCP && protocol != IpProtocol.UDP && protocol != IpProtocol.SCTP) {
            counters.increment(WorkerCounters.UNSUPPORTED_PROTOCOL);
            return PacketBatch.DROP;
        }
        key.set(p.family(), protocol, p.sourceAddressWord(0), p.sourceAddressWord(1), p.sourceAddressWord(2),
                p.sourceAddressWord(3), p.sourcePort(), p.destinationAddressWord(0), p.destinationAddressWord(1),
                p.destinationAddressWord(2), p.destinationAddressWord(3), p.destinationPort());
        int hit = table.lookup(key);
        byte verdict;
        if (hit != ConnectionTable.MISSING) {
            verdict = established(batch, i, ConnectionTable.entryOf(hit), ConnectionTable.directionOf(hit), now);
        } else {
            verdict = newFlow(batch, i, now);
        }
        return verdict;
    }

    private byte established(PacketBatch batch, int i, int entry, int direction, long now) {
        final ParsedPacket p = packet;
        RealServer dest = registry.get(table.destinationId(entry));
        if (dest == null || !dest.isAvailable()) {
            counters.increment(WorkerCounters.DESTINATION_GONE);
            if (tunables.expireNodestConn()) {
                table.remove(entry, EvictionReason.DEST_REMOVED, now);
            }
            return PacketBatch.DROP;
        }
        if (direction == FlowDirection.INPUT) {
            int flags = p.protocol() == IpProtocol.TCP ? p.tcpFlags() : 0;
            if (flags != 0 && (tunables.connReuseMode() & 1) != 0
                    && table.isReusableForNewConnection(entry, flags, (tunables.connReuseMode() & 2) != 0)) {
                table.remove(entry, EvictionReason.RESCHEDULED, now);
                counters.increment(WorkerCounters.RESCHEDULED);
                return newFlow(batch, i, now);
            }
            long entryKey = table.sessionKey(entry);
            if (entryKey != Scheduler.NO_SESSION_KEY) {
                Scheduler scheduler = dest.service().scheduler();
                long packetKey = flows.sessionKey(scheduler, p);
                if (packetKey != Scheduler.NO_SESSION_KEY && packetKey != entryKey) {
                    table.remove(entry, EvictionReason.RESCHEDULED, now);
                    counters.increment(WorkerCounters.RESCHEDULED);
                    return newFlow(batch, i, now);
                }
            }
        }
        table.packet(entry, direction, p.protocol() == IpProtocol.TCP ? p.tcpFlags() : 0, now);
        return forward(batch, i, entry, direction, dest, now);
    }

    private byte newFlow(PacketBatch batch, int i, long now) {
        final ParsedPacket p = packet;
        int protocol = p.protocol();
        VirtualService service = services.get().find(p.family(), protocol, p.destinationAddressWord(0),
                p.destinationAddressWord(1), p.destinationAddressWord(2), p.destinationAddressWord(3),
                p.destinationPort(), p.firewallMark());
        if (service == null) {
            counters.increment(WorkerCounters.NO_SERVICE);
            return PacketBatch.DROP;
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
        return forward(batch, i, entry, FlowDirection.INPUT, dest, now);
    }

    private byte forward(PacketBatch batch, int i, int entry, int direction, RealServer dest, long now) {
        final ParsedPacket p = packet;
        dest.traffic().countPacket(workerIndex, direction == FlowDirection.INPUT, p.ipPacketLength());
        if (p.isFragment() && p.moreFragments()) {
            fragments.put(p.family(), p.protocol(), p.sourceAddressWord(0), p.sourceAddressWord(1),
                    p.sourceAddressWord(2), p.sourceAddressWord(3), p.destinationAddressWord(0),
                    p.destinationAddressWord(1), p.destinationAddressWord(2), p.destinationAddressWord(3),
                    p.identification(), entry << 1 | direction, now);
        }
        return forwarder.forward(batch, i, p, table, entry, direction, dest, counters);
    }

    private byte laterFragment(PacketBatch batch, int i, long now) {
        final ParsedPacket p = packet;
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
    private byte icmpError(PacketBatch batch, int i, long now) {
        final ParsedPacket p = packet;
        if (!p.hasEmbeddedPacket() || !p.hasEmbeddedPorts()) {
            counters.increment(WorkerCounters.UNSUPPORTED_PROTOCOL);
            return PacketBatch.DROP;
        }
        probe.set(p.embeddedFamily(), p.embeddedProtocol(), p.embeddedDestinationAddressWord(0),
                p.embeddedDestinationAddressWord(1), p.embeddedDestinationAddressWord(2),
                p.embeddedDestinationAddressWord(3), p.embeddedDestinationPort(), p.embeddedSourceAddressWord(0),
                p.embeddedSourceAddressWord(1), p.embeddedSourceAddressWord(2), p.embeddedSourceAddressWord(3),
                p.embeddedSourcePort());
        int hit = table.lookup(probe);
        if (hit == ConnectionTable.MISSING) {
            counters.increment(WorkerCounters.NO_SERVICE);
            return PacketBatch.DROP;
        }
        int entry = ConnectionTable.entryOf(hit);
        RealServer dest = registry.get(table.destinationId(entry));
        if (dest == null || !dest.isAvailable()) {
            counters.increment(WorkerCounters.DESTINATION_GONE);
            return PacketBatch.DROP;
        }
        counters.increment(WorkerCounters.ICMP_TRANSLATED);
        return forwarder.forwardIcmpError(batch, i, p, table, entry, ConnectionTable.directionOf(hit), dest, counters);
    }
}
