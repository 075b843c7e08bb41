package io.jvs.engine.service;

import io.jvs.engine.conn.ConnectionAccounting;
import io.jvs.engine.conn.DestinationResolver;
import io.jvs.spi.DestinationView;
import io.jvs.spi.ServiceView;
import java.util.Objects;

/**
 * Binds connection tables to a {@link DestinationRegistry}: resolves the destination ids stored in
 * entries to {@link RealServer}s and their services, and applies the tables' connection accounting
 * to the destinations' counters. Every data plane that keeps connection tables (the packet engine,
 * the proxy) hands one of these to each table, as both its resolver and its accounting.
 *
 * <p><b>Threads:</b> any; reads the registry's published array, updates atomic counters.
 */
public final class RegisteredDestinations implements DestinationResolver, ConnectionAccounting {

    private final DestinationRegistry registry;

    /**
     * Creates the binding.
     *
     * @param registry the registry shared with the service manager
     */
    public RegisteredDestinations(DestinationRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public DestinationView destination(int destId) {
        return registry.get(destId);
    }

    @Override
    public ServiceView service(int destId) {
        RealServer d = registry.get(destId);
        return d == null ? null : d.service();
    }

    @Override
    public void adjust(int destId, int activeDelta, int inactiveDelta, int templateDelta) {
        RealServer d = registry.get(destId);
        if (d != null) {
            d.adjustConnections(activeDelta, inactiveDelta, templateDelta);
        }
    }
}
