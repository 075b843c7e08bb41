package io.jvs.spi;

/**
 * IANA protocol numbers of the protocols jvs balances, as found in the IPv4 {@code protocol} and the
 * IPv6 {@code next header} fields.
 */
public final class IpProtocol {
    /** ICMP for IPv4 (1). */
    public static final int ICMP = 1;
    /** TCP (6). */
    public static final int TCP = 6;
    /** UDP (17). */
    public static final int UDP = 17;
    /** SCTP (132). */
    public static final int SCTP = 132;
    /** ICMP for IPv6 (58). */
    public static final int ICMPV6 = 58;

    private IpProtocol() {
    }

    /**
     * Returns the lower-case name used in configuration files and in {@code /proc/net/ip_vs}.
     *
     * @param protocol an IANA protocol number
     * @return {@code "tcp"}, {@code "udp"}, {@code "sctp"}, {@code "icmp"}, {@code "icmpv6"} or the
     *     number as text
     */
    public static String name(int protocol) {
        return switch (protocol) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case SCTP -> "sctp";
            case ICMP -> "icmp";
            case ICMPV6 -> "icmpv6";
            default -> Integer.toString(protocol);
        };
    }
}
