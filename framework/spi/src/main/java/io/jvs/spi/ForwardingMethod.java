package io.jvs.spi;

/**
 * How packets of a connection reach its destination, as IPVS's {@code IP_VS_CONN_F_FWD_MASK} values
 * plus DPVS's FULLNAT.
 */
public enum ForwardingMethod {
    /** Masquerading ({@code ipvsadm -m}): destination address and port rewritten; replies pass back through jvs and are rewritten back. */
    NAT,
    /** Direct routing / gatewaying ({@code ipvsadm -g}): only the MAC address changes; the destination owns the VIP and replies directly. */
    DR,
    /** IP tunnelling ({@code ipvsadm -i}): the packet is encapsulated (see {@link TunnelType}); the destination decapsulates and replies directly. */
    TUNNEL,
    /** Full NAT: source and destination rewritten; the source becomes a local address and port of jvs, so replies return to jvs on any topology. */
    FULLNAT
}
