package io.jvs.engine.service;

import io.jvs.spi.DestinationList;
import java.util.Arrays;
import java.util.List;

/** An immutable snapshot of a service's destinations, published by one volatile write. */
public final class RealServerList implements DestinationList {

    /** The empty list. */
    public static final RealServerList EMPTY = new RealServerList(new RealServer[0]);

    private final RealServer[] servers;

    private RealServerList(RealServer[] servers) {
        this.servers = servers;
    }

    /**
     * Creates a snapshot.
     *
     * @param servers the destinations in order
     * @return the snapshot
     */
    public static RealServerList of(List<RealServer> servers) {
        return servers.isEmpty() ? EMPTY : new RealServerList(servers.toArray(new RealServer[0]));
    }

    @Override
    public int size() {
        return servers.length;
    }

    @Override
    public RealServer get(int index) {
        return servers[index];
    }

    /**
     * Finds a destination by address and port.
     *
     * @param address the address
     * @param port the port
     * @return the destination, or {@code null}
     */
    public RealServer find(IpAddress address, int port) {
        for (RealServer s : servers) {
            if (s.port() == port && s.address().equals(address)) {
                return s;
            }
        }
        return null;
    }

    /**
     * Returns the destinations as a list (control plane).
     *
     * @return an unmodifiable list
     */
    public List<RealServer> asList() {
        return List.copyOf(Arrays.asList(servers));
    }
}
