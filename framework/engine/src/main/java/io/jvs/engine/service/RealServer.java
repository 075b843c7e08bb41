package io.jvs.engine.service;

import io.jvs.spi.DestinationView;
import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.TunnelType;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One destination of one service, as IPVS's {@code struct ip_vs_dest}: identity, settings that the
 * control plane may change (weight, thresholds, forwarding), and the connection counters that the
 * workers keep.
 *
 * <p>Identity is fixed for the life of the object. Settings are {@code volatile} and written by the
 * control plane only. Connection counters are atomic (updated once per connection state change, not
 * per packet); traffic counters are per worker ({@link DestinationTraffic}).
 *
 * <p>The overload flag follows IPVS {@code ip_vs_bind_dest}/{@code ip_vs_unbind_dest}: it is set when
 * {@code active + inactive} reaches the upper threshold and cleared when the count falls below the
 * lower threshold, or below three quarters of the upper one when no lower threshold is set.
 */
public final class RealServer implements DestinationView {

    private final int id;
    private final VirtualService service;
    private final IpAddress address;
    private final int port;
    private final String key;
    private final InetSocketAddress socketAddress;
    private final DestinationTraffic traffic;

    private volatile int weight;
    private volatile int upperThreshold;
    private volatile int lowerThreshold;
    private volatile ForwardingMethod forwarding;
    private volatile TunnelType tunnelType;
    private volatile boolean available = true;
    private volatile boolean overloaded;

    private final AtomicInteger activeConnections = new AtomicInteger();
    private final AtomicInteger inactiveConnections = new AtomicInteger();
    private final AtomicInteger persistentConnections = new AtomicInteger();

    /**
     * Creates a destination. Called by the service manager only.
     *
     * @param id the engine-wide destination id, used by connection entries
     * @param service the service it belongs to
     * @param spec its settings
     * @param workers number of workers, for the traffic counters
     */
    public RealServer(int id, VirtualService service, DestinationSpec spec, int workers) {
        this.id = id;
        this.service = service;
        this.address = spec.address();
        this.port = spec.port();
        this.key = spec.key();
        this.socketAddress = new InetSocketAddress(address.toInetAddress(), port);
        this.traffic = new DestinationTraffic(workers);
        update(spec);
    }

    /**
     * Applies new settings (weight, thresholds, forwarding); the identity must match.
     *
     * @param spec the new settings
     */
    public void update(DestinationSpec spec) {
        if (!spec.address().equals(address) || spec.port() != port) {
            throw new IllegalArgumentException("destination identity cannot change: " + key + " vs " + spec.key());
        }
        this.upperThreshold = spec.upperThreshold();
        this.lowerThreshold = spec.lowerThreshold();
        this.forwarding = spec.forwarding();
        this.tunnelType = spec.tunnelType();
        this.weight = spec.weight();
        recomputeOverload();
    }

    /**
     * Returns the current settings as a spec.
     *
     * @return the spec
     */
    public DestinationSpec spec() {
        return new DestinationSpec(address, port, weight, upperThreshold, lowerThreshold, forwarding, tunnelType);
    }

    /** Returns the engine-wide id of this destination. @return the id */
    public int id() {
        return id;
    }

    /** Returns the service this destination belongs to. @return the service */
    public VirtualService service() {
        return service;
    }

    /** Returns the address. @return the address */
    public IpAddress address() {
        return address;
    }

    /** Returns the per-worker traffic counters. @return the counters */
    public DestinationTraffic traffic() {
        return traffic;
    }

    /** Returns the tunnel type, {@code null} unless forwarding is TUNNEL. @return the tunnel type */
    public TunnelType tunnelType() {
        return tunnelType;
    }

    /**
     * Marks the destination removed (or back); removed destinations are not available.
     *
     * @param value {@code false} when removed from its service
     */
    public void setAvailable(boolean value) {
        this.available = value;
    }

    /**
     * Adjusts the connection counters, as IPVS binds and unbinds connections to a destination, and
     * recomputes the overload flag.
     *
     * @param activeDelta change of active connections
     * @param inactiveDelta change of inactive connections
     * @param templateDelta change of persistence templates
     */
    public void adjustConnections(int activeDelta, int inactiveDelta, int templateDelta) {
        if (activeDelta != 0) {
            activeConnections.addAndGet(activeDelta);
        }
        if (inactiveDelta != 0) {
            inactiveConnections.addAndGet(inactiveDelta);
        }
        if (templateDelta != 0) {
            persistentConnections.addAndGet(templateDelta);
        }
        if (upperThreshold != 0 && (activeDelta | inactiveDelta) != 0) {
            recomputeOverload();
        }
    }

    private void recomputeOverload() {
        int upper = upperThreshold;
        if (upper == 0) {
            overloaded = false;
            return;
        }
        int total = activeConnections.get() + inactiveConnections.get();
        if (total >= upper) {
            overloaded = true;
        } else if (overloaded) {
            int lower = lowerThreshold;
            boolean recovered = lower == 0 ? total * 4 < upper * 3 : total < lower;
            if (recovered) {
                overloaded = false;
            }
        }
    }

    @Override
    public int family() {
        return address.family();
    }

    @Override
    public int addressWord(int index) {
        return address.word(index);
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public InetSocketAddress socketAddress() {
        return socketAddress;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public int upperThreshold() {
        return upperThreshold;
    }

    @Override
    public int lowerThreshold() {
        return lowerThreshold;
    }

    @Override
    public int activeConnections() {
        return activeConnections.get();
    }

    @Override
    public int inactiveConnections() {
        return inactiveConnections.get();
    }

    @Override
    public int persistentConnections() {
        return persistentConnections.get();
    }

    @Override
    public boolean isAvailable() {
        return available;
    }

    @Override
    public boolean isOverloaded() {
        return overloaded;
    }

    @Override
    public ForwardingMethod forwardingMethod() {
        return forwarding;
    }

    @Override
    public String toString() {
        return key;
    }
}
