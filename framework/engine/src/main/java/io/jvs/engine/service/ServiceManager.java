package io.jvs.engine.service;

import io.jvs.spi.EvictionReason;
import io.jvs.spi.Scheduler;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The control-plane side of the engine's services: applies a desired set of services atomically
 * and publishes the result for the workers.
 *
 * <p>Every change goes through {@link #apply(List)} in two phases. <b>Prepare</b> validates the
 * whole set and creates everything new (services, destinations, scheduler instances) without making
 * it visible; any failure aborts the whole apply and leaves the running state untouched.
 * <b>Commit</b> publishes destination snapshots, schedulers and the service table (volatile writes),
 * calls the scheduler hooks, and asks the workers to remove the entries of removed destinations
 * (when {@code expire_nodest_conn} is on) and of deleted services.
 *
 * <p>Services that the new set does not change are not touched at all: their objects, scheduler
 * state and connections stay as they are.
 *
 * <p><b>Thread safety:</b> {@code apply} is serialised ({@code synchronized}); lookups from
 * workers go through the published {@link ServiceTable} only.
 */
public final class ServiceManager {

    private static final System.Logger LOG = System.getLogger(ServiceManager.class.getName());

    private final SchedulerProvider schedulers;
    private final DestinationRegistry registry;
    private final int workers;
    private final AtomicLong schedulerHookErrors = new AtomicLong();
    private volatile ConnectionFlusher flusher = ConnectionFlusher.NONE;
    private volatile java.util.function.BooleanSupplier expireNodestConn = () -> false;
    private volatile ServiceTable table = ServiceTable.EMPTY;
    private volatile TimeoutProfileSink profileSink = TimeoutProfileSink.NONE;
    private final java.util.Map<io.jvs.engine.conn.TimeoutProfile, Integer> profileIds = new java.util.HashMap<>();
    private int nextServiceId = 1;
    private final java.util.List<ServiceChangeListener> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong changeListenerErrors = new AtomicLong();

    /**
     * Creates a manager with no services.
     *
     * @param schedulers creates scheduler instances by name
     * @param registry the destination id registry shared with the workers
     * @param workers number of workers (for per-worker counters)
     */
    public ServiceManager(SchedulerProvider schedulers, DestinationRegistry registry, int workers) {
        this.schedulers = Objects.requireNonNull(schedulers, "schedulers");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.workers = workers;
    }

    /**
     * Sets who removes connection entries for the control plane.
     *
     * @param value the flusher
     */
    public void setConnectionFlusher(ConnectionFlusher value) {
        this.flusher = Objects.requireNonNull(value);
    }

    /**
     * Sets IPVS's {@code expire_nodest_conn}: when on, removing a destination removes its
     * connections at once (reason {@link EvictionReason#DEST_REMOVED}); when off (IPVS's default),
     * they stay until they expire and their packets are dropped.
     *
     * @param value the setting
     */
    public void setExpireNodestConn(boolean value) {
        this.expireNodestConn = () -> value;
    }

    /**
     * Makes {@code expire_nodest_conn} follow a live setting.
     *
     * @param source read at each apply
     */
    public void setExpireNodestConn(java.util.function.BooleanSupplier source) {
        this.expireNodestConn = Objects.requireNonNull(source);
    }

    /**
     * Sets who receives the timeout profiles of services with their own timeouts.
     *
     * @param value the sink
     */
    public void setTimeoutProfileSink(TimeoutProfileSink value) {
        this.profileSink = Objects.requireNonNull(value);
    }

    /**
     * Returns the number of workers the destinations' per-worker traffic counters have stripes for; a
     * data plane may count with worker indexes {@code 0..workerCount()-1} only.
     *
     * @return the count given at construction
     */
    public int workerCount() {
        return workers;
    }

    /**
     * Adds a listener that hears of every committed change from now on.
     *
     * @param listener the listener
     */
    public void addChangeListener(ServiceChangeListener listener) {
        changeListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener added before; nothing happens when it is unknown.
     *
     * @param listener the listener
     */
    public void removeChangeListener(ServiceChangeListener listener) {
        changeListeners.remove(listener);
    }

    /** Returns how many change listeners threw. @return the count */
    public long changeListenerErrors() {
        return changeListenerErrors.get();
    }

    /** Returns the current service table; workers read it once per burst. @return the table */
    public ServiceTable table() {
        return table;
    }

    /** Returns the destination registry. @return the registry */
    public DestinationRegistry registry() {
        return registry;
    }

    /** Returns how many scheduler hooks threw. @return the count */
    public long schedulerHookErrors() {
        return schedulerHookErrors.get();
    }

    /**
     * Returns the running services' descriptions, in table order.
     *
     * @return the specs
     */
    public List<ServiceSpec> specs() {
        List<ServiceSpec> out = new ArrayList<>();
        for (VirtualService s : table.services()) {
            List<DestinationSpec> dests = new ArrayList<>();
            for (RealServer d : s.destinations().asList()) {
                dests.add(d.spec());
            }
            out.add(s.spec().withDestinations(dests));
        }
        return out;
    }

    /**
     * Adds or replaces one service, leaving the others as they are.
     *
     * @param spec the service
     * @throws IllegalArgumentException when the service is invalid; nothing changed
     */
    public synchronized void put(ServiceSpec spec) {
        List<ServiceSpec> next = new ArrayList<>();
        boolean replaced = false;
        for (ServiceSpec s : specs()) {
            if (s.key().equals(spec.key())) {
                next.add(spec);
                replaced = true;
            } else {
                next.add(s);
            }
        }
        if (!replaced) {
            next.add(spec);
        }
        apply(next);
    }

    /**
     * Deletes one service.
     *
     * @param key the service's key
     * @throws IllegalArgumentException when there is no such service
     */
    public synchronized void delete(ServiceKey key) {
        if (table.get(key) == null) {
            throw new IllegalArgumentException("no such service: " + key.name());
        }
        List<ServiceSpec> next = new ArrayList<>(specs());
        next.removeIf(s -> s.key().equals(key));
        apply(next);
    }

    /**
     * Makes the running services equal to {@code desired}, atomically.
     *
     * @param desired the complete set of services
     * @throws IllegalArgumentException when anything in the set is invalid (duplicate service,
     *     unknown scheduler, invalid parameters, ...); the message names the service and the field,
     *     and nothing changed
     */
    public synchronized void apply(List<ServiceSpec> desired) {
        Map<ServiceKey, ServiceSpec> wanted = new LinkedHashMap<>();
        for (ServiceSpec s : desired) {
            if (wanted.put(s.key(), s) != null) {
                throw new IllegalArgumentException("duplicate service " + s.key().name());
            }
        }
        java.util.Set<io.jvs.engine.conn.TimeoutProfile> distinct = new java.util.HashSet<>();
        for (ServiceSpec s : wanted.values()) {
            if (s.timeouts() != null) {
                distinct.add(s.timeouts());
            }
        }
        if (distinct.size() > io.jvs.engine.conn.ConnectionTable.MAX_PROFILES - 1) {
            throw new IllegalArgumentException("timeouts: at most " + (io.jvs.engine.conn.ConnectionTable.MAX_PROFILES - 1)
                    + " distinct per-service timeout settings, not " + distinct.size());
        }
        List<PendingService> pending = new ArrayList<>();
        try {
            for (ServiceSpec spec : wanted.values()) {
                pending.add(prepare(spec, table.get(spec.key())));
            }
        } catch (RuntimeException e) {
            for (PendingService p : pending) {
                p.abort();
            }
            throw e;
        }
        commit(pending, wanted);
    }

    private PendingService prepare(ServiceSpec spec, VirtualService live) {
        if (!schedulers.exists(spec.scheduler())) {
            // Let the provider produce its message listing the known names.
            schedulers.create(spec.scheduler(), spec.schedulerParameters(), null);
        }
        if (live == null) {
            VirtualService service = new VirtualService(nextServiceId, spec);
            List<RealServer> servers = new ArrayList<>();
            for (DestinationSpec d : spec.destinations()) {
                servers.add(new RealServer(registry.allocateId(), service, d, workers));
            }
            RealServerList list = RealServerList.of(servers);
            service.setDestinations(list);
            Scheduler scheduler = createScheduler(spec, service);
            PendingService created = new PendingService(spec, null, service, list, scheduler, List.of(), List.of(),
                    List.of());
            try {
                checkSynProxy(spec, scheduler);
            } catch (IllegalArgumentException e) {
                created.abort();
                throw e;
            }
            service.setScheduler(scheduler);
            return created;
        }
        RealServerList current = live.destinations();
        List<RealServer> next = new ArrayList<>();
        List<RealServer> added = new ArrayList<>();
        List<RealServer> updated = new ArrayList<>();
        List<DestinationSpec> updatedSpecs = new ArrayList<>();
        for (DestinationSpec d : spec.destinations()) {
            RealServer existing = current.find(d.address(), d.port());
            if (existing == null) {
                RealServer created = new RealServer(registry.allocateId(), live, d, workers);
                next.add(created);
                added.add(created);
            } else {
                next.add(existing);
                if (!existing.spec().equals(d)) {
                    updated.add(existing);
                    updatedSpecs.add(d);
                }
            }
        }
        List<RealServer> removed = new ArrayList<>();
        for (RealServer r : current.asList()) {
            if (!next.contains(r)) {
                removed.add(r);
            }
        }
        RealServerList list = RealServerList.of(next);
        ServiceSpec old = live.spec();
        boolean newScheduler = !old.scheduler().equals(spec.scheduler())
                || !old.schedulerParameters().equals(spec.schedulerParameters());
        Scheduler scheduler = newScheduler ? createScheduler(spec, new StagedServiceView(live, spec, list)) : null;
        PendingService p = new PendingService(spec, live, live, list, scheduler, added, removed, updated);
        p.updatedSpecs = updatedSpecs;
        try {
            checkSynProxy(spec, scheduler != null ? scheduler : live.scheduler());
        } catch (IllegalArgumentException e) {
            p.abort();
            throw e;
        }
        return p;
    }

    /**
     * Refuses delayed binding where replies bypass jvs: a TCP (or firewall-mark) service whose
     * scheduler needs payload bytes is SYN-proxied, and so is one with {@code synproxy}; both need
     * every destination to be NAT or FULLNAT.
     */
    private static void checkSynProxy(ServiceSpec spec, Scheduler scheduler) {
        if (VirtualService.synProxyMode(spec, scheduler) != VirtualService.SYNPROXY_OFF) {
            for (DestinationSpec d : spec.destinations()) {
                if (d.forwarding() != io.jvs.spi.ForwardingMethod.NAT
                        && d.forwarding() != io.jvs.spi.ForwardingMethod.FULLNAT) {
                    throw new IllegalArgumentException(spec.key().name() + ": " + (spec.synProxy() ? "synproxy: needs"
                            : "scheduler: " + spec.scheduler() + " needs payload bytes, so TCP connections are"
                            + " delayed-bound (SYN proxy), which needs") + " NAT or FULLNAT forwarding (replies must"
                            + " pass through jvs), but destination " + d.key() + " uses "
                            + d.forwarding().name().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
    }

    private Scheduler createScheduler(ServiceSpec spec, io.jvs.spi.ServiceView view) {
        try {
            Scheduler s = schedulers.create(spec.scheduler(), spec.schedulerParameters(), view);
            if (s == null) {
                throw new IllegalArgumentException(spec.key().name() + ": scheduler " + spec.scheduler()
                        + " returned no instance");
            }
            return s;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(spec.key().name() + ": " + e.getMessage(), e);
        }
    }

    /** Gives each distinct per-service timeout profile an id 1..255, keeping ids of profiles still in use. */
    private void assignProfiles(List<PendingService> pending) {
        java.util.Set<io.jvs.engine.conn.TimeoutProfile> used = new java.util.HashSet<>();
        for (PendingService p : pending) {
            if (p.spec.timeouts() != null) {
                used.add(p.spec.timeouts());
            }
        }
        profileIds.keySet().retainAll(used);
        for (PendingService p : pending) {
            io.jvs.engine.conn.TimeoutProfile t = p.spec.timeouts();
            if (t == null) {
                p.service.setTimeoutProfileId(0);
                continue;
            }
            Integer id = profileIds.get(t);
            if (id == null) {
                java.util.Set<Integer> taken = new java.util.HashSet<>(profileIds.values());
                id = 1;
                while (taken.contains(id)) {
                    id++;
                }
                profileIds.put(t, id);
                profileSink.define(id, t);
            }
            p.service.setTimeoutProfileId(id);
        }
    }

    private void commit(List<PendingService> pending, Map<ServiceKey, ServiceSpec> wanted) {
        assignProfiles(pending);
        List<VirtualService> deleted = new ArrayList<>();
        for (VirtualService s : table.services()) {
            if (!wanted.containsKey(s.key())) {
                deleted.add(s);
            }
        }
        List<VirtualService> services = new ArrayList<>();
        for (PendingService p : pending) {
            if (p.live == null) {
                for (RealServer d : p.destinations.asList()) {
                    registry.register(d);
                }
                services.add(p.service);
                continue;
            }
            VirtualService s = p.live;
            for (RealServer d : p.added) {
                registry.register(d);
            }
            for (int i = 0; i < p.updated.size(); i++) {
                p.updated.get(i).update(p.updatedSpecs.get(i));
            }
            s.setSpec(p.spec);
            s.setDestinations(p.destinations);
            for (RealServer d : p.removed) {
                d.setAvailable(false);
            }
            if (p.scheduler != null) {
                Scheduler old = s.scheduler();
                s.setScheduler(p.scheduler);
                runHook(() -> old.done(s));
            } else {
                Scheduler sch = s.scheduler();
                for (RealServer d : p.removed) {
                    runHook(() -> sch.destinationRemoved(s, d));
                }
                for (RealServer d : p.added) {
                    runHook(() -> sch.destinationAdded(s, d));
                }
                for (RealServer d : p.updated) {
                    runHook(() -> sch.destinationUpdated(s, d));
                }
            }
            services.add(s);
        }
        table = new ServiceTable(services);
        for (PendingService p : pending) {
            if (p.live != null && expireNodestConn.getAsBoolean()) {
                for (RealServer d : p.removed) {
                    flusher.flushDestination(d, EvictionReason.DEST_REMOVED);
                }
            }
        }
        for (VirtualService s : deleted) {
            for (RealServer d : s.destinations().asList()) {
                d.setAvailable(false);
            }
            Scheduler sch = s.scheduler();
            runHook(() -> sch.done(s));
            flusher.flushService(s, EvictionReason.FLUSHED);
        }
        ServiceTable published = table;
        for (ServiceChangeListener l : changeListeners) {
            try {
                l.servicesChanged(published);
            } catch (RuntimeException e) {
                changeListenerErrors.incrementAndGet();
                LOG.log(Level.WARNING, "service change listener failed: " + e, e);
            }
        }
    }

    private void runHook(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            schedulerHookErrors.incrementAndGet();
            LOG.log(Level.WARNING, "scheduler hook failed: " + e, e);
        }
    }

    /** A service prepared for commit, with what changes. */
    private final class PendingService {
        final ServiceSpec spec;
        final VirtualService live;
        final VirtualService service;
        final RealServerList destinations;
        final Scheduler scheduler;
        final List<RealServer> added;
        final List<RealServer> removed;
        final List<RealServer> updated;
        List<DestinationSpec> updatedSpecs = List.of();

        PendingService(ServiceSpec spec, VirtualService live, VirtualService service, RealServerList destinations,
                Scheduler scheduler, List<RealServer> added, List<RealServer> removed, List<RealServer> updated) {
            this.spec = spec;
            this.live = live;
            this.service = service;
            this.destinations = destinations;
            this.scheduler = scheduler;
            this.added = added;
            this.removed = removed;
            this.updated = updated;
            if (live == null) {
                nextServiceId++;
            }
        }

        void abort() {
            if (scheduler != null) {
                Scheduler s = scheduler;
                VirtualService view = service;
                runHook(() -> s.done(view));
            }
        }
    }
}
