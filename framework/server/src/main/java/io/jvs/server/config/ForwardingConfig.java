package io.jvs.server.config;

import io.jvs.engine.pipeline.ForwardingSettings;
import io.jvs.engine.service.IpAddress;
import io.jvs.spi.AddressFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code engine.forwarding} section: the addresses and limits of the forwarding stage, fixed
 * while the engine runs (a change needs a restart).
 *
 * <pre>
 * forwarding:
 *   own-mac: "02:00:00:00:00:01"
 *   gateway-mac: "02:00:00:00:00:fe"
 *   mtu: 1500
 *   tunnel-source-ipv4: 192.0.2.1
 *   tunnel-source-ipv6: "2001:db8:ffff::1"
 *   gue-port: 6080
 *   glb-gue-port: 19523
 *   local-addresses: [192.0.2.100, "2001:db8:ffff::100"]
 *   local-ports: 1024-65535
 * </pre>
 *
 * @param ownMac the MAC address jvs sends from, 48 bits
 * @param gatewayMac the next hop's MAC address for every destination that is not a neighbour
 * @param mtu the egress MTU, bytes
 * @param tunnelSourceIpv4 the outer source of IPv4 tunnels, {@code null} when not set
 * @param tunnelSourceIpv6 the outer source of IPv6 tunnels, {@code null} when not set
 * @param guePort the UDP destination port of GUE encapsulation
 * @param glbGuePort the UDP destination port of GLB Director's GUE encapsulation
 * @param localAddresses the FULLNAT local addresses, empty when not set
 * @param localPorts the FULLNAT local port range
 */
public record ForwardingConfig(long ownMac, long gatewayMac, int mtu, IpAddress tunnelSourceIpv4,
        IpAddress tunnelSourceIpv6, int guePort, int glbGuePort, List<IpAddress> localAddresses, PortRange localPorts) {

    /** Key of {@link #ownMac}. */
    public static final String OWN_MAC = "own-mac";
    /**
     * Default {@value #OWN_MAC_DEFAULT_TEXT}: a locally administered address, right for captures and
     * labs; a data plane on a real port uses the port's own MAC instead.
     */
    public static final long OWN_MAC_DEFAULT = 0x02_00_00_00_00_01L;
    /** {@link #OWN_MAC_DEFAULT} as written in a file. */
    public static final String OWN_MAC_DEFAULT_TEXT = "02:00:00:00:00:01";

    /** Key of {@link #gatewayMac}. */
    public static final String GATEWAY_MAC = "gateway-mac";
    /**
     * Default {@value #GATEWAY_MAC_DEFAULT_TEXT}: locally administered, for captures and labs. Every
     * packet to a host that is not listed in {@code engine.neighbors} goes to this MAC, so on a real
     * network it must be the router's.
     */
    public static final long GATEWAY_MAC_DEFAULT = 0x02_00_00_00_00_FEL;
    /** {@link #GATEWAY_MAC_DEFAULT} as written in a file. */
    public static final String GATEWAY_MAC_DEFAULT_TEXT = "02:00:00:00:00:fe";

    /** Key of {@link #mtu}. */
    public static final String MTU = "mtu";
    /**
     * Default 1500 bytes, Ethernet's. Only tunnels check it: an encapsulated packet above it is
     * answered with ICMP "fragmentation needed"/"packet too big". Set it to the real path MTU; too
     * high a value makes the network drop big tunnelled packets silently.
     */
    public static final int MTU_DEFAULT = ForwardingSettings.DEFAULT_MTU;
    /** Smallest MTU accepted: IPv4's minimum datagram size (RFC 791), bytes. */
    public static final int MTU_MIN = 576;
    /** Largest MTU accepted, bytes. */
    public static final int MTU_MAX = 65535;

    /** Key of {@link #tunnelSourceIpv4}. */
    public static final String TUNNEL_SOURCE_IPV4 = "tunnel-source-ipv4";
    /** Key of {@link #tunnelSourceIpv6}. */
    public static final String TUNNEL_SOURCE_IPV6 = "tunnel-source-ipv6";

    /** Key of {@link #guePort}. */
    public static final String GUE_PORT = "gue-port";
    /**
     * Default 6080, the port of the Linux {@code ip fou} examples; it must match the port the real
     * servers' FOU/GUE receivers listen on.
     */
    public static final int GUE_PORT_DEFAULT = ForwardingSettings.DEFAULT_GUE_PORT;

    /** Key of {@link #glbGuePort}. */
    public static final String GLB_GUE_PORT = "glb-gue-port";
    /**
     * Default 19523, GLB Director's {@code DIRECTOR_GUE_PORT}, what GLB's {@code glb-redirect}
     * receivers listen on.
     */
    public static final int GLB_GUE_PORT_DEFAULT = ForwardingSettings.DEFAULT_GLB_GUE_PORT;

    /** Key of {@link #localAddresses}. */
    public static final String LOCAL_ADDRESSES = "local-addresses";

    /** Key of {@link #localPorts}. */
    public static final String LOCAL_PORTS = "local-ports";
    /**
     * Default 1024-65535: every non-privileged port, the most FULLNAT connections per local address
     * and destination (64512). Narrow it when the host also opens its own connections from these
     * addresses.
     */
    public static final PortRange LOCAL_PORTS_DEFAULT =
            new PortRange(ForwardingSettings.DEFAULT_LOCAL_PORT_FIRST, ForwardingSettings.DEFAULT_LOCAL_PORT_LAST);

    /** The keys of this section, in documentation order. */
    public static final List<String> KEYS = List.of(OWN_MAC, GATEWAY_MAC, MTU, TUNNEL_SOURCE_IPV4,
            TUNNEL_SOURCE_IPV6, GUE_PORT, GLB_GUE_PORT, LOCAL_ADDRESSES, LOCAL_PORTS);

    /** Checks the values. */
    public ForwardingConfig {
        localAddresses = List.copyOf(localAddresses);
        Objects.requireNonNull(localPorts, "localPorts");
    }

    /**
     * Returns the section with every key at its default.
     *
     * @return the defaults
     */
    public static ForwardingConfig defaults() {
        return new ForwardingConfig(OWN_MAC_DEFAULT, GATEWAY_MAC_DEFAULT, MTU_DEFAULT, null, null, GUE_PORT_DEFAULT,
                GLB_GUE_PORT_DEFAULT, List.of(), LOCAL_PORTS_DEFAULT);
    }

    /**
     * Reads the {@code engine.forwarding} section, recording a problem for each invalid key and using the default
     * in its place.
     *
     * @param in the section's mapping
     * @return the section
     */
    static ForwardingConfig read(MappingReader in) {
        long ownMac = in.mac(OWN_MAC, OWN_MAC_DEFAULT);
        long gatewayMac = in.mac(GATEWAY_MAC, GATEWAY_MAC_DEFAULT);
        int mtu = in.integer(MTU, MTU_DEFAULT, MTU_MIN, MTU_MAX);
        IpAddress source4 = familyAddress(in, TUNNEL_SOURCE_IPV4, AddressFamily.IPV4);
        IpAddress source6 = familyAddress(in, TUNNEL_SOURCE_IPV6, AddressFamily.IPV6);
        int guePort = in.integer(GUE_PORT, GUE_PORT_DEFAULT, 1, 65535);
        int glbGuePort = in.integer(GLB_GUE_PORT, GLB_GUE_PORT_DEFAULT, 1, 65535);
        List<IpAddress> locals = new ArrayList<>();
        YamlNode list = in.get(LOCAL_ADDRESSES);
        YamlSequence sequence = list == null ? null : in.values().sequence(list, in.path(LOCAL_ADDRESSES));
        if (sequence != null) {
            for (int i = 0; i < sequence.items().size(); i++) {
                YamlNode item = sequence.items().get(i);
                String path = KeyPath.item(in.path(LOCAL_ADDRESSES), i);
                IpAddress a = in.values().address(item, path);
                if (a != null && locals.contains(a)) {
                    in.values().problem(item, path, a + " is listed twice");
                } else if (a != null) {
                    locals.add(a);
                }
            }
        }
        PortRange ports = LOCAL_PORTS_DEFAULT;
        YamlNode portNode = in.get(LOCAL_PORTS);
        if (portNode != null) {
            String text = portNode instanceof YamlScalar s
                    && (s.type() == YamlScalar.Type.STRING || s.type() == YamlScalar.Type.INTEGER) ? s.text() : null;
            try {
                if (text == null) {
                    throw new IllegalArgumentException("expected a port range such as 1024-65535, got "
                            + portNode.describe());
                }
                ports = PortRange.parse(text);
            } catch (IllegalArgumentException e) {
                in.problem(LOCAL_PORTS, e.getMessage());
            }
        }
        return new ForwardingConfig(ownMac, gatewayMac, mtu, source4, source6, guePort, glbGuePort, locals, ports);
    }

    private static IpAddress familyAddress(MappingReader in, String key, int family) {
        IpAddress a = in.address(key, null);
        if (a != null && a.family() != family) {
            in.problem(key, a + " is not an " + (family == AddressFamily.IPV4 ? "IPv4" : "IPv6") + " address");
            return null;
        }
        return a;
    }

    /**
     * Tells whether a FULLNAT local address of a family is configured.
     *
     * @param family {@link AddressFamily#IPV4} or {@link AddressFamily#IPV6}
     * @return {@code true} when FULLNAT to destinations of that family can work
     */
    public boolean hasLocalAddress(int family) {
        for (IpAddress a : localAddresses) {
            if (a.family() == family) {
                return true;
            }
        }
        return false;
    }

    /**
     * Maps the section to the engine's settings.
     *
     * @return the forwarding settings
     */
    public ForwardingSettings toForwardingSettings() {
        return new ForwardingSettings(ownMac, gatewayMac, mtu, tunnelSourceIpv4, tunnelSourceIpv6, guePort,
                glbGuePort, localAddresses, localPorts.first(), localPorts.last());
    }
}
