package io.jvs.engine.packet;

/**
 * Result codes of {@link PacketParser#parse}: {@link #OK}, {@link #ARP} (not an error: the caller
 * answers it) and one code per reason a frame is not handed on. Codes are dense, 0 to {@link
 * #COUNT} - 1, so a worker counts them in a {@code long[COUNT]} and names them with {@link
 * #name(int)} when it reports.
 */
public final class ParseResult {
    /** Parsed: an IPv4 or IPv6 packet whose headers all lie within bounds. */
    public static final int OK = 0;
    /** An ARP packet (at least 28 bytes after the Ethernet header); the caller handles it. */
    public static final int ARP = 1;
    /** Neither IP nor ARP (an unknown EtherType or an 802.3 length field). */
    public static final int NOT_IP = 2;
    /** The offset and length given do not lie within the segment (or the segment is null). */
    public static final int BAD_BUFFER = 3;
    /** Shorter than the Ethernet header and its VLAN tags. */
    public static final int TRUNCATED_L2 = 4;
    /** More than two VLAN tags. */
    public static final int TOO_MANY_VLAN_TAGS = 5;
    /**
     * Shorter than the IP header, than the length the IP header announces, or than an IPv6
     * extension header; also an ARP packet shorter than 28 bytes.
     */
    public static final int TRUNCATED_L3 = 6;
    /** The IP version does not match the EtherType. */
    public static final int BAD_IP_VERSION = 7;
    /** IPv4 IHL below 5, or a header longer than the total length. */
    public static final int BAD_IPV4_HEADER_LENGTH = 8;
    /** IPv4 total length below 20. */
    public static final int BAD_IP_TOTAL_LENGTH = 9;
    /** The IPv4 header checksum does not verify. */
    public static final int BAD_IPV4_HEADER_CHECKSUM = 10;
    /**
     * A fragment that cannot be part of a valid datagram: data not a multiple of 8 bytes although
     * more fragments follow, or ending beyond 65535 bytes.
     */
    public static final int BAD_FRAGMENT = 11;
    /** More IPv6 extension headers than the walker's bound. */
    public static final int IPV6_EXTENSION_LIMIT = 12;
    /** A hop-by-hop header that is not first, or a second fragment header. */
    public static final int BAD_IPV6_EXTENSION_HEADER = 13;
    /** The transport header does not fit in the IP payload (TCP 20, UDP 8, ICMP 8 bytes). */
    public static final int TRUNCATED_L4 = 14;
    /** TCP data offset below 5, or beyond the IP payload. */
    public static final int BAD_TCP_DATA_OFFSET = 15;
    /** UDP length below 8, or beyond the IP payload. */
    public static final int BAD_UDP_LENGTH = 16;
    /** Number of codes: the size of a counter array indexed by code. */
    public static final int COUNT = 17;

    private static final String[] NAMES = {
        "OK",
        "ARP",
        "NOT_IP",
        "BAD_BUFFER",
        "TRUNCATED_L2",
        "TOO_MANY_VLAN_TAGS",
        "TRUNCATED_L3",
        "BAD_IP_VERSION",
        "BAD_IPV4_HEADER_LENGTH",
        "BAD_IP_TOTAL_LENGTH",
        "BAD_IPV4_HEADER_CHECKSUM",
        "BAD_FRAGMENT",
        "IPV6_EXTENSION_LIMIT",
        "BAD_IPV6_EXTENSION_HEADER",
        "TRUNCATED_L4",
        "BAD_TCP_DATA_OFFSET",
        "BAD_UDP_LENGTH",
    };

    private ParseResult() {
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
