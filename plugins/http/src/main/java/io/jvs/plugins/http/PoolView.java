package io.jvs.plugins.http;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.ServiceView;
import java.util.ArrayList;
import java.util.List;

/**
 * The service as a pool's inner scheduler sees it: the same service, with only the destinations
 * that are members of the pool, in the service's order. The subset is an immutable snapshot
 * published by one volatile write, rebuilt by {@link #refresh()} on the control plane whenever the
 * service's destinations change.
 *
 * <p><b>Thread safety:</b> accessors may be called from any thread and allocate nothing;
 * {@link #refresh()} is for the control-plane thread.
 */
final class PoolView implements ServiceView {

    private final ServiceView service;
    private final String pool;
    private final List<PoolMember> members;
    private final String name;
    private volatile Subset destinations = new Subset(new DestinationView[0]);

    /**
     * Creates the view and takes the first snapshot.
     *
     * @param service the whole service
     * @param pool the pool's name
     * @param members the pool's members
     */
    PoolView(ServiceView service, String pool, List<PoolMember> members) {
        this.service = service;
        this.pool = pool;
        this.members = List.copyOf(members);
        this.name = service.name() + " pool " + pool;
        refresh();
    }

    /** {@return the pool's name} */
    String pool() {
        return pool;
    }

    /**
     * Tells whether a destination belongs to this pool.
     *
     * @param destination the destination
     * @return true when one of the members names it
     */
    boolean contains(DestinationView destination) {
        for (PoolMember m : members) {
            if (m.matches(destination)) {
                return true;
            }
        }
        return false;
    }

    /** Rebuilds the subset from the service's current destinations. Control plane only. */
    void refresh() {
        DestinationList all = service.destinations();
        List<DestinationView> in = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            DestinationView d = all.get(i);
            if (contains(d)) {
                in.add(d);
            }
        }
        destinations = new Subset(in.toArray(new DestinationView[0]));
    }

    /** {@return the service's name followed by {@code pool <name>}} */
    @Override
    public String name() {
        return name;
    }

    @Override
    public int family() {
        return service.family();
    }

    @Override
    public int protocol() {
        return service.protocol();
    }

    @Override
    public int virtualAddressWord(int index) {
        return service.virtualAddressWord(index);
    }

    @Override
    public int virtualPort() {
        return service.virtualPort();
    }

    @Override
    public int firewallMark() {
        return service.firewallMark();
    }

    @Override
    public boolean isPersistent() {
        return service.isPersistent();
    }

    @Override
    public DestinationList destinations() {
        return destinations;
    }

    @Override
    public String toString() {
        return name;
    }

    /** One immutable snapshot of the pool's destinations. */
    private record Subset(DestinationView[] items) implements DestinationList {
        @Override
        public int size() {
            return items.length;
        }

        @Override
        public DestinationView get(int index) {
            return items[index];
        }
    }
}
