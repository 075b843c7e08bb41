package io.jvs.engine;

import io.jvs.engine.conn.TimeoutProfile;
import io.jvs.engine.pipeline.ForwardingSettings;
import io.jvs.engine.pipeline.NeighborTable;
import io.jvs.engine.synproxy.SynProxySettings;
import java.util.Objects;

/**
 * Settings of the packet engine, fixed while it runs. Each has a named default with its trade-off.
 *
 * @param workers packet workers, one per queue (and core)
 * @param connectionsPerWorker connection-table capacity of each worker
 * @param timeouts the timeout profile ({@link TimeoutProfile#ipvs()} or {@link TimeoutProfile#dpvs()})
 * @param batchCapacity packets per receive burst
 * @param commandCapacity control-plane commands that may wait per worker
 * @param forwarding addresses and limits of the forwarding stage
 * @param neighbors statically known MAC addresses
 * @param synProxy limits and timers of the SYN proxy (SYN cookies, delayed binding)
 * @param unmatchedToKernel packets for no service (and protocols not balanced) get the verdict
 *     {@code TO_KERNEL} instead of {@code DROP}, for data planes with a kernel exception path
 */
public record EngineSettings(int workers, int connectionsPerWorker, TimeoutProfile timeouts, int batchCapacity,
        int commandCapacity, ForwardingSettings forwarding, NeighborTable neighbors, SynProxySettings synProxy,
        boolean unmatchedToKernel) {

    /** One worker: the right default for a 2-core machine that also runs the control plane. */
    public static final int DEFAULT_WORKERS = 1;
    /** 1M entries per worker: about 100 MB per worker (see ConnectionTable); IPVS defaults to 4096 hash buckets but unbounded entries. */
    public static final int DEFAULT_CONNECTIONS_PER_WORKER = 1 << 20;
    /** 32 packets per burst, as DPDK's usual burst size: amortises per-burst costs, bounds latency. */
    public static final int DEFAULT_BATCH_CAPACITY = 32;
    /** 4096 waiting commands per worker: a full reload of many services fits. */
    public static final int DEFAULT_COMMAND_CAPACITY = 4096;

    /** Checks ranges. */
    public EngineSettings {
        if (workers < 1 || workers > 256) {
            throw new IllegalArgumentException("workers: " + workers + " is out of 1..256");
        }
        if (connectionsPerWorker < 16) {
            throw new IllegalArgumentException("connections per worker: " + connectionsPerWorker + " is below 16");
        }
        if (batchCapacity < 1 || batchCapacity > 1024) {
            throw new IllegalArgumentException("batch capacity: " + batchCapacity + " is out of 1..1024");
        }
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(forwarding, "forwarding");
        Objects.requireNonNull(neighbors, "neighbors");
        Objects.requireNonNull(synProxy, "synProxy");
    }

    /**
     * Settings with the SYN proxy's defaults.
     *
     * @param workers packet workers
     * @param connectionsPerWorker connection-table capacity of each worker
     * @param timeouts the timeout profile
     * @param batchCapacity packets per receive burst
     * @param commandCapacity control-plane commands that may wait per worker
     * @param forwarding addresses and limits of the forwarding stage
     * @param neighbors statically known MAC addresses
     */
    public EngineSettings(int workers, int connectionsPerWorker, TimeoutProfile timeouts, int batchCapacity,
            int commandCapacity, ForwardingSettings forwarding, NeighborTable neighbors) {
        this(workers, connectionsPerWorker, timeouts, batchCapacity, commandCapacity, forwarding, neighbors,
                SynProxySettings.defaults(), false);
    }

    /**
     * Settings whose unmatched packets are dropped.
     *
     * @param workers packet workers
     * @param connectionsPerWorker connection-table capacity of each worker
     * @param timeouts the timeout profile
     * @param batchCapacity packets per receive burst
     * @param commandCapacity control-plane commands that may wait per worker
     * @param forwarding addresses and limits of the forwarding stage
     * @param neighbors statically known MAC addresses
     * @param synProxy limits and timers of the SYN proxy
     */
    public EngineSettings(int workers, int connectionsPerWorker, TimeoutProfile timeouts, int batchCapacity,
            int commandCapacity, ForwardingSettings forwarding, NeighborTable neighbors, SynProxySettings synProxy) {
        this(workers, connectionsPerWorker, timeouts, batchCapacity, commandCapacity, forwarding, neighbors, synProxy,
                false);
    }

    /**
     * The defaults, with test addresses for forwarding.
     *
     * @return the settings
     */
    public static EngineSettings defaults() {
        return new EngineSettings(DEFAULT_WORKERS, DEFAULT_CONNECTIONS_PER_WORKER, TimeoutProfile.ipvs(),
                DEFAULT_BATCH_CAPACITY, DEFAULT_COMMAND_CAPACITY, ForwardingSettings.defaults(), NeighborTable.EMPTY);
    }

    /**
     * Returns a copy with another worker count.
     *
     * @param value the count
     * @return the copy
     */
    public EngineSettings withWorkers(int value) {
        return new EngineSettings(value, connectionsPerWorker, timeouts, batchCapacity, commandCapacity, forwarding,
                neighbors, synProxy, unmatchedToKernel);
    }

    /**
     * Returns a copy with another table capacity.
     *
     * @param value entries per worker
     * @return the copy
     */
    public EngineSettings withConnectionsPerWorker(int value) {
        return new EngineSettings(workers, value, timeouts, batchCapacity, commandCapacity, forwarding, neighbors,
                synProxy, unmatchedToKernel);
    }

    /**
     * Returns a copy with another timeout profile.
     *
     * @param value the profile
     * @return the copy
     */
    public EngineSettings withTimeouts(TimeoutProfile value) {
        return new EngineSettings(workers, connectionsPerWorker, value, batchCapacity, commandCapacity, forwarding,
                neighbors, synProxy, unmatchedToKernel);
    }

    /**
     * Returns a copy with other neighbours.
     *
     * @param value the table
     * @return the copy
     */
    public EngineSettings withNeighbors(NeighborTable value) {
        return new EngineSettings(workers, connectionsPerWorker, timeouts, batchCapacity, commandCapacity, forwarding,
                value, synProxy, unmatchedToKernel);
    }

    /**
     * Returns a copy with other forwarding settings.
     *
     * @param value the settings
     * @return the copy
     */
    public EngineSettings withForwarding(ForwardingSettings value) {
        return new EngineSettings(workers, connectionsPerWorker, timeouts, batchCapacity, commandCapacity, value,
                neighbors, synProxy, unmatchedToKernel);
    }

    /**
     * Returns a copy with other SYN-proxy settings.
     *
     * @param value the settings
     * @return the copy
     */
    public EngineSettings withSynProxy(SynProxySettings value) {
        return new EngineSettings(workers, connectionsPerWorker, timeouts, batchCapacity, commandCapacity, forwarding,
                neighbors, value, unmatchedToKernel);
    }

    /**
     * Returns a copy whose unmatched packets go to the kernel, or are dropped.
     *
     * @param value {@code true} for {@code TO_KERNEL}
     * @return the copy
     */
    public EngineSettings withUnmatchedToKernel(boolean value) {
        return new EngineSettings(workers, connectionsPerWorker, timeouts, batchCapacity, commandCapacity, forwarding,
                neighbors, synProxy, value);
    }
}
