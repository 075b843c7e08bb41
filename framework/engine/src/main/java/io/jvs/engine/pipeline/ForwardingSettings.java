package io.jvs.engine.pipeline;

import io.jvs.engine.service.IpAddress;
import java.util.List;
import java.util.Objects;

/**
 * Addresses and limits the forwarding stage needs, fixed while the engine runs.
 *
 * @param ownMac the MAC address jvs sends from (48 bits in a long)
 * @param gatewayMac the MAC address of the next hop for destinations without a neighbour entry;
 *     in pcap and in-memory data planes every destination is reached through it
 * @param mtu the egress MTU in bytes, checked by tunnel encapsulation
 * @param tunnelSource4 outer source address of IPv4 tunnels, {@code null} when none is configured
 * @param tunnelSource6 outer source address of IPv6 tunnels, {@code null} when none is configured
 * @param guePort UDP destination port of GUE encapsulation
 * @param glbGuePort UDP destination port of GLB Director's GUE encapsulation ({@code glb-gue} tunnels)
 * @param localAddresses FULLNAT local addresses (both families allowed), empty when FULLNAT is unused
 * @param localPortFirst first port of the FULLNAT local port range
 * @param localPortLast last port of the FULLNAT local port range
 */
public record ForwardingSettings(long ownMac, long gatewayMac, int mtu, IpAddress tunnelSource4,
        IpAddress tunnelSource6, int guePort, int glbGuePort, List<IpAddress> localAddresses, int localPortFirst,
        int localPortLast) {

    /** Default MTU of Ethernet. */
    public static final int DEFAULT_MTU = 1500;
    /** Default GUE port, as the Linux {@code ip fou} examples use. */
    public static final int DEFAULT_GUE_PORT = 6080;
    /** Default port of GLB Director's GUE: 19523, {@code DIRECTOR_GUE_PORT} ('LB' + 1). */
    public static final int DEFAULT_GLB_GUE_PORT = 19523;
    /** Default first FULLNAT local port: above the well-known and registered ports most hosts use. */
    public static final int DEFAULT_LOCAL_PORT_FIRST = 1024;
    /** Default last FULLNAT local port. */
    public static final int DEFAULT_LOCAL_PORT_LAST = 65535;

    /** Checks ranges. */
    public ForwardingSettings {
        localAddresses = List.copyOf(Objects.requireNonNull(localAddresses, "localAddresses"));
        if (mtu < 576 || mtu > 65535) {
            throw new IllegalArgumentException("mtu: " + mtu + " is out of 576..65535");
        }
        if (guePort < 1 || guePort > 65535) {
            throw new IllegalArgumentException("gue-port: " + guePort + " is out of 1..65535");
        }
        if (glbGuePort < 1 || glbGuePort > 65535) {
            throw new IllegalArgumentException("glb-gue-port: " + glbGuePort + " is out of 1..65535");
        }
        if (localPortFirst < 1 || localPortLast > 65535 || localPortFirst > localPortLast) {
            throw new IllegalArgumentException("local port range " + localPortFirst + ".." + localPortLast + " is invalid");
        }
        if (tunnelSource4 != null && tunnelSource4.family() != 4) {
            throw new IllegalArgumentException("tunnel-source-ipv4 must be an IPv4 address");
        }
        if (tunnelSource6 != null && tunnelSource6.family() != 6) {
            throw new IllegalArgumentException("tunnel-source-ipv6 must be an IPv6 address");
        }
    }

    /**
     * Settings with GLB's GUE on its default port {@value #DEFAULT_GLB_GUE_PORT}.
     *
     * @param ownMac the MAC address jvs sends from
     * @param gatewayMac the MAC address of the default next hop
     * @param mtu the egress MTU in bytes
     * @param tunnelSource4 outer source of IPv4 tunnels, or {@code null}
     * @param tunnelSource6 outer source of IPv6 tunnels, or {@code null}
     * @param guePort UDP destination port of GUE encapsulation
     * @param localAddresses FULLNAT local addresses
     * @param localPortFirst first FULLNAT local port
     * @param localPortLast last FULLNAT local port
     */
    public ForwardingSettings(long ownMac, long gatewayMac, int mtu, IpAddress tunnelSource4, IpAddress tunnelSource6,
            int guePort, List<IpAddress> localAddresses, int localPortFirst, int localPortLast) {
        this(ownMac, gatewayMac, mtu, tunnelSource4, tunnelSource6, guePort, DEFAULT_GLB_GUE_PORT, localAddresses,
                localPortFirst, localPortLast);
    }

    /**
     * Settings for tests and replays: locally administered MACs {@code 02:00:00:00:00:01} (jvs) and
     * {@code 02:00:00:00:00:fe} (gateway), documentation-range tunnel sources and FULLNAT addresses.
     *
     * @return the settings
     */
    public static ForwardingSettings defaults() {
        return new ForwardingSettings(0x020000000001L, 0x0200000000FEL, DEFAULT_MTU, IpAddress.parse("192.0.2.1"),
                IpAddress.parse("2001:db8:ffff::1"), DEFAULT_GUE_PORT,
                List.of(IpAddress.parse("192.0.2.100"), IpAddress.parse("2001:db8:ffff::100")),
                DEFAULT_LOCAL_PORT_FIRST, DEFAULT_LOCAL_PORT_LAST);
    }
}
