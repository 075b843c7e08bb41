package io.jvs.engine.pipeline;

import io.jvs.engine.Tunables;
import io.jvs.engine.conn.ConnectionSpec;
import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.conn.FlowKey;
import io.jvs.engine.service.DestinationRegistry;
import io.jvs.engine.service.DestinationTraffic;
import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.RealServer;
import io.jvs.engine.service.VirtualService;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.AddressFamily;
import io.jvs.spi.DestinationView;
import io.jvs.spi.EvictionReason;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.PacketView;
import io.jvs.spi.Scheduler;

/**
 * Opens a connection for a new flow of a service, as IPVS's {@code ip_vs_schedule} with
 * {@code ip_vs_sched_persist}: a persistence template chooses the destination when one exists for
 * the client's network (and its destination is still usable), otherwise the service's scheduler
 * does (and a template is created for a persistent service); then the connection is inserted with
 * its session key, template link, timeout profile and, for FULLNAT, a local address and port.
 *
 * <p>Shared by every data plane that keeps a connection table: the packet pipeline and the proxy.
 * One instance per worker (or event loop); not thread-safe; allocation-free. Scheduler exceptions
 * and foreign destinations are counted as scheduler errors and the flow is refused.
 */
public final class FlowScheduler {

    private final int workerIndex;
    private final ConnectionTable table;
    private final DestinationRegistry registry;
    private final Tunables tunables;
    private final WorkerCounters counters;
    private final LocalAddressPool localAddresses;
    private final FlowKey templateKey = new FlowKey();
    private final FlowKey probe = new FlowKey();
    private final ConnectionSpec spec = new ConnectionSpec();
    private final int[] destinationWords = new int[4];
    private final int[] localWords = new int[5];

    /**
     * Creates a worker's flow scheduler.
     *
     * @param workerIndex the worker's index, for per-worker counters
     * @param table the worker's connection table
     * @param registry destination ids to objects
     * @param tunables the live IPVS sysctls
     * @param counters the worker's counters
     * @param localAddresses the worker's FULLNAT local addresses
     */
    public FlowScheduler(int workerIndex, ConnectionTable table, DestinationRegistry registry, Tunables tunables,
            WorkerCounters counters, LocalAddressPool localAddresses) {
        this.workerIndex = workerIndex;
        this.table = table;
        this.registry = registry;
        this.tunables = tunables;
        this.counters = counters;
        this.localAddresses = localAddresses;
    }

    /**
     * Chooses a destination for a new flow and inserts its connection (in its initial state: the
     * caller reports the flow's first packet with {@link ConnectionTable#packet}).
     *
     * @param service the flow's service
     * @param packet the flow's first packet (or, in the proxy, its first bytes)
     * @param key the flow's tuple, client to virtual address
     * @param forwarding the forwarding method to record, or {@code null} for the destination's own
     * @param nowNanos the current time
     * @return the new entry id, or {@link ConnectionTable#MISSING} when no destination was eligible,
     *     the scheduler failed, or the table refused the entry (each counted)
     */
    public int open(VirtualService service, PacketView packet, FlowKey key, ForwardingMethod forwarding,
            long nowNanos) {
        return open(service, packet, key, forwarding, false, nowNanos);
    }

    /**
     * As {@link #open(VirtualService, PacketView, FlowKey, ForwardingMethod, long)}, optionally marking
     * the connection as opened by the SYN proxy ({@link ConnectionSpec#synProxy}).
     *
     * @param service the flow's service
     * @param packet the flow's first packet, or a view of its first payload bytes
     * @param key the flow's tuple, client to virtual address
     * @param forwarding the forwarding method to record, or {@code null} for the destination's own
     * @param synProxied true when the SYN proxy opens the connection
     * @param nowNanos the current time
     * @return the new entry id, or {@link ConnectionTable#MISSING} (counted)
     */
    public int open(VirtualService service, PacketView packet, FlowKey key, ForwardingMethod forwarding,
            boolean synProxied, long nowNanos) {
        Scheduler scheduler = service.scheduler();
        long sessionKey = sessionKey(scheduler, packet);
        int template = ConnectionTable.MISSING;
        RealServer dest;
        if (service.persistenceTimeoutNanos() != 0) {
            template = persistenceTemplate(service, packet, nowNanos);
            if (template != ConnectionTable.MISSING) {
                dest = registry.get(table.destinationId(template));
                table.touch(template, nowNanos);
                counters.increment(WorkerCounters.PERSISTENCE_HITS);
            } else {
                dest = schedule(service, scheduler, packet, nowNanos);
                if (dest == null) {
                    return ConnectionTable.MISSING;
                }
                template = insertTemplate(service, dest, nowNanos);
            }
        } else {
            dest = schedule(service, scheduler, packet, nowNanos);
            if (dest == null) {
                return ConnectionTable.MISSING;
            }
        }
        int entry = insertConnection(service, dest, packet, key, forwarding, sessionKey, template, synProxied,
                nowNanos);
        if (entry == ConnectionTable.MISSING) {
            counters.increment(WorkerCounters.TABLE_FULL);
            return ConnectionTable.MISSING;
        }
        counters.increment(WorkerCounters.NEW_CONNECTIONS);
        dest.traffic().add(workerIndex, DestinationTraffic.CONNECTIONS, 1);
        return entry;
    }

    /**
     * Asks a scheduler for a packet's session key, counting a failure as a scheduler error.
     *
     * @param scheduler the service's scheduler
     * @param packet the packet
     * @return the key, or {@link Scheduler#NO_SESSION_KEY}
     */
    public long sessionKey(Scheduler scheduler, PacketView packet) {
        try {
            return scheduler.sessionKey(packet);
        } catch (RuntimeException e) {
            counters.increment(WorkerCounters.SCHEDULER_ERRORS);
            return Scheduler.NO_SESSION_KEY;
        }
    }

    private RealServer schedule(VirtualService service, Scheduler scheduler, PacketView packet, long now) {
        DestinationView chosen;
        try {
            chosen = scheduler.schedule(service, packet, now);
        } catch (RuntimeException e) {
            counters.increment(WorkerCounters.SCHEDULER_ERRORS);
            return null;
        }
        if (chosen == null) {
            counters.increment(WorkerCounters.NO_DESTINATION);
            return null;
        }
        if (!(chosen instanceof RealServer rs) || rs.service() != service) {
            counters.increment(WorkerCounters.SCHEDULER_ERRORS);
            return null;
        }
        return rs;
    }

    /**
     * Finds the service's persistence template for the packet's client; a template whose
     * destination is gone (or quiescent, with {@code expire_quiescent_template}) is removed and not
     * used.
     */
    private int persistenceTemplate(VirtualService service, PacketView packet, long now) {
        fillTemplateKey(service, packet);
        int template = table.lookupTemplate(templateKey);
        if (template == ConnectionTable.MISSING) {
            return template;
        }
        RealServer d = registry.get(table.destinationId(template));
        if (d == null || !d.isAvailable()) {
            table.remove(template, EvictionReason.DEST_REMOVED, now);
            return ConnectionTable.MISSING;
        }
        if (d.weight() == 0 && tunables.expireQuiescentTemplate()) {
            table.remove(template, EvictionReason.DEST_QUIESCED, now);
            return ConnectionTable.MISSING;
        }
        return template;
    }

    private void fillTemplateKey(VirtualService service, PacketView p) {
        int prefix = service.persistencePrefix();
        int family = p.family();
        boolean v6 = family == AddressFamily.IPV6;
        int s0 = p.sourceAddressWord(0) & IpAddress.wordMask(prefix);
        int s1 = v6 ? p.sourceAddressWord(1) & IpAddress.wordMask(prefix - 32) : 0;
        int s2 = v6 ? p.sourceAddressWord(2) & IpAddress.wordMask(prefix - 64) : 0;
        int s3 = v6 ? p.sourceAddressWord(3) & IpAddress.wordMask(prefix - 96) : 0;
        if (service.firewallMark() != 0) {
            // IPVS keys firewall-mark templates by protocol IPPROTO_IP and the mark in place of the address.
            templateKey.set(family, 0, s0, s1, s2, s3, 0, service.firewallMark(), 0, 0, 0, 0);
        } else {
            templateKey.set(family, service.protocol(), s0, s1, s2, s3, 0, service.virtualAddressWord(0),
                    service.virtualAddressWord(1), service.virtualAddressWord(2), service.virtualAddressWord(3),
                    service.virtualPort());
        }
    }

    private int insertTemplate(VirtualService service, RealServer dest, long now) {
        spec.clear().flow(templateKey)
                .destinationWords(dest.addressWord(0), dest.addressWord(1), dest.addressWord(2),
                        dest.addressWord(3), dest.port())
                .forwarding(dest.forwardingMethod())
                .destId(dest.id());
        return table.insertTemplate(spec, service.persistenceTimeoutNanos(), now);
    }

    private int insertConnection(VirtualService service, RealServer dest, PacketView p, FlowKey key,
            ForwardingMethod forwarding, long sessionKey, int template, boolean synProxied, long now) {
        ForwardingMethod method = forwarding == null ? dest.forwardingMethod() : forwarding;
        int destinationPort = dest.port() == 0 ? p.destinationPort() : dest.port();
        boolean v6 = dest.family() == AddressFamily.IPV6;
        destinationWords[0] = dest.addressWord(0);
        destinationWords[1] = v6 ? dest.addressWord(1) : 0;
        destinationWords[2] = v6 ? dest.addressWord(2) : 0;
        destinationWords[3] = v6 ? dest.addressWord(3) : 0;
        spec.clear().flow(key)
                .destinationWords(destinationWords[0], destinationWords[1], destinationWords[2], destinationWords[3],
                        destinationPort)
                .forwarding(method)
                .destId(dest.id())
                .session(service.id(), sessionKey)
                .profile(service.timeoutProfileId())
                .controlledBy(template)
                .synProxy(synProxied);
        if (method == ForwardingMethod.FULLNAT) {
            if (!localAddresses.allocate(table, probe, dest.family(), p.protocol(), destinationWords, destinationPort,
                    localWords)) {
                return ConnectionTable.MISSING;
            }
            spec.localWords(localWords[0], localWords[1], localWords[2], localWords[3], localWords[4]);
        }
        return table.insert(spec, now);
    }
}
