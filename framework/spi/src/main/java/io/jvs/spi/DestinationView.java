package io.jvs.spi;

import java.net.InetSocketAddress;

/**
 * A read-only view of one destination (real server) of a service, like IPVS's
 * {@code struct ip_vs_dest}.
 *
 * <p>The identity fields (address, port, {@link #key()}) never change for the lifetime of the
 * object. Weight, thresholds and flags may change; the scheduler hears of it through
 * {@link Scheduler#destinationUpdated(ServiceView, DestinationView)}. Connection counters change all
 * the time and are read with plain (possibly slightly stale) loads, as the kernel's
 * {@code atomic_read}.
 *
 * <p><b>Thread safety:</b> every accessor may be called from any thread and allocates nothing.
 */
public interface DestinationView {

    /**
     * Returns the address family of the destination.
     *
     * @return {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     */
    int family();

    /**
     * Returns one 32-bit word of the destination's address, in network byte order.
     *
     * @param index 0 for IPv4; 0..3 for IPv6
     * @return the word
     */
    int addressWord(int index);

    /**
     * Returns the destination port; 0 means "the port the client asked for" (firewall-mark and
     * DR/tunnel services).
     *
     * @return 0..65535
     */
    int port();

    /**
     * Returns the destination as a socket address. The object is created once, when the destination
     * is added.
     *
     * @return the address and port
     */
    InetSocketAddress socketAddress();

    /**
     * Returns a stable textual key, {@code "198.51.100.7:80"} or {@code "[2001:db8::7]:80"}, used by
     * consistent-hashing schedulers so that every jvs instance hashes a destination the same way.
     *
     * @return the key, never {@code null}
     */
    String key();

    /**
     * Returns the weight: 0 makes the destination quiescent (no new connections; existing ones
     * continue), 1..65535 are relative capacities.
     *
     * @return 0..65535
     */
    int weight();

    /**
     * Returns the upper connection threshold: when {@code active + inactive} reaches it the
     * destination becomes overloaded. 0 means no limit.
     *
     * @return the threshold, 0 for none
     */
    int upperThreshold();

    /**
     * Returns the lower connection threshold below which an overloaded destination becomes available
     * again. 0 means three quarters of {@link #upperThreshold()}, as IPVS.
     *
     * @return the threshold, 0 for the default
     */
    int lowerThreshold();

    /**
     * Returns the number of active connections (TCP connections in ESTABLISHED; others count as
     * inactive), summed over all workers.
     *
     * @return a non-negative count
     */
    int activeConnections();

    /**
     * Returns the number of inactive connections (TCP connections in any state but ESTABLISHED, UDP
     * and ICMP entries), summed over all workers.
     *
     * @return a non-negative count
     */
    int inactiveConnections();

    /**
     * Returns the number of persistence templates that point to this destination.
     *
     * @return a non-negative count
     */
    int persistentConnections();

    /**
     * Tells whether the destination is still a member of its service and considered up (IPVS
     * {@code IP_VS_DEST_F_AVAILABLE}). A removed or failed destination is not available.
     *
     * @return {@code true} when new connections may be sent to it, weight and overload permitting
     */
    boolean isAvailable();

    /**
     * Tells whether the destination is overloaded by its connection thresholds (IPVS
     * {@code IP_VS_DEST_F_OVERLOAD}).
     *
     * @return {@code true} when the upper threshold was reached and the count has not yet fallen
     *     below the lower one
     */
    boolean isOverloaded();

    /**
     * Tells whether a scheduler may choose this destination for a new connection: available, not
     * overloaded and weight above 0.
     *
     * @return {@code true} when eligible
     */
    default boolean isEligible() {
        return isAvailable() && !isOverloaded() && weight() > 0;
    }

    /**
     * Returns how packets are forwarded to this destination.
     *
     * @return the forwarding method
     */
    ForwardingMethod forwardingMethod();
}
