package io.jvs.proxy;

/**
 * Which PROXY protocol header (haproxy's {@code proxy-protocol.txt}) the proxy sends to a destination
 * before the client's bytes, so that the destination sees the client's address and the virtual
 * address it connected to.
 */
public enum ProxyProtocolVersion {
    /** No header: the destination sees the proxy's address. */
    NONE,
    /** Version 1, one text line ({@code PROXY TCP4 ...\r\n}); TCP only. */
    V1,
    /** Version 2, binary; TCP (once per connection) and UDP (before every datagram). */
    V2
}
