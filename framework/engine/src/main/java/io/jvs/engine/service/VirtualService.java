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

    /** {@link #synProxyMode()}: SYNs are forwarded to the scheduled destination as usual. */
    public static final int SYNPROXY_OFF = 0;
    /** {@link #synProxyMode()}: SYN cookies; scheduled when the client's ACK validates ({@code synproxy: true}). */
    public static final int SYNPROXY_ON_ACK = 1;
    /** {@link #synProxyMode()}: SYN cookies; scheduled once the first payload bytes suffice (delayed binding). */
    public static final int SYNPROXY_DELAYED = 2;

    private final int id;
    private final ServiceKey key;
    private final String name;

    private volatile ServiceSpec spec;
    private volatile Scheduler scheduler;
    private volatile RealServerList destinations = RealServerList.EMPTY;
    private volatile long persistenceTimeoutNanos;
    private volatile int persistencePrefix;
    private volatile int timeoutProfileId;
    private volatile int synProxyMode;

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
        this.synProxyMode = synProxyMode(value, scheduler);
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
        this.synProxyMode = synProxyMode(spec, value);
    }

    /**
     * Returns how the packet engine treats this service's TCP SYNs: {@link #SYNPROXY_OFF},
     * {@link #SYNPROXY_ON_ACK} or {@link #SYNPROXY_DELAYED}. Decided when the spec or the scheduler is
     * published, from {@link ServiceSpec#synProxy()} and the scheduler's
     * {@link Scheduler#payloadBytesNeeded()} at that moment.
     *
     * @return the mode
     */
    public int synProxyMode() {
        return synProxyMode;
    }

    /**
     * Decides the SYN-proxy mode of a service: delayed binding for a TCP (or firewall-mark) service
     * whose scheduler needs payload bytes, scheduling on the validated ACK for one with
     * {@code synproxy}, off otherwise.
     *
     * @param spec the service's description
     * @param scheduler its scheduler, or {@code null}
     * @return {@link #SYNPROXY_OFF}, {@link #SYNPROXY_ON_ACK} or {@link #SYNPROXY_DELAYED}
     */
    public static int synProxyMode(ServiceSpec spec, Scheduler scheduler) {
        ServiceKey k = spec.key();
        if (k.firewallMark() == 0 && k.protocol() != io.jvs.spi.IpProtocol.TCP) {
            return SYNPROXY_OFF;
        }
        int needed;
        try {
            needed = scheduler == null ? 0 : scheduler.payloadBytesNeeded();
        } catch (RuntimeException e) {
            needed = 0;
        }
        return needed > 0 ? SYNPROXY_DELAYED : spec.synProxy() ? SYNPROXY_ON_ACK : SYNPROXY_OFF;
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
