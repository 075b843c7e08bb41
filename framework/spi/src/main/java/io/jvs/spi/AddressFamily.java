package io.jvs.spi;

/** Address family constants used by the views: the IP version number itself. */
public final class AddressFamily {
    /** IPv4: addresses are 4 bytes, one 32-bit word. */
    public static final int IPV4 = 4;
    /** IPv6: addresses are 16 bytes, four 32-bit words. */
    public static final int IPV6 = 6;

    private AddressFamily() {
    }

    /**
     * Returns the address length of a family.
     *
     * @param family {@link #IPV4} or {@link #IPV6}
     * @return 4 or 16
     * @throws IllegalArgumentException for any other value
     */
    public static int addressBytes(int family) {
        return switch (family) {
            case IPV4 -> 4;
            case IPV6 -> 16;
            default -> throw new IllegalArgumentException("unknown address family " + family);
        };
    }
}
