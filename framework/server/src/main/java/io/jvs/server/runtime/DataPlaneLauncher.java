package io.jvs.server.runtime;

import io.jvs.engine.io.PacketIo;
import io.jvs.server.config.JvsConfig;
import java.io.IOException;

/**
 * Opens the data plane that {@code engine.data-plane} names, for {@code jvs run}. One launcher per
 * data plane, registered in {@link DataPlaneLaunchers}; a new data plane (the kernel-socket proxy,
 * DPDK) adds its launcher there.
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
}
