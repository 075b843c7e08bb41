package io.jvs.server.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The data planes {@code engine.data-plane} may name. */
public enum DataPlane {
    /**
     * The kernel-socket proxy: real TCP and UDP clients through listening sockets, no privileges
     * needed ({@code jvs run}'s default).
     */
    PROXY,
    /** Frames read from a capture file and written to another ({@code jvs replay}). */
    PCAP,
    /** In-memory queues, for embedding and tests. */
    MEMORY,
    /**
     * A DPDK port ({@code engine.dpdk}): NICs bound to DPDK or virtual devices such as
     * {@code net_af_packet}; needs DPDK 22.11's libraries at run time.
     */
    DPDK;

    /**
     * Returns the name used in configuration files.
     *
     * @return {@code proxy}, {@code pcap}, {@code memory} or {@code dpdk}
     */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns every name a file may use.
     *
     * @return the names, in declaration order
     */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(DataPlane::configName).toList();
    }

    /**
     * Finds a data plane by its configuration name.
     *
     * @param name the name
     * @return the data plane
     * @throws IllegalArgumentException when no data plane has that name
     */
    public static DataPlane of(String name) {
        for (DataPlane d : values()) {
            if (d.configName().equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown data plane '" + name + "'");
    }
}
