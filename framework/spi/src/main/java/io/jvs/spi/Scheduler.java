package io.jvs.spi;

/**
 * The per-service instance of a scheduler, like IPVS's {@code struct ip_vs_scheduler} bound to one
 * {@code struct ip_vs_service}.
 *
 * <p><b>Threads:</b> the lifecycle hooks ({@link #destinationAdded}, {@link #destinationRemoved},
 * {@link #destinationUpdated}, {@link #done}) are called by one control-plane thread at a time.
 * {@link #schedule}, {@link #sessionKey} and {@link #onEviction} are called by packet workers,
 * <b>concurrently from several threads</b>, and must therefore only read state that the hooks
 * published safely (an immutable snapshot behind a {@code volatile} field is the usual way). A
 * counter such as a round-robin position may be updated racily if the scheduler documents the
 * resulting guarantee (for example "exact sequence per worker, proportional overall").
 *
 * <p><b>The hot path:</b> {@code schedule} must not allocate, lock, block, read a clock or do I/O.
 * The current time is passed in.
 */
public interface Scheduler {

    /**
     * Returned by {@link #schedule} when no destination is eligible. {@code null} is accepted as
     * well and means the same.
     */
    DestinationView NONE = null;

    /** Returned by {@link #sessionKey} when the packet carries no session key. */
    long NO_SESSION_KEY = 0L;

    /**
     * Chooses a destination for a new flow.
     *
     * @param service the service, whose {@link ServiceView#destinations()} is the current snapshot
     * @param packet the first packet of the flow (valid only during this call); its payload holds at
     *     least {@link #payloadBytesNeeded()} bytes when the flow carried that many
     * @param nowNanos the current time, nanoseconds on the engine's monotonic clock
     * @return an eligible destination of {@code service}, or {@link #NONE} when there is none (the
     *     engine then drops the packet, or answers with ICMP/RST as configured, and counts it)
     */
    DestinationView schedule(ServiceView service, PacketView packet, long nowNanos);

    /**
     * Called after a destination was added to the service (it is already in
     * {@link ServiceView#destinations()}). Rebuild tables here.
     *
     * @param service the service
     * @param destination the new destination
     */
    default void destinationAdded(ServiceView service, DestinationView destination) {
    }

    /**
     * Called after a destination was removed from the service (it is no longer in
     * {@link ServiceView#destinations()} and {@link DestinationView#isAvailable()} is false).
     *
     * @param service the service
     * @param destination the removed destination
     */
    default void destinationRemoved(ServiceView service, DestinationView destination) {
    }

    /**
     * Called after a destination's weight, thresholds or forwarding method changed.
     *
     * @param service the service
     * @param destination the changed destination, already showing its new values
     */
    default void destinationUpdated(ServiceView service, DestinationView destination) {
    }

    /**
     * Called once when the service is deleted or switches to another scheduler. Release resources
     * here; {@code schedule} is not called afterwards.
     *
     * @param service the service
     */
    default void done(ServiceView service) {
    }

    /**
     * Declares how many payload bytes this scheduler needs to see before it can choose. 0 (the
     * default) means it decides on headers alone. For UDP the first datagram carries the bytes; for
     * TCP the packet engine delays binding until the first data segment, and the proxy data plane
     * peeks the stream.
     *
     * @return a number of bytes, 0..65535
     */
    default int payloadBytesNeeded() {
        return 0;
    }

    /**
     * Tells whether the first payload bytes received so far are enough to schedule, so that the data
     * plane need not wait for all of {@link #payloadBytesNeeded()} (an HTTP classifier, for
     * example, is satisfied at the end of the request line). Called only when
     * {@link #payloadBytesNeeded()} is above 0, with a view whose payload holds the bytes collected
     * so far (fewer than {@link #payloadBytesNeeded()}); the data plane schedules anyway when the
     * bound is reached, the client stops sending, or the collection times out. Must be quick,
     * allocation-free and must not block.
     *
     * @param packet a view of the connection's first payload bytes (valid only during this call)
     * @return true to schedule now; the default: once {@link #payloadBytesNeeded()} bytes are there
     */
    default boolean payloadSufficient(PacketView packet) {
        return packet.payloadLength() >= payloadBytesNeeded();
    }

    /**
     * Extracts the session key of a packet, for schedulers that identify sessions by payload bytes
     * (for example a session id at a fixed offset). The engine stores the key with the connection;
     * when the same key then arrives from another 5-tuple, the old entry is evicted with
     * {@link EvictionReason#REPLACED}, and when a packet's key differs from its entry's key the entry
     * is evicted and the packet scheduled afresh.
     *
     * <p>A key is a 64-bit digest of the session bytes; schedulers should use a well-mixed hash and
     * map a digest of 0 to another value.
     *
     * @param packet the packet (valid only during this call)
     * @return the key, or {@link #NO_SESSION_KEY} when the packet has none (the default)
     */
    default long sessionKey(PacketView packet) {
        return NO_SESSION_KEY;
    }

    /**
     * Called when one of this service's connection-cache entries is removed. Called on the worker
     * that owned the entry; must be quick and must not block. Exceptions are caught, counted and
     * otherwise ignored.
     *
     * @param connection the entry being removed (valid only during this call)
     * @param reason why it is removed
     * @param nowNanos the current time, nanoseconds on the engine's monotonic clock
     */
    default void onEviction(ConnectionView connection, EvictionReason reason, long nowNanos) {
    }

    /**
     * Returns the scheduler's run-time parameters in its own text format, for the admin endpoint
     * (for example {@code offset:4;offlen:8}). {@code null} (the default) means the scheduler has no
     * parameter file.
     *
     * @return the text, or {@code null}
     */
    default String parameterText() {
        return null;
    }

    /**
     * Applies a write to the scheduler's parameter file, in its own text format. Either the whole
     * write applies or nothing changes.
     *
     * @param text the text written by the operator
     * @throws InvalidParameterException when the text is invalid; the message says why, and the
     *     current parameters are unchanged
     * @throws UnsupportedOperationException when the scheduler has no parameter file (the default)
     */
    default void writeParameterText(String text) throws InvalidParameterException {
        throw new UnsupportedOperationException("this scheduler has no parameter file");
    }
}
