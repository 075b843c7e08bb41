package io.jvs.engine.service;

import io.jvs.spi.DestinationList;
import io.jvs.spi.ServiceView;

/**
 * A service as it will be once a pending change is published: the live service with the
 * destination snapshot that is about to replace its current one. Used to create a new scheduler
 * before the change is visible to workers, so that a failing scheduler leaves nothing half-applied.
 */
final class StagedServiceView implements ServiceView {

    private final VirtualService live;
    private final ServiceSpec spec;
    private final RealServerList destinations;

    StagedServiceView(VirtualService live, ServiceSpec spec, RealServerList destinations) {
        this.live = live;
        this.spec = spec;
        this.destinations = destinations;
    }

    @Override
    public String name() {
        return live.name();
    }

    @Override
    public int family() {
        return live.family();
    }

    @Override
    public int protocol() {
        return live.protocol();
    }

    @Override
    public int virtualAddressWord(int index) {
        return live.virtualAddressWord(index);
    }

    @Override
    public int virtualPort() {
        return live.virtualPort();
    }

    @Override
    public int firewallMark() {
        return live.firewallMark();
    }

    @Override
    public boolean isPersistent() {
        return spec.persistence() != null;
    }

    @Override
    public DestinationList destinations() {
        return destinations;
    }
}
