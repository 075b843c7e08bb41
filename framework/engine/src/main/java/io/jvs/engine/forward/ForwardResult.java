package io.jvs.engine.forward;

/**
 * Result codes of the forwarding operations ({@link AddressRewriter}, {@link EthernetRewriter},
 * {@link TunnelEncapsulator}, {@link IcmpTooBigResponder}, {@link IcmpErrorTranslator}). Every code
 * other than {@link #OK} means the packet was left unmodified and is not to be sent as it is: the
 * pipeline counts it and drops it (or, for {@link #TOO_BIG}, answers it). Codes are dense, 0 to
 * {@link #COUNT} - 1, so a worker counts them in a {@code long[COUNT]} and names them with {@link
 * #name(int)} when it reports.
 */
public final class ForwardResult {
    /** Done: the packet (or the reply built in its place) is ready to send. */
    public static final int OK = 0;
    /**
     * The IPv4 TTL or IPv6 hop limit is 0 or 1, so forwarding would make it 0 (RFC 1812 section
     * 5.3.1, RFC 8200 section 3): drop it, as IPVS's {@code decrement_ttl} does (it also sends an
     * ICMP time exceeded, which jvs leaves to the pipeline).
     */
    public static final int TTL_EXCEEDED = 1;
    /**
     * The encapsulated packet would exceed the tunnel MTU and must not be fragmented (IPv4 with DF,
     * or IPv6): answer with {@link IcmpTooBigResponder}, using {@link TunnelEncapsulator#innerMtu()}.
     */
    public static final int TOO_BIG = 2;
    /** Not enough free bytes before the frame to prepend the encapsulation headers. */
    public static final int NO_HEADROOM = 3;
    /** Not enough free bytes after the frame to build the reply in place. */
    public static final int NO_TAILROOM = 4;
    /**
     * The operation does not apply to this packet: a protocol whose checksum cannot be kept right
     * (SCTP with a port change, unknown protocols), no Ethernet header where one is needed, a family
     * without a configured tunnel source, a fragmented ICMP error, or a length a header cannot hold.
     */
    public static final int UNSUPPORTED = 5;
    /**
     * No ICMP error may be sent about this packet (RFC 1122 section 3.2.2, RFC 4443 section 2.4 (e)):
     * it is itself an ICMP error, a fragment other than the first, or its source is not a unicast
     * address.
     */
    public static final int ICMP_ERROR_FORBIDDEN = 6;
    /** Not an ICMP error, or an ICMP error without a usable quoted packet (or without its ports). */
    public static final int NO_EMBEDDED_PACKET = 7;
    /** The ICMP checksum of an error message to translate does not verify. */
    public static final int BAD_CHECKSUM = 8;
    /** Number of codes: the size of a counter array indexed by code. */
    public static final int COUNT = 9;

    private static final String[] NAMES = {
        "OK",
        "TTL_EXCEEDED",
        "TOO_BIG",
        "NO_HEADROOM",
        "NO_TAILROOM",
        "UNSUPPORTED",
        "ICMP_ERROR_FORBIDDEN",
        "NO_EMBEDDED_PACKET",
        "BAD_CHECKSUM",
    };

    private ForwardResult() {
    }

    /**
     * Returns the constant name of a code, for counters and logs. Allocation-free.
     *
     * @param code a result code
     * @return the name of the constant, or {@code "UNKNOWN"} for a value outside 0..COUNT-1
     */
    public static String name(int code) {
        return code >= 0 && code < COUNT ? NAMES[code] : "UNKNOWN";
    }
}
