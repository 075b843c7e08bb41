package io.jvs.proxy;

import io.jvs.engine.Tunables;
import io.jvs.engine.conn.TimeoutProfile;
import io.jvs.engine.eviction.EvictionDispatcher;
import io.jvs.engine.service.ConnectionFlusher;
import io.jvs.engine.service.DestinationRegistry;
import io.jvs.engine.service.RealServer;
import io.jvs.engine.service.SchedulerProvider;
import io.jvs.engine.service.ServiceChangeListener;
import io.jvs.engine.service.ServiceKey;
import io.jvs.engine.service.ServiceManager;
import io.jvs.engine.service.ServiceTable;
import io.jvs.engine.service.TimeoutProfileSink;
import io.jvs.engine.service.VirtualService;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.EvictionReason;
import io.jvs.spi.IpProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The kernel-socket data plane: a TCP and UDP full proxy over the same services, schedulers,
 * connection tables, persistence, eviction notifications and counters as the packet engine. It needs
 * no privileges, so it is the default data plane of {@code jvs run}.
 *
 * <pre>
 *   ServiceManager.apply ──(change listener)──> one listening socket per service and event loop
 *                                                (SO_REUSEPORT: the kernel spreads clients over loops)
 *   client ──accept──> loop k: [peek first bytes] ─ FlowScheduler.open (template? scheduler, insert)
 *                      ─ connect (retries) ─ relay both ways ─ entry removed: CLOSED / EXPIRED / ...
 * </pre>
 *
 * <p>Wiring: construct it over the control plane's {@link ServiceManager} (created with
 * {@code workers >= settings.eventLoops()}, for the destinations' per-worker traffic counters), the
 * live {@link Tunables} and the {@link EvictionDispatcher} whose listeners should hear of proxy
 * connections; or let {@link #create(ProxySettings, SchedulerProvider)} make all of them. The data
 * plane takes over the manager's connection flusher and timeout-profile sink. Then {@link #start()};
 * services applied before or after are listened for. {@link #close()} drains.
 *
 * <p><b>Threads:</b> the public methods may be called from any thread; the loops own their tables.
 */
public final class ProxyDataPlane implements AutoCloseable {

    /** Commands that may wait per loop. */
    static final int COMMAND_CAPACITY = 4096;
    private static final long COMMAND_WAIT_MILLIS = 10_000;
    private static final System.Logger LOG = System.getLogger(ProxyDataPlane.class.getName());

    private final ProxySettings settings;
    private final ServiceManager services;
    private final Tunables tunables;
    private final EvictionDispatcher evictions;
    private final List<ProxyLoop> loops = new ArrayList<>();
    private final Map<ServiceKey, ProxiedService> listening = new LinkedHashMap<>();
    private final Map<ServiceKey, ServiceOptions> options = new ConcurrentHashMap<>();
    private final List<String> listenerErrors = new CopyOnWriteArrayList<>();
    private final ServiceChangeListener changeListener = this::servicesChanged;
    private boolean started;
    private boolean closed;

    /**
     * Creates the data plane over an existing control plane; no thread starts yet.
     *
     * @param settings the settings
     * @param services the service manager; its worker count must be at least the event-loop count
     * @param tunables the live IPVS sysctls
     * @param evictions the dispatcher that hears every removed entry
     * @throws IllegalArgumentException when the manager has fewer workers than there are loops
     */
    public ProxyDataPlane(ProxySettings settings, ServiceManager services, Tunables tunables,
            EvictionDispatcher evictions) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.services = Objects.requireNonNull(services, "services");
        this.tunables = Objects.requireNonNull(tunables, "tunables");
        this.evictions = Objects.requireNonNull(evictions, "evictions");
        if (services.workerCount() < settings.eventLoops()) {
            throw new IllegalArgumentException("the service manager counts traffic for " + services.workerCount()
                    + " workers, the proxy has " + settings.eventLoops() + " event loops");
        }
    }

    /**
     * Creates a data plane with its own control plane: destination registry, service manager (one
     * worker stripe per loop), tunables and eviction dispatcher.
     *
     * @param settings the settings
     * @param schedulers creates scheduler instances by name
     * @return the data plane, not started
     */
    public static ProxyDataPlane create(ProxySettings settings, SchedulerProvider schedulers) {
        ServiceManager manager = new ServiceManager(schedulers, new DestinationRegistry(), settings.eventLoops());
        return new ProxyDataPlane(settings, manager, new Tunables(), new EvictionDispatcher());
    }

    /**
     * Starts the event loops and opens listening sockets for the services applied so far; later
     * changes open and close sockets as they are applied.
     *
     * @throws IOException when a selector cannot be opened
     * @throws IllegalStateException when started twice or after close
     */
    public synchronized void start() throws IOException {
        if (started || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        for (int i = 0; i < settings.eventLoops(); i++) {
            loops.add(new ProxyLoop(i, settings, services.registry(), tunables, evictions));
        }
        started = true;
        ProxyLoop[] all = loops.toArray(new ProxyLoop[0]);
        for (ProxyLoop l : loops) {
            l.setSiblings(all);
            l.start();
        }
        services.setConnectionFlusher(new LoopFlusher());
        services.setExpireNodestConn(tunables::expireNodestConn);
        services.setTimeoutProfileSink(profileSink());
        for (VirtualService s : services.table().services()) {
            if (s.spec().timeouts() != null && s.timeoutProfileId() != 0) {
                int id = s.timeoutProfileId();
                TimeoutProfile p = s.spec().timeouts();
                broadcast((loop, now) -> loop.table.setProfile(id, p));
            }
        }
        services.addChangeListener(changeListener);
        servicesChanged(services.table());
    }

    private TimeoutProfileSink profileSink() {
        return (id, profile) -> broadcast((loop, now) -> loop.table.setProfile(id, profile));
    }

    /** Returns the settings. @return the settings */
    public ProxySettings settings() {
        return settings;
    }

    /** Returns the service manager, through which every service change goes. @return the manager */
    public ServiceManager services() {
        return services;
    }

    /** Returns the destination registry. @return the registry */
    public DestinationRegistry registry() {
        return services.registry();
    }

    /** Returns the live IPVS sysctls. @return the tunables */
    public Tunables tunables() {
        return tunables;
    }

    /** Returns the eviction dispatcher (listeners and counts by reason). @return the dispatcher */
    public EvictionDispatcher evictions() {
        return evictions;
    }

    /**
     * Sets one service's options (connection limit, PROXY protocol); they apply to new connections.
     *
     * @param key the service's key (the service need not exist yet)
     * @param value the options, or {@code null} for the defaults
     * @throws IllegalArgumentException for PROXY protocol v1 on a UDP service
     */
    public void setServiceOptions(ServiceKey key, ServiceOptions value) {
        if (value != null && value.proxyProtocol() == ProxyProtocolVersion.V1 && key.protocol() == IpProtocol.UDP) {
            throw new IllegalArgumentException(key.name() + ": PROXY protocol v1 has no UDP form; use v2");
        }
        if (value == null) {
            options.remove(key);
        } else {
            options.put(key, value);
        }
        synchronized (this) {
            ProxiedService s = listening.get(key);
            if (s != null) {
                s.setOptions(serviceOptions(key));
            }
        }
    }

    /**
     * Returns the options in force for a service.
     *
     * @param key the service's key
     * @return its own options, or the defaults
     */
    public ServiceOptions serviceOptions(ServiceKey key) {
        return options.getOrDefault(key, settings.defaultServiceOptions());
    }

    /**
     * Replaces the engine-wide timeouts ({@code ipvsadm --set}); connections take them from their next
     * state change or read on.
     *
     * @param profile the timeouts
     */
    public void setTimeouts(TimeoutProfile profile) {
        broadcast((loop, now) -> loop.table.setProfile(0, profile));
    }

    /**
     * Sums one of the proxy's own counters over the loops.
     *
     * @param counter a {@link ProxyCounters} index
     * @return the sum
     */
    public long counter(int counter) {
        long sum = 0;
        for (ProxyLoop l : loopsSnapshot()) {
            sum += l.counters.get(counter);
        }
        return sum;
    }

    /**
     * Sums one of the counters the proxy shares with the packet engine (new connections, no
     * destination, table full, persistence hits, scheduler errors, expired) over the loops.
     *
     * @param counter a {@link WorkerCounters} index
     * @return the sum
     */
    public long workerCounter(int counter) {
        long sum = 0;
        for (ProxyLoop l : loopsSnapshot()) {
            sum += l.workerCounters.get(counter);
        }
        return sum;
    }

    /** Returns all counters by name, for listings and metrics. @return name to value, in a fixed order */
    public Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int c = 0; c < ProxyCounters.COUNT; c++) {
            out.put(ProxyCounters.name(c), counter(c));
        }
        for (int c : new int[] {WorkerCounters.NEW_CONNECTIONS, WorkerCounters.NO_DESTINATION,
                WorkerCounters.TABLE_FULL, WorkerCounters.PERSISTENCE_HITS, WorkerCounters.SCHEDULER_ERRORS,
                WorkerCounters.EXPIRED}) {
            out.put(WorkerCounters.name(c), workerCounter(c));
        }
        return out;
    }

    /** Returns the TCP connections open now (waiting for bytes, connecting or relaying). @return the count */
    public int openConnections() {
        int n = 0;
        for (ProxyLoop l : loopsSnapshot()) {
            n += l.openRelays();
        }
        return n;
    }

    /** Returns the UDP sessions open now. @return the count */
    public int openSessions() {
        int n = 0;
        for (ProxyLoop l : loopsSnapshot()) {
            n += l.openSessions();
        }
        return n;
    }

    /**
     * Returns the connections and sessions one service holds now (what its limit is checked against).
     *
     * @param key the service's key
     * @return the count, 0 when the proxy does not listen for it
     */
    public synchronized int openConnections(ServiceKey key) {
        ProxiedService s = listening.get(key);
        return s == null ? 0 : s.openCount();
    }

    /** Returns the services the proxy listens for now. @return their keys */
    public synchronized List<ServiceKey> listeningServices() {
        return List.copyOf(listening.keySet());
    }

    /** Returns why services could not be listened for (bind errors, unsupported kinds), oldest first. @return the messages */
    public List<String> listenerErrors() {
        return List.copyOf(listenerErrors);
    }

    /**
     * Waits until every loop has applied the commands sent so far.
     *
     * @param timeoutMillis how long to wait
     * @return {@code false} on timeout
     * @throws InterruptedException when interrupted
     */
    public boolean awaitLoops(long timeoutMillis) throws InterruptedException {
        List<ProxyLoop> current = loopsSnapshot();
        CountDownLatch latch = new CountDownLatch(current.size());
        broadcast((loop, now) -> latch.countDown());
        return latch.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops accepting, lets open connections finish for up to the settings' drain timeout, then
     * closes the rest (their entries removed with {@link EvictionReason#FLUSHED}) and stops the loops.
     */
    @Override
    public void close() {
        close(settings.drainTimeoutNanos());
    }

    /**
     * Same as {@link #close()} with another drain timeout.
     *
     * @param drainNanos how long open connections may take to finish, nanoseconds
     */
    public void close(long drainNanos) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            services.removeChangeListener(changeListener);
            if (!started) {
                return;
            }
            for (ProxiedService s : listening.values()) {
                broadcast((loop, now) -> loop.removeListener(s));
            }
        }
        try {
            awaitLoops(COMMAND_WAIT_MILLIS);
            synchronized (this) {
                listening.clear();
            }
            long deadline = System.nanoTime() + drainNanos;
            while (openConnections() > 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            broadcast((loop, now) -> loop.table.flushAll(EvictionReason.FLUSHED, now));
            awaitLoops(COMMAND_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProxyLoop l : loops) {
            l.stop();
        }
        for (ProxyLoop l : loops) {
            try {
                l.join(COMMAND_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        services.setConnectionFlusher(ConnectionFlusher.NONE);
        services.setTimeoutProfileSink(TimeoutProfileSink.NONE);
    }

    // ------------------------------------------------------------------------------------- listeners

    /** Opens and closes listening sockets so that there is one per proxied service and loop. */
    private synchronized void servicesChanged(ServiceTable table) {
        if (closed || !started) {
            return;
        }
        Map<ServiceKey, VirtualService> wanted = new HashMap<>();
        for (VirtualService s : table.services()) {
            ServiceKey k = s.key();
            if (k.isFirewallMark()) {
                noteOnce(k, "firewall-mark services need the packet engine; the proxy does not listen for " + k.name());
            } else if (k.port() == 0) {
                noteOnce(k, "services on all ports (port 0) need the packet engine; the proxy does not listen for "
                        + k.name());
            } else if (k.protocol() != IpProtocol.TCP && k.protocol() != IpProtocol.UDP) {
                noteOnce(k, "the proxy relays TCP and UDP only, not " + k.name());
            } else {
                wanted.put(k, s);
            }
        }
        for (var it = listening.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            VirtualService now = wanted.get(e.getKey());
            if (now == null) {
                ProxiedService gone = e.getValue();
                broadcast((loop, t) -> loop.removeListener(gone));
                it.remove();
            } else if (socketsFor(now) != e.getValue().sockets) {
                // A UDP service became persistent or stopped being so: rebind with the right socket count.
                ProxiedService old = e.getValue();
                broadcast((loop, t) -> loop.removeListener(old));
                it.remove();
            } else if (now != e.getValue().service()) {
                e.getValue().setService(now);
            }
        }
        try {
            // Closed sockets must be gone before the same address is bound again.
            awaitLoops(COMMAND_WAIT_MILLIS);
            for (var e : wanted.entrySet()) {
                if (!listening.containsKey(e.getKey())) {
                    bind(e.getValue());
                }
            }
            awaitLoops(COMMAND_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final java.util.Set<String> noted = ConcurrentHashMap.newKeySet();

    private void noteOnce(ServiceKey key, String message) {
        if (noted.add(key.name())) {
            listenerErrors.add(message);
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }

    /** Binds one socket per loop for a service; on any failure none is kept and the error is recorded. */
    private void bind(VirtualService service) {
        ServiceKey k = service.key();
        ProxiedService ps = new ProxiedService(service, serviceOptions(k));
        InetSocketAddress address = new InetSocketAddress(k.address().toInetAddress(), k.port());
        StandardProtocolFamily family = k.family() == io.jvs.spi.AddressFamily.IPV6
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        List<NetworkChannel> opened = new ArrayList<>();
        try {
            int sockets = socketsFor(service);
            ps.sockets = sockets;
            for (int i = 0; i < sockets; i++) {
                if (k.protocol() == IpProtocol.TCP) {
                    ServerSocketChannel c = ServerSocketChannel.open(family);
                    opened.add(c);
                    c.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    if (sockets > 1) {
                        c.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                    }
                    c.configureBlocking(false);
                    c.bind(address, settings.acceptBacklog());
                } else {
                    DatagramChannel c = DatagramChannel.open(family);
                    opened.add(c);
                    if (sockets > 1) {
                        c.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                    }
                    c.configureBlocking(false);
                    c.bind(address);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (NetworkChannel c : opened) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // Closing what was opened is all there is left to do.
                }
            }
            String message = k.name() + ": cannot listen: " + e;
            listenerErrors.add(message);
            LOG.log(System.Logger.Level.WARNING, message);
            return;
        }
        int first = opened.size() == 1 ? Math.floorMod(k.hashCode(), loops.size()) : 0;
        for (int i = 0; i < opened.size(); i++) {
            ListeningSocket socket = new ListeningSocket(ps, (java.nio.channels.SelectableChannel) opened.get(i));
            send(loops.get(first + i), (loop, now) -> loop.addListener(socket));
        }
        listening.put(k, ps);
    }

    /**
     * One socket per loop, except where the kernel's spreading would split what must stay in one
     * table: a persistent UDP service is served by one loop (its templates key on the client's network,
     * while {@code SO_REUSEPORT} spreads UDP by the client's port too). Persistent TCP services keep
     * one socket per loop and hand connections to the owning loop instead.
     */
    private int socketsFor(VirtualService service) {
        ServiceKey k = service.key();
        if (!reusePortSupported(k.protocol())) {
            return 1;
        }
        if (k.protocol() == IpProtocol.UDP && service.persistenceTimeoutNanos() != 0) {
            return 1;
        }
        return loops.size();
    }

    private static boolean reusePortSupported(int protocol) {
        try (NetworkChannel c = protocol == IpProtocol.TCP ? ServerSocketChannel.open() : DatagramChannel.open()) {
            return c.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------- commands

    private synchronized List<ProxyLoop> loopsSnapshot() {
        return List.copyOf(loops);
    }

    private void broadcast(LoopCommand command) {
        for (ProxyLoop l : loopsSnapshot()) {
            send(l, command);
        }
    }

    private static void send(ProxyLoop loop, LoopCommand command) {
        int tries = 0;
        while (!loop.offer(command)) {
            if (++tries > 100_000 || !loop.isAlive()) {
                throw new IllegalStateException("jvs-proxy-" + loop.index + ": command queue full");
            }
            Thread.onSpinWait();
        }
    }

    /** Removes entries on every loop on behalf of the service manager. */
    private final class LoopFlusher implements ConnectionFlusher {
        @Override
        public void flushDestination(RealServer destination, EvictionReason reason) {
            int id = destination.id();
            broadcast((loop, now) -> loop.table.flushDestination(id, reason, now));
        }

        @Override
        public void flushService(VirtualService service, EvictionReason reason) {
            broadcast((loop, now) -> loop.table.flushService(service, reason, now));
        }
    }
}
