package io.jvs.server.runtime;

import io.jvs.engine.Engine;
import io.jvs.engine.EngineSettings;
import io.jvs.engine.io.PacketIo;
import io.jvs.server.admin.ControlPlane;
import io.jvs.server.config.JvsConfig;
import java.io.IOException;

/**
 * Opens the data plane that {@code engine.data-plane} names, for {@code jvs run}. One launcher per
 * data plane, registered in {@link DataPlaneLaunchers}; a new data plane (DPDK) adds its launcher
 * there.
 *
 * <pre>
 *   open(config) ──> PacketIo ──> Engine (services, tunables, evictions) ──> ControlPlane
 *                                                                               │
 *   attach(config, engine, control) <───────────────────────────────────────────┘
 *   (a data plane that is not a packet queue, the proxy, starts here over the engine's control plane)
 * </pre>
 */
@FunctionalInterface
public interface DataPlaneLauncher {

    /**
     * Opens the data plane with one queue per configured worker.
     *
     * @param config the whole configuration
     * @return the packet I/O; the caller closes it after the engine stopped
     * @throws IOException when the data plane cannot be opened
     */
    PacketIo open(JvsConfig config) throws IOException;

    /**
     * Returns the packet engine's settings for this data plane. The default: the configuration's.
     *
     * @param config the whole configuration
     * @return the settings the engine is built with
     */
    default EngineSettings engineSettings(JvsConfig config) {
        return config.toEngineSettings();
    }

    /**
     * Starts what serves traffic beside the packet queues, after the engine started and before the
     * admin endpoint listens. The default starts nothing.
     *
     * @param config the whole configuration
     * @param engine the started engine, whose service manager, tunables and eviction dispatcher the
     *     admin endpoint and reloads change
     * @param control the control plane over that engine
     * @return what to close before the engine stops
     * @throws IOException when it cannot start
     */
    default AutoCloseable attach(JvsConfig config, Engine engine, ControlPlane control) throws IOException {
        return () -> { };
    }
}
