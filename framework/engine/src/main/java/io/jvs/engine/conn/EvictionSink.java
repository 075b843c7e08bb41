package io.jvs.engine.conn;

import io.jvs.spi.EvictionReason;

/**
 * Receives every removal of a {@link ConnectionTable} entry: exactly one call per entry, whatever the
 * path (expiry, capacity, explicit removal, flush, replacement by insert).
 *
 * <p>The call happens before the entry's memory is released: {@code entry} reads the entry's fields
 * during the call and must not be kept. The table releases the entry after the call returns
 * <em>or throws</em> (notify first, release in a {@code finally}): an exception from the sink
 * propagates to the caller of the table operation once the entry is fully removed, and the operation
 * stops there, leaving the table consistent; the engine is expected to wrap its listeners so that this
 * does not happen.
 *
 * <p><b>Threads:</b> called on the table's owner thread. The sink may read the table but must not
 * modify it: a modifying call during a notification throws {@link IllegalStateException}.
 */
@FunctionalInterface
public interface EvictionSink {

    /** A sink that ignores every eviction. */
    EvictionSink NONE = (entry, reason, nowNanos) -> {
    };

    /**
     * Receives one removal.
     *
     * @param entry the entry being removed (a flyweight, valid only during this call); also a
     *     {@link io.jvs.spi.ConnectionView} to hand to listeners
     * @param reason why the entry is removed
     * @param nowNanos the time passed to the table operation, nanoseconds on the engine's clock
     */
    void evicted(ConnectionEntryView entry, EvictionReason reason, long nowNanos);
}
