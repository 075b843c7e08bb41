package io.jvs.proxy;

import java.util.Objects;

/**
 * What the proxy does for one service beyond scheduling: how many connections it may hold and
 * whether destinations are told the client's address with the PROXY protocol.
 *
 * @param connectionLimit the most connections (TCP) and sessions (UDP) the service may hold at once
 *     over all event loops; further clients are closed (TCP) or their datagrams dropped (UDP) and
 *     counted; 0 for no limit
 * @param proxyProtocol the PROXY protocol header sent to destinations
 */
public record ServiceOptions(int connectionLimit, ProxyProtocolVersion proxyProtocol) {

    /** No limit, no PROXY protocol. */
    public static final ServiceOptions DEFAULT = new ServiceOptions(0, ProxyProtocolVersion.NONE);

    /** Checks ranges. */
    public ServiceOptions {
        if (connectionLimit < 0) {
            throw new IllegalArgumentException("connection limit: " + connectionLimit + " is negative");
        }
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
    }

    /**
     * Returns a copy with another connection limit.
     *
     * @param value the limit, 0 for none
     * @return the copy
     */
    public ServiceOptions withConnectionLimit(int value) {
        return new ServiceOptions(value, proxyProtocol);
    }

    /**
     * Returns a copy with another PROXY protocol version.
     *
     * @param value the version
     * @return the copy
     */
    public ServiceOptions withProxyProtocol(ProxyProtocolVersion value) {
        return new ServiceOptions(connectionLimit, value);
    }
}
