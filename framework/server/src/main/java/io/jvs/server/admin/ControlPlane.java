package io.jvs.server.admin;

import io.jvs.engine.Engine;
import io.jvs.engine.conn.TimeoutProfile;
import io.jvs.engine.eviction.EvictionDispatcher;
import io.jvs.engine.service.ServiceManager;
import io.jvs.server.plugin.PluginReport;
import io.jvs.engine.service.RealServer;
import io.jvs.engine.service.VirtualService;
import io.jvs.server.metrics.MetricFamily;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the admin endpoint, the ipvsadm-style commands and the reloader act on: one running engine,
 * its clock, the engine-wide timeouts ({@code ipvsadm --set}), the plugins' reports and the reload
 * action. Every service change goes through {@link Engine#services()} ({@link ServiceManager#apply}).
 *
 * <p><b>Thread safety:</b> safe for the admin threads; service changes are serialised by the
 * service manager, timeout changes by this object.
 */
public final class ControlPlane {

    /** Reloads the configuration file; returns a one-line summary of what changed. */
    @FunctionalInterface
    public interface ReloadAction {
        /**
         * Reloads.
         *
         * @return a summary such as {@code "2 services changed, 1 added, 0 removed"}
         * @throws Exception when the file is refused; nothing changed
         */
        String reload() throws Exception;
    }

    private final Engine engine;
    private final LongSupplier clock;
    private final RateEstimator rates;
    private volatile Supplier<List<PluginReport>> plugins = List::of;
    private volatile ReloadAction reload = () -> {
        throw new IllegalStateException("no configuration file to reload");
    };
    private volatile TimeoutProfile timeouts;
    private volatile Consumer<TimeoutProfile> dataPlaneTimeouts = profile -> { };
    private volatile String connectionsUnavailable;
    private volatile Supplier<String> dataPlaneText = () -> null;
    private volatile Supplier<List<MetricFamily>> dataPlaneMetrics = List::of;
    private volatile long connectionTableEntries = -1;
    private final Map<Integer, Traffic[]> zeroed = new ConcurrentHashMap<>();

    /**
     * Creates the control plane of an engine.
     *
     * @param engine the engine
     * @param clock the engine's monotonic clock, nanoseconds (the same the workers get)
     */
    public ControlPlane(Engine engine, LongSupplier clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeouts = engine.settings().timeouts();
        this.rates = new RateEstimator(engine);
    }

    /** Returns the engine. @return the engine */
    public Engine engine() {
        return engine;
    }

    /** Returns the service manager, the one path for service changes. @return the manager */
    public ServiceManager services() {
        return engine.services();
    }

    /** Returns the eviction dispatcher. @return the dispatcher */
    public EvictionDispatcher evictions() {
        return engine.evictions();
    }

    /** Reads the engine's clock. @return nanoseconds */
    public long nowNanos() {
        return clock.getAsLong();
    }

    /** Returns the clock. @return the clock */
    public LongSupplier clock() {
        return clock;
    }

    /** Returns the rate estimator (sampled every 2 s by the server). @return the estimator */
    public RateEstimator rates() {
        return rates;
    }

    /**
     * Sets where the plugin reports come from.
     *
     * @param source the reports' source
     */
    public void setPlugins(Supplier<List<PluginReport>> source) {
        this.plugins = Objects.requireNonNull(source);
    }

    /** Returns the plugins' reports. @return the reports */
    public List<PluginReport> plugins() {
        return plugins.get();
    }

    /**
     * Sets the reload action.
     *
     * @param action the action
     */
    public void setReload(ReloadAction action) {
        this.reload = Objects.requireNonNull(action);
    }

    /**
     * Reloads the configuration.
     *
     * @return the summary
     * @throws Exception when refused; nothing changed
     */
    public String reload() throws Exception {
        return reload.reload();
    }

    /**
     * Sets who else hears {@link #setTimeouts}: a data plane with connection tables of its own (the
     * proxy).
     *
     * @param sink receives each new engine-wide profile
     */
    public void setDataPlaneTimeouts(Consumer<TimeoutProfile> sink) {
        this.dataPlaneTimeouts = Objects.requireNonNull(sink);
    }

    /**
     * Sets what a packet data plane reports about itself (the DPDK port's statistics and queue
     * counters): the text of {@code /proc/jvs/dataplane} and metric families added to
     * {@code /metrics}. Both are called on the admin endpoint's thread, per request.
     *
     * @param text renders the file
     * @param metrics collects the families
     */
    public void setDataPlaneStatus(Supplier<String> text, Supplier<List<MetricFamily>> metrics) {
        this.dataPlaneText = Objects.requireNonNull(text);
        this.dataPlaneMetrics = Objects.requireNonNull(metrics);
    }

    /**
     * Renders {@code /proc/jvs/dataplane}.
     *
     * @return the text
     * @throws AdminException 404 when the data plane reports nothing
     */
    public String dataPlaneText() {
        String text = dataPlaneText.get();
        if (text == null) {
            throw new AdminException(404, "this data plane has no status file; /proc/jvs/dataplane is the DPDK"
                    + " port's");
        }
        return text;
    }

    /** Collects the data plane's own metric families. @return the families, empty for none */
    public List<MetricFamily> dataPlaneMetrics() {
        return dataPlaneMetrics.get();
    }

    /**
     * Says that the connection tables cannot be listed ({@code /proc/net/ip_vs_conn},
     * {@code ipvsadm -L -c}) and why; listings then answer 501 with this reason.
     *
     * @param reason the reason, or {@code null} when they can be listed
     */
    public void setConnectionsUnavailable(String reason) {
        this.connectionsUnavailable = reason;
    }

    /**
     * Lists every live entry of the connection tables.
     *
     * @return the rows, worker by worker
     * @throws AdminException 501 when the data plane cannot list them, 503 when a worker does not
     *     answer in time
     */
    public List<ConnectionRow> connections() {
        String reason = connectionsUnavailable;
        if (reason != null) {
            throw new AdminException(501, reason);
        }
        try {
            return ConnectionRows.collect(engine, nowNanos());
        } catch (IllegalStateException e) {
            throw new AdminException(503, e.getMessage());
        }
    }

    /** Returns the engine-wide timeouts. @return the profile */
    public TimeoutProfile timeouts() {
        return timeouts;
    }

    /**
     * Replaces the engine-wide timeouts; connections take them from their next packet on.
     *
     * @param profile the timeouts
     */
    public synchronized void setTimeouts(TimeoutProfile profile) {
        engine.setTimeouts(profile);
        dataPlaneTimeouts.accept(profile);
        timeouts = profile;
    }

    /**
     * Sets the connection capacity of a data plane with tables of its own (the proxy), instead of the
     * engine workers'.
     *
     * @param entries the entries of all its tables
     */
    public void setConnectionTableSize(long entries) {
        this.connectionTableEntries = entries;
    }

    /**
     * Returns the size IPVS prints as {@code (size=N)}: the connection capacity of all workers.
     *
     * @return entries
     */
    public int connectionTableSize() {
        long size = connectionTableEntries >= 0 ? connectionTableEntries
                : (long) engine.settings().workers() * engine.settings().connectionsPerWorker();
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    /**
     * Returns a destination's counters as operators see them: since the last {@link #zero} of its
     * service ({@code ipvsadm -Z}).
     *
     * @param destination the destination
     * @param worker the worker index
     * @return the worker's counters
     */
    public Traffic traffic(RealServer destination, int worker) {
        Traffic raw = Traffic.of(destination, worker);
        Traffic[] base = zeroed.get(destination.id());
        return base == null || worker >= base.length ? raw : raw.minus(base[worker]);
    }

    /**
     * Returns a destination's counters since its last zeroing, summed over the workers.
     *
     * @param destination the destination
     * @return the counters
     */
    public Traffic traffic(RealServer destination) {
        Traffic sum = Traffic.ZERO;
        for (int w = 0; w < engine.settings().workers(); w++) {
            sum = sum.plus(traffic(destination, w));
        }
        return sum;
    }

    /**
     * Returns a service's counters: the sum of its destinations'.
     *
     * @param service the service
     * @return the counters
     */
    public Traffic traffic(VirtualService service) {
        Traffic sum = Traffic.ZERO;
        for (RealServer d : service.destinations().asList()) {
            sum = sum.plus(traffic(d));
        }
        return sum;
    }

    /**
     * Returns the engine's counters: the sum of every service's.
     *
     * @return the counters
     */
    public Traffic totalTraffic() {
        Traffic sum = Traffic.ZERO;
        for (VirtualService s : engine.services().table().services()) {
            sum = sum.plus(traffic(s));
        }
        return sum;
    }

    /**
     * Zeroes the counters of services as {@code ipvsadm -Z} does. The workers' counters are not
     * touched (only they write them); the current values become the new zero.
     *
     * @param services the services to zero
     */
    public void zero(List<VirtualService> services) {
        int workers = engine.settings().workers();
        for (VirtualService s : services) {
            for (RealServer d : s.destinations().asList()) {
                Traffic[] base = new Traffic[workers];
                for (int w = 0; w < workers; w++) {
                    base[w] = Traffic.of(d, w);
                }
                zeroed.put(d.id(), base);
            }
        }
    }
}
