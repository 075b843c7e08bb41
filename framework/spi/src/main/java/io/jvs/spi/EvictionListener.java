package io.jvs.spi;

import org.pf4j.ExtensionPoint;

/**
 * An extension point for plugins that want to hear of every connection-cache eviction (audit logs,
 * external state, tests). Every removal of an entry, from any service and any data plane, produces
 * exactly one call with its reason.
 *
 * <p><b>Threads:</b> called on the worker that owned the entry, concurrently from several workers.
 * Must be quick, must not block and should not allocate in steady state. Exceptions are caught,
 * counted per listener and otherwise ignored: a faulty listener cannot stop a worker.
 */
public interface EvictionListener extends ExtensionPoint {

    /**
     * Receives one eviction.
     *
     * @param connection the entry being removed (a flyweight, valid only during this call)
     * @param reason why it is removed
     * @param nowNanos the current time, nanoseconds on the engine's monotonic clock
     */
    void onEviction(ConnectionView connection, EvictionReason reason, long nowNanos);
}
