package io.jvs.spi;

/** Encapsulation used by {@link ForwardingMethod#TUNNEL}, as IPVS's {@code IP_VS_CONN_F_TUNNEL_TYPE_*}. */
public enum TunnelType {
    /** IP in IP (protocol 4 for an inner IPv4 packet, 41 for IPv6). */
    IPIP,
    /** Generic UDP Encapsulation (draft-ietf-intarea-gue), variant 0, over a configurable UDP port. */
    GUE,
    /** Generic Routing Encapsulation (RFC 2784), without key or checksum unless configured. */
    GRE
}
