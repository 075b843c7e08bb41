package io.jvs.engine.service;

import io.jvs.spi.EvictionReason;

/**
 * Removes connection-cache entries on behalf of the control plane. The engine implements it by
 * sending commands to every worker, each of which removes the entries of its own shard (with one
 * eviction notification per entry).
 */
public interface ConnectionFlusher {

    /** A flusher for engines without connection tables (tests of the control plane alone). */
    ConnectionFlusher NONE = new ConnectionFlusher() {
        @Override
        public void flushDestination(RealServer destination, EvictionReason reason) {
        }

        @Override
        public void flushService(VirtualService service, EvictionReason reason) {
        }
    };

    /**
     * Removes every entry that points to a destination.
     *
     * @param destination the destination
     * @param reason {@link EvictionReason#DEST_REMOVED} or {@link EvictionReason#FLUSHED}
     */
    void flushDestination(RealServer destination, EvictionReason reason);

    /**
     * Removes every entry of a service.
     *
     * @param service the service
     * @param reason usually {@link EvictionReason#FLUSHED}
     */
    void flushService(VirtualService service, EvictionReason reason);
}
