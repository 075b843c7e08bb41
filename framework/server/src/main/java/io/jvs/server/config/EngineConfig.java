package io.jvs.server.config;

import io.jvs.engine.EngineSettings;
import io.jvs.engine.conn.ConnectionTable;
import io.jvs.engine.pipeline.NeighborTable;
import io.jvs.engine.service.IpAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code engine} section: the data plane and the packet engine's fixed settings. A change to
 * any of them needs a restart (services and sysctls change live).
 *
 * @param dataPlane where packets come from and go to
 * @param workers packet workers, one per queue and core
 * @param connectionsPerWorker connection-table capacity of each worker, entries
 * @param timeoutProfile the built-in timeout profile
 * @param timeouts overrides of the profile ({@code ipvsadm --set})
 * @param batchSize packets per receive burst
 * @param commandQueueCapacity control-plane commands that may wait per worker
 * @param forwarding the forwarding stage's addresses and limits
 * @param neighbors MAC addresses of hosts reached directly (DR real servers), by address
 * @param dpdk the DPDK data plane's settings (read for every data plane, used by {@code dpdk})
 * @param synProxy the SYN proxy's limits and timers
 */
public record EngineConfig(DataPlane dataPlane, int workers, int connectionsPerWorker,
        TimeoutProfileName timeoutProfile, TimeoutOverrides timeouts, int batchSize, int commandQueueCapacity,
        ForwardingConfig forwarding, Map<IpAddress, Long> neighbors, DpdkConfig dpdk, SynProxyConfig synProxy) {

    /** Key of {@link #dataPlane}. */
    public static final String DATA_PLANE = "data-plane";
    /**
     * Default {@code proxy}: it serves real clients and needs no privileges. The trade-off: as a full
     * proxy it terminates each TCP connection and opens another to the destination (two sockets, a
     * copy of every byte through user space, the client's address hidden unless the PROXY protocol is
     * on), where a packet data plane forwards frames (NAT, DR, tunnels) but needs raw access to a NIC.
     * {@code pcap} replays captures ({@code jvs replay}); {@code memory} is for embedding and tests;
     * {@code dpdk} drives a DPDK port ({@code engine.dpdk}) and needs DPDK 22.11 installed.
     */
    public static final DataPlane DATA_PLANE_DEFAULT = DataPlane.PROXY;

    /** Key of {@link #workers}. */
    public static final String WORKERS = "workers";
    /**
     * Default 1: right for a 2-core machine that also runs the control plane. More workers scale
     * packet rates with cores but need a data plane with that many queues (pcap has one).
     */
    public static final int WORKERS_DEFAULT = EngineSettings.DEFAULT_WORKERS;
    /** Most workers accepted. */
    public static final int WORKERS_MAX = 256;

    /** Key of {@link #connectionsPerWorker}. */
    public static final String CONNECTIONS_PER_WORKER = "connections-per-worker";
    /**
     * Default 1Mi (1048576) entries: about 100 MB per worker, allocated at start. More holds more
     * concurrent flows before the overflow policy evicts embryonic ones; less saves memory (use
     * 64Ki for labs and replays).
     */
    public static final int CONNECTIONS_PER_WORKER_DEFAULT = EngineSettings.DEFAULT_CONNECTIONS_PER_WORKER;
    /** Fewest entries accepted per worker. */
    public static final int CONNECTIONS_PER_WORKER_MIN = 16;
    /** Most entries accepted per worker: the table's addressing limit. */
    public static final int CONNECTIONS_PER_WORKER_MAX = ConnectionTable.MAX_CAPACITY;

    /** Key of {@link #timeoutProfile}. */
    public static final String TIMEOUT_PROFILE = "timeout-profile";
    /**
     * Default {@code ipvs}: behave like Linux IPVS (idle established TCP lives 15 minutes).
     * {@code dpvs} sheds idle state ten times faster, at the risk of dropping long idle sessions.
     */
    public static final TimeoutProfileName TIMEOUT_PROFILE_DEFAULT = TimeoutProfileName.IPVS;

    /** Key of {@link #timeouts}. */
    public static final String TIMEOUTS = "timeouts";

    /** Key of {@link #batchSize}. */
    public static final String BATCH_SIZE = "batch-size";
    /**
     * Default 32 packets, DPDK's usual burst: amortises per-burst costs; larger bursts raise
     * throughput a little and latency under load more.
     */
    public static final int BATCH_SIZE_DEFAULT = EngineSettings.DEFAULT_BATCH_CAPACITY;
    /** Largest burst accepted. */
    public static final int BATCH_SIZE_MAX = 1024;

    /** Key of {@link #commandQueueCapacity}. */
    public static final String COMMAND_QUEUE_CAPACITY = "command-queue-capacity";
    /**
     * Default 4096 commands per worker: a full reload of many services fits without the control
     * plane waiting for workers; each slot costs one reference.
     */
    public static final int COMMAND_QUEUE_CAPACITY_DEFAULT = EngineSettings.DEFAULT_COMMAND_CAPACITY;
    /** Smallest command queue accepted per worker. */
    public static final int COMMAND_QUEUE_CAPACITY_MIN = 16;
    /** Largest command queue accepted per worker. */
    public static final int COMMAND_QUEUE_CAPACITY_MAX = 1 << 20;

    /** Key of {@link #forwarding}. */
    public static final String FORWARDING = "forwarding";

    /** Key of {@link #neighbors}. */
    public static final String NEIGHBORS = "neighbors";

    /** Key of {@link #dpdk}. */
    public static final String DPDK = "dpdk";

    /** Key of {@link #synProxy}. */
    public static final String SYNPROXY = "synproxy";

    /** The keys of this section, in documentation order. */
    public static final List<String> KEYS = List.of(DATA_PLANE, WORKERS, CONNECTIONS_PER_WORKER, TIMEOUT_PROFILE,
            TIMEOUTS, BATCH_SIZE, COMMAND_QUEUE_CAPACITY, FORWARDING, NEIGHBORS, DPDK, SYNPROXY);

    /** Checks and copies the values. */
    public EngineConfig {
        Objects.requireNonNull(dataPlane, "dataPlane");
        Objects.requireNonNull(timeoutProfile, "timeoutProfile");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(forwarding, "forwarding");
        Objects.requireNonNull(dpdk, "dpdk");
        Objects.requireNonNull(synProxy, "synProxy");
        neighbors = Collections.unmodifiableMap(new LinkedHashMap<>(neighbors));
    }

    /**
     * Returns the section with every key at its default.
     *
     * @return the defaults
     */
    public static EngineConfig defaults() {
        return new EngineConfig(DATA_PLANE_DEFAULT, WORKERS_DEFAULT, CONNECTIONS_PER_WORKER_DEFAULT,
                TIMEOUT_PROFILE_DEFAULT, TimeoutOverrides.NONE, BATCH_SIZE_DEFAULT, COMMAND_QUEUE_CAPACITY_DEFAULT,
                ForwardingConfig.defaults(), Map.of(), DpdkConfig.defaults(), SynProxyConfig.DEFAULTS);
    }

    /**
     * Reads the {@code engine} section, recording a problem for each invalid key and using the default
     * in its place.
     *
     * @param in the section's mapping
     * @return the section
     */
    static EngineConfig read(MappingReader in) {
        DataPlane dataPlane = DataPlane.of(in.word(DATA_PLANE, DATA_PLANE_DEFAULT.configName(),
                DataPlane.configNames()));
        int workers = in.integer(WORKERS, WORKERS_DEFAULT, 1, WORKERS_MAX);
        if (dataPlane == DataPlane.PCAP && workers != 1) {
            in.problem(WORKERS, "the pcap data plane has one queue, so it runs 1 worker, not " + workers);
        }
        int connections = (int) in.count(CONNECTIONS_PER_WORKER, CONNECTIONS_PER_WORKER_DEFAULT,
                CONNECTIONS_PER_WORKER_MIN, CONNECTIONS_PER_WORKER_MAX);
        String profile = in.word(TIMEOUT_PROFILE, TIMEOUT_PROFILE_DEFAULT.configName(),
                TimeoutProfileName.configNames());
        TimeoutOverrides timeouts = TimeoutOverrides.read(in.section(TIMEOUTS, TimeoutOverrides.KEYS));
        int batch = in.integer(BATCH_SIZE, BATCH_SIZE_DEFAULT, 1, BATCH_SIZE_MAX);
        int commands = in.integer(COMMAND_QUEUE_CAPACITY, COMMAND_QUEUE_CAPACITY_DEFAULT,
                COMMAND_QUEUE_CAPACITY_MIN, COMMAND_QUEUE_CAPACITY_MAX);
        ForwardingConfig forwarding = ForwardingConfig.read(in.section(FORWARDING, ForwardingConfig.KEYS));
        Map<IpAddress, Long> neighbors = readNeighbors(in);
        DpdkConfig dpdk = DpdkConfig.read(in.section(DPDK, DpdkConfig.KEYS), dataPlane == DataPlane.DPDK,
                workers);
        SynProxyConfig synProxy = SynProxyConfig.read(in.section(SYNPROXY, SynProxyConfig.KEYS));
        return new EngineConfig(dataPlane, workers, connections,
                TimeoutProfileName.valueOf(profile.toUpperCase(Locale.ROOT)), timeouts, batch, commands,
                forwarding, neighbors, dpdk, synProxy);
    }

    private static Map<IpAddress, Long> readNeighbors(MappingReader in) {
        Map<IpAddress, Long> neighbors = new LinkedHashMap<>();
        YamlNode node = in.get(NEIGHBORS);
        YamlMapping mapping = node == null ? null : in.values().mapping(node, in.path(NEIGHBORS));
        if (mapping == null) {
            return neighbors;
        }
        for (YamlMapping.Entry entry : mapping.entries().values()) {
            String path = KeyPath.child(in.path(NEIGHBORS), entry.key());
            IpAddress address = ValueReader.parseAddress(entry.key());
            if (address == null) {
                in.values().problems().add(entry.keyLocation(), path, "'" + entry.key()
                        + "' is not an IPv4 or IPv6 address literal (a neighbour is written ADDRESS: MAC)");
                continue;
            }
            Long mac = in.values().mac(entry.value(), path);
            if (mac != null && neighbors.putIfAbsent(address, mac) != null) {
                in.values().problems().add(entry.keyLocation(), path, address + " is listed twice");
            }
        }
        return neighbors;
    }

    /**
     * Maps the section to the engine's settings.
     *
     * @return the settings
     */
    public EngineSettings toEngineSettings() {
        Map<IpAddress, Long> table = new LinkedHashMap<>(neighbors);
        return new EngineSettings(workers, connectionsPerWorker, timeouts.applyTo(timeoutProfile.profile()), batchSize,
                commandQueueCapacity, forwarding.toForwardingSettings(),
                table.isEmpty() ? NeighborTable.EMPTY : new NeighborTable(table), synProxy.toSettings());
    }
}
