package io.jvs.engine.service;

import java.util.Arrays;

/**
 * Maps the engine-wide destination ids stored in connection entries to {@link RealServer} objects.
 * Written by the control plane (copy-on-write array, one volatile write per change), read by
 * workers without locks.
 */
public final class DestinationRegistry {

    private volatile RealServer[] byId = new RealServer[64];
    private int nextId = 1;

    /**
     * Reserves the next id. Control plane only.
     *
     * @return an id above 0, never handed out before
     */
    public synchronized int allocateId() {
        return nextId++;
    }

    /**
     * Publishes a destination under its id. Control plane only.
     *
     * @param server the destination
     */
    public synchronized void register(RealServer server) {
        RealServer[] current = byId;
        int id = server.id();
        RealServer[] next = Arrays.copyOf(current, id < current.length ? current.length : Integer.highestOneBit(id) << 1);
        next[id] = server;
        byId = next;
    }

    /**
     * Returns the destination with an id, also after it was removed from its service (its
     * connections may still be in the tables).
     *
     * @param id the id
     * @return the destination, or {@code null} for an unknown id
     */
    public RealServer get(int id) {
        RealServer[] current = byId;
        return id > 0 && id < current.length ? current[id] : null;
    }
}
