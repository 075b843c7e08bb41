package io.jvs.engine.service;

import io.jvs.spi.ForwardingMethod;
import io.jvs.spi.TunnelType;
import java.util.Objects;

/**
 * The validated description of one destination (real server), as the control plane hands it to the
 * engine: what {@code ipvsadm -a -t VIP:PORT -r RIP:RPORT -w W -x U -y L -m|-g|-i} says.
 *
 * @param address the real server's address
 * @param port the real server's port; 0 keeps the client's destination port (DR, tunnel, fwmark)
 * @param weight 0..65535; 0 is quiescent
 * @param upperThreshold connection count at which it becomes overloaded, 0 for none
 * @param lowerThreshold count below which it recovers, 0 for three quarters of the upper one
 * @param forwarding how packets reach it
 * @param tunnelType the encapsulation when {@code forwarding} is {@link ForwardingMethod#TUNNEL}
 */
public record DestinationSpec(IpAddress address, int port, int weight, int upperThreshold, int lowerThreshold,
        ForwardingMethod forwarding, TunnelType tunnelType) {

    /** Largest weight IPVS accepts. */
    public static final int MAX_WEIGHT = 65535;

    /** Checks ranges; the message names the field. */
    public DestinationSpec {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(forwarding, "forwarding");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " is out of 0..65535");
        }
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight: " + weight + " is out of 0.." + MAX_WEIGHT);
        }
        if (upperThreshold < 0 || lowerThreshold < 0) {
            throw new IllegalArgumentException("thresholds must not be negative");
        }
        if (upperThreshold > 0 && lowerThreshold > upperThreshold) {
            throw new IllegalArgumentException("lower-threshold: " + lowerThreshold
                    + " is above upper-threshold " + upperThreshold);
        }
        if (forwarding == ForwardingMethod.TUNNEL && tunnelType == null) {
            tunnelType = TunnelType.IPIP;
        }
        if (forwarding != ForwardingMethod.TUNNEL) {
            tunnelType = null;
        }
    }

    /**
     * A NAT destination with weight 1 and no thresholds.
     *
     * @param address the address literal
     * @param port the port
     * @return the spec
     */
    public static DestinationSpec nat(String address, int port) {
        return new DestinationSpec(IpAddress.parse(address), port, 1, 0, 0, ForwardingMethod.NAT, null);
    }

    /**
     * Returns a copy with another weight.
     *
     * @param newWeight 0..65535
     * @return the copy
     */
    public DestinationSpec withWeight(int newWeight) {
        return new DestinationSpec(address, port, newWeight, upperThreshold, lowerThreshold, forwarding, tunnelType);
    }

    /**
     * Returns a copy with another forwarding method.
     *
     * @param method the method
     * @param tunnel the tunnel type for {@link ForwardingMethod#TUNNEL}, else ignored
     * @return the copy
     */
    public DestinationSpec withForwarding(ForwardingMethod method, TunnelType tunnel) {
        return new DestinationSpec(address, port, weight, upperThreshold, lowerThreshold, method, tunnel);
    }

    /**
     * Returns a copy with other thresholds.
     *
     * @param upper the upper threshold, 0 for none
     * @param lower the lower threshold, 0 for the default
     * @return the copy
     */
    public DestinationSpec withThresholds(int upper, int lower) {
        return new DestinationSpec(address, port, weight, upper, lower, forwarding, tunnelType);
    }

    /**
     * Returns the key identifying the destination within its service.
     *
     * @return {@code 198.51.100.7:80} or {@code [2001:db8::7]:80}
     */
    public String key() {
        return address.withPort(port);
    }
}
