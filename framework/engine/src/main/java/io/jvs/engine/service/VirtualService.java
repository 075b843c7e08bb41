package io.jvs.engine.service;

import io.jvs.spi.Scheduler;
import io.jvs.spi.ServiceView;

/**
 * One virtual service, as IPVS's {@code struct ip_vs_service}: its key, its scheduler instance, its
 * persistence and the current snapshot of its destinations.
 *
 * <p>The control plane replaces the scheduler and the destination snapshot by single volatile
 * writes; workers read them without locks.
 */
public final class VirtualService implements ServiceView {

    private final int id;
    private final ServiceKey key;
    private final String name;

    private volatile ServiceSpec spec;
    private volatile Scheduler scheduler;
    private volatile RealServerList destinations = RealServerList.EMPTY;
    private volatile long persistenceTimeoutNanos;
    private volatile int persistencePrefix;
    private volatile int timeoutProfileId;

    /**
     * Creates a service without scheduler or destinations; the service manager fills them in.
     *
     * @param id the engine-wide service id
     * @param spec the service description
     */
    public VirtualService(int id, ServiceSpec spec) {
        this.id = id;
        this.key = spec.key();
        this.name = key.name();
        setSpec(spec);
    }

    /** Returns the engine-wide id. @return the id */
    public int id() {
        return id;
    }

    /** Returns the key. @return the key */
    public ServiceKey key() {
        return key;
    }

    /** Returns the description the service was last applied from. @return the spec */
    public ServiceSpec spec() {
        return spec;
    }

    /**
     * Records the description (scheduler name, parameters, persistence); the service manager
     * applies the scheduler and destinations itself.
     *
     * @param value the new description, with the same key
     */
    public void setSpec(ServiceSpec value) {
        if (!value.key().equals(key)) {
            throw new IllegalArgumentException("service key cannot change");
        }
        Persistence p = value.persistence();
        this.persistenceTimeoutNanos = p == null ? 0 : p.timeoutSeconds() * 1_000_000_000L;
        this.persistencePrefix = p == null ? 0 : p.prefixLength();
        this.spec = value;
    }

    /** Returns the scheduler instance. @return the scheduler */
    public Scheduler scheduler() {
        return scheduler;
    }

    /**
     * Publishes a scheduler instance.
     *
     * @param value the scheduler
     */
    public void setScheduler(Scheduler value) {
        this.scheduler = value;
    }

    /**
     * Publishes a new destination snapshot.
     *
     * @param value the snapshot
     */
    public void setDestinations(RealServerList value) {
        this.destinations = value;
    }

    /**
     * Returns the persistence timeout, 0 when the service is not persistent.
     *
     * @return nanoseconds
     */
    public long persistenceTimeoutNanos() {
        return persistenceTimeoutNanos;
    }

    /**
     * Returns the persistence netmask as a prefix length.
     *
     * @return 0..128
     */
    public int persistencePrefix() {
        return persistencePrefix;
    }

    /**
     * Returns the connection-table timeout profile id of this service's connections (0: the engine's).
     *
     * @return the id
     */
    public int timeoutProfileId() {
        return timeoutProfileId;
    }

    /**
     * Sets the timeout profile id (service manager only).
     *
     * @param id the id
     */
    public void setTimeoutProfileId(int id) {
        this.timeoutProfileId = id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int family() {
        return key.family();
    }

    @Override
    public int protocol() {
        return key.protocol();
    }

    @Override
    public int virtualAddressWord(int index) {
        return key.address() == null ? 0 : key.address().word(index);
    }

    @Override
    public int virtualPort() {
        return key.port();
    }

    @Override
    public int firewallMark() {
        return key.firewallMark();
    }

    @Override
    public boolean isPersistent() {
        return persistenceTimeoutNanos != 0;
    }

    @Override
    public RealServerList destinations() {
        return destinations;
    }

    @Override
    public String toString() {
        return name;
    }
}
