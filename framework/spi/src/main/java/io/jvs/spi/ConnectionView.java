package io.jvs.spi;

/**
 * A read-only view of one connection-cache entry, handed to eviction listeners.
 *
 * <p><b>Flyweight:</b> it points into the connection table and is valid only during the call that
 * receives it; copy what you need. All accessors are allocation-free.
 */
public interface ConnectionView {

    /**
     * Returns the address family of the client side.
     *
     * @return {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     */
    int family();

    /**
     * Returns the transport protocol.
     *
     * @return an IANA protocol number
     */
    int protocol();

    /**
     * Returns one word of the client address, in network byte order.
     *
     * @param index 0 for IPv4; 0..3 for IPv6
     * @return the word
     */
    int clientAddressWord(int index);

    /**
     * Returns the client port.
     *
     * @return 0..65535
     */
    int clientPort();

    /**
     * Returns one word of the virtual address, in network byte order.
     *
     * @param index 0 for IPv4; 0..3 for IPv6
     * @return the word
     */
    int virtualAddressWord(int index);

    /**
     * Returns the virtual port.
     *
     * @return 0..65535
     */
    int virtualPort();

    /**
     * Returns the service the connection belongs to.
     *
     * @return the service
     */
    ServiceView service();

    /**
     * Returns the destination the connection was scheduled to.
     *
     * @return the destination
     */
    DestinationView destination();

    /**
     * Returns the session key the scheduler attached, or {@link Scheduler#NO_SESSION_KEY}.
     *
     * @return the key
     */
    long sessionKey();

    /**
     * Returns the protocol state name as IPVS prints it in {@code /proc/net/ip_vs_conn}
     * ({@code ESTABLISHED}, {@code SYN_RECV}, {@code FIN_WAIT}, ... for TCP; {@code UDP}, {@code ICMP}).
     *
     * @return the state name
     */
    String stateName();

    /**
     * Tells whether the entry is a persistence template rather than a connection.
     *
     * @return {@code true} for a template
     */
    boolean isTemplate();

    /**
     * Returns when the entry was created, on the engine's clock.
     *
     * @return nanoseconds on the engine's monotonic clock
     */
    long createdNanos();
}
