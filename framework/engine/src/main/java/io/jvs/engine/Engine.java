package io.jvs.engine;

import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.conn.ConnectionTableConfig;
import io.jvs.engine.conn.EvictionSink;
import io.jvs.engine.eviction.EvictionDispatcher;
import io.jvs.engine.io.PacketIo;
import io.jvs.engine.pipeline.ConnectionForwarder;
import io.jvs.engine.pipeline.LocalAddressPool;
import io.jvs.engine.pipeline.PacketPipeline;
import io.jvs.engine.service.ConnectionFlusher;
import io.jvs.engine.service.DestinationRegistry;
import io.jvs.engine.service.RealServer;
import io.jvs.engine.service.RegisteredDestinations;
import io.jvs.engine.service.SchedulerProvider;
import io.jvs.engine.service.ServiceManager;
import io.jvs.engine.service.VirtualService;
import io.jvs.engine.synproxy.SynCookies;
import io.jvs.engine.synproxy.SynProxySettings;
import io.jvs.engine.worker.AgentRunner;
import io.jvs.engine.worker.FlowSteering;
import io.jvs.engine.worker.IdleStrategy;
import io.jvs.engine.worker.Worker;
import io.jvs.engine.worker.WorkerCommand;
import io.jvs.engine.worker.WorkerCounters;
import io.jvs.spi.EvictionReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The packet engine: services, workers with their connection-table shards and pipelines, the
 * eviction dispatcher, wired over one {@link PacketIo}. The control plane changes services through
 * {@link #services()}; removals of connections reach the workers as commands.
 *
 * <p>{@link #start(LongSupplier)} runs each worker on its own thread. Without it (the embedded
 * engine, tests, replays), the caller drives the workers with {@link Worker#doWork(long)}.
 */
public final class Engine implements AutoCloseable {

    private final EngineSettings settings;
    private final PacketIo io;
    private final DestinationRegistry registry = new DestinationRegistry();
    private final ServiceManager services;
    private final Tunables tunables = new Tunables();
    private final EvictionDispatcher evictions = new EvictionDispatcher();
    private final List<Worker> workers = new ArrayList<>();
    private final List<AgentRunner> runners = new ArrayList<>();
    private final FlowSteering steering;

    /**
     * Creates an engine; no thread starts yet.
     *
     * @param settings engine settings
     * @param schedulers creates scheduler instances by name
     * @param io the data plane; its queue count must equal {@code settings.workers()}
     */
    public Engine(EngineSettings settings, SchedulerProvider schedulers, PacketIo io) {
        if (io.queueCount() != settings.workers()) {
            throw new IllegalArgumentException("the data plane has " + io.queueCount() + " queues for "
                    + settings.workers() + " workers");
        }
        this.settings = settings;
        this.io = io;
        this.steering = new FlowSteering(settings.workers(), settings.forwarding());
        this.services = new ServiceManager(schedulers, registry, settings.workers());
        this.services.setConnectionFlusher(new WorkerFlusher());
        this.services.setExpireNodestConn(tunables::expireNodestConn);
        this.services.setTimeoutProfileSink((id, profile) -> broadcast((worker, now) -> worker.table().setProfile(id, profile)));
        SynProxySettings.CookieKey key = settings.synProxy().cookieKey();
        SynCookies cookies = key == null ? SynCookies.random()
                : new SynCookies(key.high(), key.low());
        RegisteredDestinations bindings = new RegisteredDestinations(registry);
        EvictionSink sink = (view, reason, nowNanos) -> evictions.dispatch(view, reason, nowNanos);
        for (int w = 0; w < settings.workers(); w++) {
            ConnectionTableConfig config = new ConnectionTableConfig(settings.connectionsPerWorker())
                    .profiles(List.of(settings.timeouts()))
                    .seed(0x6A7673L + w);
            ConnectionTable table = new ConnectionTable(config, bindings, bindings, sink);
            WorkerCounters counters = new WorkerCounters();
            ConnectionForwarder forwarder = new ConnectionForwarder(settings.forwarding(), settings.neighbors(), w);
            LocalAddressPool pool = new LocalAddressPool(settings.forwarding(), w, settings.workers());
            PacketPipeline pipeline = new PacketPipeline(w, table, services::table, registry, tunables, counters,
                    forwarder, pool, settings.synProxy(), cookies.copy());
            if (settings.unmatchedToKernel()) {
                pipeline.routeUnmatchedToKernel();
            }
            workers.add(new Worker(w, io, settings.batchCapacity(), table, pipeline, counters,
                    settings.commandCapacity()));
        }
    }

    /** Returns the settings. @return the settings */
    public EngineSettings settings() {
        return settings;
    }

    /** Returns the service manager, through which every service change goes. @return the manager */
    public ServiceManager services() {
        return services;
    }

    /** Returns the live IPVS sysctls. @return the tunables */
    public Tunables tunables() {
        return tunables;
    }

    /** Returns the eviction dispatcher (listeners and counts by reason). @return the dispatcher */
    public EvictionDispatcher evictions() {
        return evictions;
    }

    /** Returns the destination registry. @return the registry */
    public DestinationRegistry registry() {
        return registry;
    }

    /** Returns the workers. @return an unmodifiable list */
    public List<Worker> workers() {
        return List.copyOf(workers);
    }

    /** Returns the software steering for data planes without symmetric RSS. @return the steering */
    public FlowSteering steering() {
        return steering;
    }

    /** Returns the data plane. @return the packet I/O */
    public PacketIo io() {
        return io;
    }

    /**
     * Sums one counter over all workers.
     *
     * @param counter a {@link WorkerCounters} index
     * @return the sum
     */
    public long counter(int counter) {
        long sum = 0;
        for (Worker w : workers) {
            sum += w.counters().get(counter);
        }
        return sum;
    }

    /**
     * Starts one thread per worker.
     *
     * @param clock the monotonic clock, nanoseconds
     */
    public synchronized void start(LongSupplier clock) {
        if (!runners.isEmpty()) {
            throw new IllegalStateException("already started");
        }
        for (Worker w : workers) {
            runners.add(new AgentRunner(w, new IdleStrategy(), clock));
        }
    }

    /**
     * Tells whether worker threads run ({@link #start(LongSupplier)} was called and not closed).
     * Without threads, only the caller that drives the workers may read their tables.
     *
     * @return {@code true} while worker threads run
     */
    public synchronized boolean isStarted() {
        return !runners.isEmpty();
    }

    /**
     * Replaces the engine's own timeouts ({@code ipvsadm --set tcp tcpfin udp}); connections take
     * them from their next packet on.
     *
     * @param profile the timeouts
     */
    public void setTimeouts(io.jvs.engine.conn.TimeoutProfile profile) {
        broadcast((worker, now) -> worker.table().setProfile(0, profile));
    }

    /**
     * Sends a command to every worker.
     *
     * @param command the command
     * @throws IllegalStateException when a worker's queue stays full
     */
    public void broadcast(WorkerCommand command) {
        for (Worker w : workers) {
            int tries = 0;
            while (!w.offer(command)) {
                if (++tries > 10_000) {
                    throw new IllegalStateException(w.roleName() + ": command queue full");
                }
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Waits until every worker has applied the commands sent so far (threads must be running).
     *
     * @param timeoutMillis how long to wait
     * @return {@code false} on timeout
     * @throws InterruptedException when interrupted
     */
    public boolean awaitCommands(long timeoutMillis) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(workers.size());
        broadcast((worker, now) -> latch.countDown());
        return latch.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops the worker threads, if started. The data plane is closed by its owner. */
    @Override
    public synchronized void close() {
        for (AgentRunner r : runners) {
            r.close();
        }
        runners.clear();
    }

    /** Removes entries on every worker on behalf of the service manager. */
    private final class WorkerFlusher implements ConnectionFlusher {
        @Override
        public void flushDestination(RealServer destination, EvictionReason reason) {
            int id = destination.id();
            broadcast((worker, now) -> worker.table().flushDestination(id, reason, now));
        }

        @Override
        public void flushService(VirtualService service, EvictionReason reason) {
            broadcast((worker, now) -> worker.table().flushService(service, reason, now));
        }
    }
}
