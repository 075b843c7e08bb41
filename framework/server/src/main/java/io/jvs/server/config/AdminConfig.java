package io.jvs.server.config;

import io.jvs.engine.service.IpAddress;
import java.util.List;
import java.util.Objects;

/**
 * The {@code admin} section: where the admin endpoint ({@code /proc}, {@code /api}, {@code /metrics})
 * listens and how it protects itself. Fixed while jvs runs.
 *
 * @param address the address the endpoint binds to
 * @param port the TCP port; 0 picks a free one (tests)
 * @param token the bearer token writes must carry, or {@code null} for none
 * @param maxRequestBytes the largest request body accepted, bytes; larger is answered 413
 * @param requestsPerSecond requests accepted per second (a token bucket of that size); more are answered 429
 */
public record AdminConfig(IpAddress address, int port, String token, int maxRequestBytes, int requestsPerSecond) {

    /** Key of {@link #address}. */
    public static final String ADDRESS = "address";
    /**
     * Default {@code 127.0.0.1}: only local processes reach the endpoint. Binding any other address
     * needs a {@code token}; jvs refuses to start otherwise.
     */
    public static final String ADDRESS_DEFAULT = "127.0.0.1";

    /** Key of {@link #port}. */
    public static final String PORT = "port";
    /** Default 9180: a free port near Prometheus exporters' range; 0 picks a free port. */
    public static final int PORT_DEFAULT = 9180;

    /** Key of {@link #token}. */
    public static final String TOKEN = "token";

    /** Key of {@link #maxRequestBytes}. */
    public static final String MAX_REQUEST_BYTES = "max-request-bytes";
    /** Default 1Mi bytes: room for an ipvsadm restore of thousands of rules, small enough to bound memory. */
    public static final int MAX_REQUEST_BYTES_DEFAULT = 1 << 20;
    /** Largest accepted {@link #maxRequestBytes}: 64Mi. */
    public static final int MAX_REQUEST_BYTES_MAX = 64 << 20;

    /** Key of {@link #requestsPerSecond}. */
    public static final String REQUESTS_PER_SECOND = "requests-per-second";
    /** Default 100 per second: far above any operator or scraper, low enough that a loop cannot starve the control plane. */
    public static final int REQUESTS_PER_SECOND_DEFAULT = 100;
    /** Largest accepted {@link #requestsPerSecond}. */
    public static final int REQUESTS_PER_SECOND_MAX = 1_000_000;

    /** The keys of this section. */
    public static final List<String> KEYS = List.of(ADDRESS, PORT, TOKEN, MAX_REQUEST_BYTES, REQUESTS_PER_SECOND);

    /** The defaults: loopback, port 9180, no token. */
    public static final AdminConfig DEFAULT = new AdminConfig(IpAddress.parse(ADDRESS_DEFAULT), PORT_DEFAULT, null,
            MAX_REQUEST_BYTES_DEFAULT, REQUESTS_PER_SECOND_DEFAULT);

    /** Checks the values. */
    public AdminConfig {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " is out of 0..65535");
        }
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("token: blank");
        }
    }

    /**
     * Tells whether the endpoint is reachable only from this host.
     *
     * @return {@code true} for 127.0.0.0/8 and ::1
     */
    public boolean isLoopback() {
        return address.toInetAddress().isLoopbackAddress();
    }

    /**
     * Returns a copy with another port.
     *
     * @param value the port, 0 for any free one
     * @return the copy
     */
    public AdminConfig withPort(int value) {
        return new AdminConfig(address, value, token, maxRequestBytes, requestsPerSecond);
    }

    /**
     * Returns a copy with another token.
     *
     * @param value the token, or {@code null}
     * @return the copy
     */
    public AdminConfig withToken(String value) {
        return new AdminConfig(address, port, value, maxRequestBytes, requestsPerSecond);
    }

    /**
     * Returns a copy with other bounds.
     *
     * @param bytes the largest request body, bytes
     * @param perSecond the requests accepted per second
     * @return the copy
     */
    public AdminConfig withLimits(int bytes, int perSecond) {
        return new AdminConfig(address, port, token, bytes, perSecond);
    }

    /**
     * Reads the {@code admin} section; a non-loopback address without a token is a problem.
     *
     * @param in the section's mapping
     * @return the section
     */
    static AdminConfig read(MappingReader in) {
        IpAddress address = in.address(ADDRESS, DEFAULT.address());
        int port = in.integer(PORT, PORT_DEFAULT, 0, 65535);
        String token = in.text(TOKEN, null, "a token");
        int bytes = (int) in.count(MAX_REQUEST_BYTES, MAX_REQUEST_BYTES_DEFAULT, 1, MAX_REQUEST_BYTES_MAX);
        int rate = in.integer(REQUESTS_PER_SECOND, REQUESTS_PER_SECOND_DEFAULT, 1, REQUESTS_PER_SECOND_MAX);
        AdminConfig config = new AdminConfig(address, port, token, bytes, rate);
        if (!config.isLoopback() && token == null) {
            in.problem(ADDRESS, address + " is not a loopback address: set admin.token so that writes need it"
                    + " (or keep the default " + ADDRESS_DEFAULT + ")");
        }
        return config;
    }
}
