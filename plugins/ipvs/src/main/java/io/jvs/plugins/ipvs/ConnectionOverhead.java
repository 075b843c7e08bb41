package io.jvs.plugins.ipvs;

import io.jvs.spi.DestinationView;

/**
 * The load estimate of a destination that the least-connection family compares, IPVS's
 * {@code ip_vs_dest_conn_overhead} ({@code include/net/ip_vs.h}):
 * {@code activeconns * 256 + inactconns}. An active (established TCP) connection is taken to cost
 * 256 times an inactive one (a TCP connection in another state, or a UDP/ICMP entry).
 *
 * <p>The kernel computes it in an {@code int}; here it is a {@code long}, so that it cannot overflow
 * when counts exceed 8 million, and products with weights (up to 65535) stay exact.
 */
final class ConnectionOverhead {

    private ConnectionOverhead() {
    }

    /**
     * Returns the overhead of a destination from its current (possibly slightly stale) counters.
     *
     * @param destination the destination
     * @return {@code active * 256 + inactive}, non-negative
     */
    static long of(DestinationView destination) {
        return ((long) destination.activeConnections() << 8) + destination.inactiveConnections();
    }
}
