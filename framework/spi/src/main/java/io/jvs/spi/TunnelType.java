package io.jvs.spi;

import java.util.Locale;

/** Encapsulation used by {@link ForwardingMethod#TUNNEL}, as IPVS's {@code IP_VS_CONN_F_TUNNEL_TYPE_*}. */
public enum TunnelType {
    /** IP in IP (protocol 4 for an inner IPv4 packet, 41 for IPv6). */
    IPIP,
    /** Generic Utility Encapsulation (draft-ietf-intarea-gue), variant 0, over a configurable UDP port. */
    GUE,
    /** Generic Routing Encapsulation (RFC 2784), without key or checksum unless configured. */
    GRE,
    /**
     * GitHub GLB Director's GUE: UDP (port 19523 by default), a GUE header whose private data lists
     * the packet's further hops, so that a proxy that does not own the connection passes the packet
     * on ("second chance"). The hops come from a scheduler that implements {@link SecondChanceHops};
     * with any other scheduler the list is empty.
     */
    GLB_GUE;

    /** {@return the name in configuration files and on the command line: lower case, {@code -} for {@code _}} */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Looks a tunnel type up by its {@link #configName() configuration name}, ignoring case.
     *
     * @param name for example {@code "ipip"} or {@code "glb-gue"}
     * @return the tunnel type
     * @throws IllegalArgumentException when no tunnel type has that name
     */
    public static TunnelType ofConfigName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
