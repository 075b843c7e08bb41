package io.jvs.engine.service;

import io.jvs.spi.AddressFamily;
import io.jvs.engine.conn.TimeoutProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The validated description of one virtual service, as the control plane hands it to the engine:
 * what {@code ipvsadm -A -t VIP:PORT -s SCHED -b FLAGS -p TIMEOUT -M NETMASK} and the following
 * {@code -a} lines say.
 *
 * @param key protocol + VIP + port, or firewall mark
 * @param scheduler the scheduler's short name ({@code wlc} when none is given, as ipvsadm)
 * @param schedulerParameters scheduler parameters and flags as text, validated by the scheduler's
 *     declaration when the service is applied
 * @param persistence persistence, or {@code null} for none
 * @param destinations the destinations, unique by address and port
 * @param timeouts this service's own connection timeouts, or {@code null} to use the engine's
 * @param synProxy answer TCP SYNs with SYN cookies and open the connection to the destination only
 *     once the client's handshake completed (SYN-flood protection, DPVS {@code -j}); NAT and FULLNAT
 *     destinations only. A scheduler that needs payload bytes turns it on by itself for TCP
 *     (delayed binding), see {@link io.jvs.engine.synproxy.SynProxy}
 */
public record ServiceSpec(ServiceKey key, String scheduler, Map<String, String> schedulerParameters,
        Persistence persistence, List<DestinationSpec> destinations, TimeoutProfile timeouts, boolean synProxy) {

    /** The scheduler a service gets when it names none, as ipvsadm. */
    public static final String DEFAULT_SCHEDULER = "wlc";

    /** Copies the collections and checks destinations for duplicates and address families. */
    public ServiceSpec {
        Objects.requireNonNull(key, "key");
        scheduler = scheduler == null || scheduler.isBlank() ? DEFAULT_SCHEDULER : scheduler;
        schedulerParameters = schedulerParameters == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(schedulerParameters));
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (DestinationSpec d : destinations) {
            if (!seen.add(d.key())) {
                throw new IllegalArgumentException("destination " + d.key() + " is listed twice in " + key.name());
            }
            if (d.address().family() != key.family() && d.forwarding() != io.jvs.spi.ForwardingMethod.FULLNAT
                    && d.forwarding() != io.jvs.spi.ForwardingMethod.TUNNEL) {
                throw new IllegalArgumentException("destination " + d.key() + ": an "
                        + (d.address().family() == AddressFamily.IPV4 ? "IPv4" : "IPv6")
                        + " destination needs FULLNAT or tunnel forwarding in " + key.name());
            }
        }
        if (synProxy && key.firewallMark() == 0 && key.protocol() != io.jvs.spi.IpProtocol.TCP) {
            throw new IllegalArgumentException("synproxy: only TCP services can be SYN-proxied, not " + key.name());
        }
        if (synProxy) {
            for (DestinationSpec d : destinations) {
                if (d.forwarding() != io.jvs.spi.ForwardingMethod.NAT
                        && d.forwarding() != io.jvs.spi.ForwardingMethod.FULLNAT) {
                    throw new IllegalArgumentException("synproxy: needs NAT or FULLNAT forwarding (replies must pass"
                            + " through jvs), but destination " + d.key() + " of " + key.name() + " uses "
                            + d.forwarding().name().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        if (persistence != null && persistence.prefixLength() > (key.family() == AddressFamily.IPV4 ? 32 : 128)) {
            throw new IllegalArgumentException("persistence netmask: prefix length " + persistence.prefixLength()
                    + " is too long for " + key.name());
        }
    }

    /**
     * A service that is not SYN-proxied.
     *
     * @param key protocol + VIP + port, or firewall mark
     * @param scheduler the scheduler's short name
     * @param schedulerParameters scheduler parameters and flags as text
     * @param persistence persistence, or {@code null}
     * @param destinations the destinations
     * @param timeouts the service's own timeouts, or {@code null} for the engine's
     */
    public ServiceSpec(ServiceKey key, String scheduler, Map<String, String> schedulerParameters,
            Persistence persistence, List<DestinationSpec> destinations, TimeoutProfile timeouts) {
        this(key, scheduler, schedulerParameters, persistence, destinations, timeouts, false);
    }

    /**
     * A service that uses the engine's timeouts.
     *
     * @param key protocol + VIP + port, or firewall mark
     * @param scheduler the scheduler's short name
     * @param schedulerParameters scheduler parameters and flags as text
     * @param persistence persistence, or {@code null}
     * @param destinations the destinations
     */
    public ServiceSpec(ServiceKey key, String scheduler, Map<String, String> schedulerParameters,
            Persistence persistence, List<DestinationSpec> destinations) {
        this(key, scheduler, schedulerParameters, persistence, destinations, null, false);
    }

    /**
     * A service with a scheduler and destinations, no parameters, no persistence.
     *
     * @param key the key
     * @param scheduler the scheduler name
     * @param destinations the destinations
     * @return the spec
     */
    public static ServiceSpec of(ServiceKey key, String scheduler, DestinationSpec... destinations) {
        return new ServiceSpec(key, scheduler, Map.of(), null, List.of(destinations));
    }

    /**
     * Returns a copy with persistence.
     *
     * @param value the persistence, or {@code null}
     * @return the copy
     */
    public ServiceSpec withPersistence(Persistence value) {
        return new ServiceSpec(key, scheduler, schedulerParameters, value, destinations, timeouts, synProxy);
    }

    /**
     * Returns a copy with scheduler parameters.
     *
     * @param parameters the parameters as text
     * @return the copy
     */
    public ServiceSpec withSchedulerParameters(Map<String, String> parameters) {
        return new ServiceSpec(key, scheduler, parameters, persistence, destinations, timeouts, synProxy);
    }

    /**
     * Returns a copy with other destinations.
     *
     * @param list the destinations
     * @return the copy
     */
    public ServiceSpec withDestinations(List<DestinationSpec> list) {
        return new ServiceSpec(key, scheduler, schedulerParameters, persistence, list, timeouts, synProxy);
    }

    /**
     * Returns a copy with the service's own timeouts.
     *
     * @param value the timeouts, or {@code null} for the engine's
     * @return the copy
     */
    public ServiceSpec withTimeouts(TimeoutProfile value) {
        return new ServiceSpec(key, scheduler, schedulerParameters, persistence, destinations, value, synProxy);
    }

    /**
     * Returns a copy that is (or is not) SYN-proxied.
     *
     * @param value true to answer SYNs with SYN cookies
     * @return the copy
     * @throws IllegalArgumentException when the service is not TCP or a destination is not NAT or FULLNAT
     */
    public ServiceSpec withSynProxy(boolean value) {
        return new ServiceSpec(key, scheduler, schedulerParameters, persistence, destinations, timeouts, value);
    }
}
