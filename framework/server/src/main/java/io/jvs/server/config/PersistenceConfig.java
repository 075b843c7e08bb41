package io.jvs.server.config;

import io.jvs.engine.service.IpAddress;
import io.jvs.engine.service.Persistence;
import io.jvs.spi.AddressFamily;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A service's {@code persistence} (ipvsadm {@code -p TIMEOUT -M NETMASK}): new connections from
 * clients in the same netmask'd network go to the destination of the client's earlier connections,
 * for as long as a template entry lives.
 *
 * <pre>
 * persistence: {timeout: 300s, netmask: 255.255.255.0}     # IPv4: a mask or a prefix length (24)
 * persistence: {timeout: 10m, netmask: 64}                 # IPv6: a prefix length
 * </pre>
 *
 * @param timeout how long a template lives after its client's last connection ends, whole seconds
 * @param prefixLength the client netmask as a prefix length
 */
public record PersistenceConfig(Duration timeout, int prefixLength) {

    /** Key of {@link #timeout}. */
    public static final String TIMEOUT = "timeout";
    /**
     * Default 300 s, IPVS's: long enough to keep a user's page loads on one server, short enough that
     * a server's share recovers soon after clients leave. Longer keeps sessions stickier and holds more
     * template entries.
     */
    public static final Duration TIMEOUT_DEFAULT = Duration.ofSeconds(Persistence.DEFAULT_TIMEOUT_SECONDS);
    /** Shortest timeout accepted. */
    public static final Duration TIMEOUT_MIN = Duration.ofSeconds(1);
    /** Longest timeout accepted: 30 days, well within the connection table's deadline range. */
    public static final Duration TIMEOUT_MAX = Duration.ofDays(30);

    /** Key of {@link #prefixLength}. */
    public static final String NETMASK = "netmask";
    // The default netmask is the whole address (32 or 128): one template per client address, as IPVS.

    /** The keys of this section. */
    public static final List<String> KEYS = List.of(TIMEOUT, NETMASK);

    /** Checks the values. */
    public PersistenceConfig {
        Objects.requireNonNull(timeout, "timeout");
        if (prefixLength < 0 || prefixLength > 128) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is out of 0..128");
        }
    }

    /**
     * Reads a service's {@code persistence} section.
     *
     * @param in the section's mapping
     * @param family the service's address family, which decides how the netmask is written
     * @return the persistence
     */
    static PersistenceConfig read(MappingReader in, int family) {
        Duration timeout = in.duration(TIMEOUT, TIMEOUT_DEFAULT, TIMEOUT_MIN, TIMEOUT_MAX);
        if (timeout.toMillis() % 1000 != 0) {
            in.problem(TIMEOUT, DurationText.format(timeout) + " is not a whole number of seconds (IPVS counts"
                    + " persistence in seconds)");
            timeout = TIMEOUT_DEFAULT;
        }
        int full = family == AddressFamily.IPV4 ? 32 : 128;
        int prefix = full;
        YamlNode node = in.get(NETMASK);
        if (node instanceof YamlScalar s && s.type() == YamlScalar.Type.STRING && family == AddressFamily.IPV4) {
            Integer fromMask = prefixOfMask(s.text());
            if (fromMask == null) {
                in.problem(NETMASK, "'" + s.text() + "' is not a netmask: write a contiguous IPv4 mask such as"
                        + " 255.255.255.0, or a prefix length 0..32");
            } else {
                prefix = fromMask;
            }
        } else if (node != null) {
            Long value = in.values().integer(node, in.path(NETMASK), 0, full);
            prefix = value == null ? full : value.intValue();
        }
        return new PersistenceConfig(timeout, prefix);
    }

    /** Returns the prefix length of a contiguous IPv4 mask, or {@code null} when the text is not one. */
    private static Integer prefixOfMask(String text) {
        IpAddress mask = ValueReader.parseAddress(text);
        if (mask == null || mask.family() != AddressFamily.IPV4) {
            return null;
        }
        int bits = mask.w0();
        int prefix = Integer.bitCount(bits);
        return bits == (prefix == 0 ? 0 : -1 << (32 - prefix)) ? prefix : null;
    }

    /**
     * Maps to the engine's persistence.
     *
     * @return the persistence
     */
    public Persistence toPersistence() {
        return new Persistence((int) timeout.toSeconds(), prefixLength);
    }
}
