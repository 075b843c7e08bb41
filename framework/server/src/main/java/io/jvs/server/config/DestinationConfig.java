package io.jvs.server.config;

import io.jvs.engine.service.DestinationSpec;
import io.jvs.engine.service.IpAddress;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.TunnelType;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One destination (real server) of a service: what {@code ipvsadm -a -r RIP:PORT -w W -x U -y L
 * -m|-g|-i} says.
 *
 * <pre>
 * - {address: 198.51.100.7, port: 8080, weight: 1, forwarding: nat, upper-threshold: 0, lower-threshold: 0}
 * - {address: 198.51.100.8, forwarding: tunnel, tunnel-type: gue}
 * </pre>
 *
 * @param address the real server's address
 * @param port its port; 0 keeps the client's destination port
 * @param weight 0..65535; 0 is quiescent (no new connections)
 * @param upperThreshold connections at which it counts as overloaded, 0 for no limit
 * @param lowerThreshold connections below which it recovers, 0 for three quarters of the upper one
 * @param forwarding how packets reach it
 * @param tunnelType the encapsulation for {@link ForwardingMethod#TUNNEL}, else {@code null}
 */
public record DestinationConfig(IpAddress address, int port, int weight, int upperThreshold, int lowerThreshold,
        ForwardingMethod forwarding, TunnelType tunnelType) {

    /** Key of {@link #address}; required. */
    public static final String ADDRESS = "address";

    /** Key of {@link #port}. */
    public static final String PORT = "port";
    // The default port is the service's (ipvsadm's rule); 0 for fwmark and all-port services.

    /** Key of {@link #weight}. */
    public static final String WEIGHT = "weight";
    /** Default weight 1, ipvsadm's: equal shares. Weights are relative; 0 drains the server. */
    public static final int WEIGHT_DEFAULT = 1;

    /** Key of {@link #forwarding}. */
    public static final String FORWARDING = "forwarding";
    /**
     * Default {@code nat}. ipvsadm defaults to DR ({@code -g}), but DR fails silently when the real
     * server lacks the virtual address, while NAT works with unmodified servers; DR, tunnel and
     * FULLNAT must be asked for.
     */
    public static final ForwardingMethod FORWARDING_DEFAULT = ForwardingMethod.NAT;
    /** The forwarding methods as configuration files name them. */
    public static final List<String> FORWARDING_NAMES = List.of("nat", "dr", "tunnel", "fullnat");

    /** Key of {@link #tunnelType}; only with {@code forwarding: tunnel}. */
    public static final String TUNNEL_TYPE = "tunnel-type";
    /** Default {@code ipip}, IPVS's original encapsulation: every Linux server decapsulates it without extra setup. */
    public static final TunnelType TUNNEL_TYPE_DEFAULT = TunnelType.IPIP;
    /** The tunnel types as configuration files name them. */
    public static final List<String> TUNNEL_TYPE_NAMES = List.of("ipip", "gue", "gre", "glb-gue");

    /** Key of {@link #upperThreshold}. */
    public static final String UPPER_THRESHOLD = "upper-threshold";
    /** Key of {@link #lowerThreshold}. */
    public static final String LOWER_THRESHOLD = "lower-threshold";
    /** Default threshold 0: no connection limit (upper), three quarters of the upper one (lower), as IPVS. */
    public static final int THRESHOLD_DEFAULT = 0;
    /** Largest threshold accepted. */
    public static final int THRESHOLD_MAX = Integer.MAX_VALUE;

    /** The keys of a destination. */
    public static final List<String> KEYS = List.of(ADDRESS, PORT, WEIGHT, FORWARDING, TUNNEL_TYPE, UPPER_THRESHOLD,
            LOWER_THRESHOLD);

    /** Checks the values. */
    public DestinationConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(forwarding, "forwarding");
    }

    /**
     * Reads one destination; the service-level checks (family, ports, duplicates) are the caller's.
     *
     * @param in the destination's mapping
     * @param defaultPort the port when none is given
     * @return the destination, or {@code null} when its address is missing or invalid
     */
    static DestinationConfig read(MappingReader in, int defaultPort) {
        in.require(ADDRESS, "the real server's address");
        IpAddress address = in.address(ADDRESS, null);
        int port = in.integer(PORT, defaultPort, 0, 65535);
        int weight = in.integer(WEIGHT, WEIGHT_DEFAULT, 0, DestinationSpec.MAX_WEIGHT);
        ForwardingMethod forwarding = ForwardingMethod.valueOf(
                in.word(FORWARDING, FORWARDING_DEFAULT.name().toLowerCase(Locale.ROOT), FORWARDING_NAMES)
                        .toUpperCase(Locale.ROOT));
        TunnelType tunnel = null;
        if (in.has(TUNNEL_TYPE) && forwarding != ForwardingMethod.TUNNEL) {
            in.problem(TUNNEL_TYPE, "only a tunnel destination has a tunnel type (forwarding is "
                    + forwarding.name().toLowerCase(Locale.ROOT) + "); set forwarding: tunnel or remove tunnel-type");
        } else if (forwarding == ForwardingMethod.TUNNEL) {
            tunnel = TunnelType.ofConfigName(in.word(TUNNEL_TYPE, TUNNEL_TYPE_DEFAULT.configName(), TUNNEL_TYPE_NAMES));
        }
        int upper = in.integer(UPPER_THRESHOLD, THRESHOLD_DEFAULT, 0, THRESHOLD_MAX);
        int lower = in.integer(LOWER_THRESHOLD, THRESHOLD_DEFAULT, 0, THRESHOLD_MAX);
        if (upper > 0 && lower > upper) {
            in.problem(LOWER_THRESHOLD, lower + " is above upper-threshold " + upper);
        }
        return address == null ? null
                : new DestinationConfig(address, port, weight, upper, lower, forwarding, tunnel);
    }

    /**
     * Returns {@code address:port} as operators write it.
     *
     * @return {@code 198.51.100.7:8080} or {@code [2001:db8::7]:8080}
     */
    public String key() {
        return address.withPort(port);
    }

    /**
     * Maps to the engine's destination.
     *
     * @return the spec
     * @throws IllegalArgumentException when the engine refuses the values
     */
    public DestinationSpec toSpec() {
        return new DestinationSpec(address, port, weight, upperThreshold, lowerThreshold, forwarding, tunnelType);
    }
}
