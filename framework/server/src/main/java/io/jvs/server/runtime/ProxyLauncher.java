package io.jvs.server.runtime;

import io.jvs.engine.Engine;
import io.jvs.engine.EngineSettings;
import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.engine.io.PacketIo;
import io.jvs.proxy.ProxyDataPlane;
import io.jvs.proxy.ProxySettings;
import io.jvs.server.admin.ControlPlane;
import io.jvs.server.config.EngineConfig;
import io.jvs.server.config.JvsConfig;
import java.io.IOException;

/**
 * Launches the kernel-socket proxy ({@code engine.data-plane: proxy}) over the engine's control
 * plane, so that the admin endpoint, {@code jvs adm}, metrics and reloads see and change the
 * services the proxy serves.
 *
 * <pre>
 *   engine (idle packet queues, one per worker)
 *     ├─ ServiceManager ─┐
 *     ├─ Tunables ───────┼──> ProxyDataPlane: one event loop per worker, listening sockets per
 *     └─ EvictionDispatcher ┘   service; takes over the manager's flusher and timeout sink
 * </pre>
 *
 * The engine's packet workers stay idle on empty in-memory queues, with the smallest connection
 * tables: the proxy's loops own the connections, in tables of {@code connections-per-worker}
 * entries each. Each destination's traffic counters have one stripe per worker, written by the loop
 * with the same index.
 */
final class ProxyLauncher implements DataPlaneLauncher {

    /** Frames each idle queue holds: the least a queue accepts is enough, nothing is enqueued. */
    static final int IDLE_RING_SIZE = 64;

    /** How long open connections may finish when jvs stops: 2 s, so that Ctrl-C is prompt. */
    static final long DRAIN_NANOS = 2_000_000_000L;

    /** Creates the launcher. */
    ProxyLauncher() {
    }

    @Override
    public EngineSettings engineSettings(JvsConfig config) {
        return config.toEngineSettings().withConnectionsPerWorker(EngineConfig.CONNECTIONS_PER_WORKER_MIN);
    }

    @Override
    public PacketIo open(JvsConfig config) {
        return new InMemoryPacketIo(config.engine().workers(), IDLE_RING_SIZE, config.engine().batchSize());
    }

    @Override
    public AutoCloseable attach(JvsConfig config, Engine engine, ControlPlane control) throws IOException {
        ProxySettings settings = ProxySettings.defaults()
                .withEventLoops(config.engine().workers())
                .withConnectionsPerLoop(config.engine().connectionsPerWorker())
                .withTimeouts(engine.settings().timeouts())
                .withDrainTimeoutNanos(DRAIN_NANOS);
        ProxyDataPlane proxy = new ProxyDataPlane(settings, engine.services(), engine.tunables(), engine.evictions());
        proxy.start();
        control.setDataPlaneTimeouts(proxy::setTimeouts);
        control.setConnectionTableSize((long) settings.eventLoops() * settings.connectionsPerLoop());
        control.setConnectionsUnavailable("the proxy data plane does not list its connections;"
                + " /proc/net/ip_vs shows each destination's ActiveConn and InActConn");
        return proxy;
    }
}
