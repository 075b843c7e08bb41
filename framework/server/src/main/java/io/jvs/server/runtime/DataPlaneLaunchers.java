package io.jvs.server.runtime;

import io.jvs.engine.io.InMemoryPacketIo;
import io.jvs.server.config.DataPlane;
import io.jvs.server.config.JvsConfig;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The data planes {@code jvs run} can start, by {@link DataPlane}.
 *
 * <ul>
 * <li>{@code proxy}: the kernel-socket proxy ({@link ProxyLauncher}): real TCP and UDP clients,
 *     no privileges needed; the default.</li>
 * <li>{@code memory}: in-memory queues (nothing reaches the network): for trying the control plane
 *     and for embedding.</li>
 * <li>{@code dpdk}: a DPDK port ({@link DpdkLauncher}): NICs bound to DPDK or virtual devices
 *     such as {@code net_af_packet}; needs DPDK 22.11 installed and, for most devices, root.</li>
 * <li>{@code pcap}: capture files are replayed by {@code jvs replay}, not run; refused here with a
 *     message that says so.</li>
 * </ul>
 */
public final class DataPlaneLaunchers {

    /** Frames each in-memory queue holds: 4096, a DPDK ring's usual size. */
    public static final int MEMORY_RING_SIZE = 4096;

    private static final Map<DataPlane, Supplier<DataPlaneLauncher>> LAUNCHERS = new EnumMap<>(DataPlane.class);

    static {
        LAUNCHERS.put(DataPlane.PROXY, ProxyLauncher::new);
        LAUNCHERS.put(DataPlane.MEMORY, () -> config -> new InMemoryPacketIo(config.engine().workers(),
                MEMORY_RING_SIZE, config.engine().batchSize()));
        LAUNCHERS.put(DataPlane.DPDK, DpdkLauncher::new);
    }

    private DataPlaneLaunchers() {
    }

    /**
     * Returns a new launcher of a data plane (a launcher serves one {@code jvs run}).
     *
     * @param dataPlane the data plane
     * @return its launcher
     * @throws IllegalArgumentException when {@code jvs run} cannot run it
     */
    public static DataPlaneLauncher of(DataPlane dataPlane) {
        Supplier<DataPlaneLauncher> launcher = LAUNCHERS.get(dataPlane);
        if (launcher == null) {
            if (dataPlane == DataPlane.PCAP) {
                throw new IllegalArgumentException("engine.data-plane: pcap replays a capture: use 'jvs replay';"
                        + " 'jvs run' runs the data planes " + LAUNCHERS.keySet().stream().map(DataPlane::configName).toList());
            }
            throw new IllegalArgumentException("engine.data-plane: " + dataPlane.configName() + " cannot be run yet");
        }
        return launcher.get();
    }
}
