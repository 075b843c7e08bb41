package io.jvs.dpdk;

import io.jvs.engine.service.IpAddress;
import io.jvs.spi.AddressFamily;
import java.util.Arrays;
import java.util.Collection;

/**
 * An immutable set of the addresses jvs owns on a port (virtual addresses, FULLNAT local addresses,
 * the addresses hosts use as their gateway), for the layer-3 answers made before the engine: ICMP
 * echo ({@link EchoResponder}) and IPv6 neighbour advertisements ({@link NeighborDiscovery}).
 *
 * <p>IPv4 addresses are sorted words (first octet most significant); IPv6 addresses sorted pairs of
 * longs (high 64 bits, low 64 bits, compared unsigned). Lookups are binary searches and allocate
 * nothing. Replaced as a whole when the services change (one volatile write in the holder).
 */
public final class OwnedAddresses {

    /** No address. */
    public static final OwnedAddresses NONE = new OwnedAddresses(new int[0], new long[0]);

    private final int[] ipv4;
    private final long[] ipv6;

    private OwnedAddresses(int[] ipv4, long[] ipv6) {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    /**
     * Builds the set.
     *
     * @param addresses IPv4 and IPv6 addresses, duplicates allowed
     * @return the set
     */
    public static OwnedAddresses of(Collection<IpAddress> addresses) {
        int[] v4 = addresses.stream().filter(a -> a.family() == AddressFamily.IPV4).mapToInt(IpAddress::w0).sorted()
                .distinct().toArray();
        long[][] pairs = addresses.stream().filter(a -> a.family() == AddressFamily.IPV6)
                .map(a -> new long[] {high(a), low(a)}).sorted(OwnedAddresses::compare)
                .toArray(long[][]::new);
        long[] v6 = new long[pairs.length * 2];
        int n = 0;
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0 && compare(pairs[i], pairs[i - 1]) == 0) {
                continue;
            }
            v6[2 * n] = pairs[i][0];
            v6[2 * n + 1] = pairs[i][1];
            n++;
        }
        return new OwnedAddresses(v4, Arrays.copyOf(v6, 2 * n));
    }

    private static int compare(long[] a, long[] b) {
        int c = Long.compareUnsigned(a[0], b[0]);
        return c != 0 ? c : Long.compareUnsigned(a[1], b[1]);
    }

    /**
     * The high 64 bits of an IPv6 address.
     *
     * @param a the address
     * @return words 0 and 1
     */
    public static long high(IpAddress a) {
        return ((long) a.w0() << 32) | (a.w1() & 0xFFFF_FFFFL);
    }

    /**
     * The low 64 bits of an IPv6 address.
     *
     * @param a the address
     * @return words 2 and 3
     */
    public static long low(IpAddress a) {
        return ((long) a.w2() << 32) | (a.w3() & 0xFFFF_FFFFL);
    }

    /**
     * Tells whether an IPv4 address is owned.
     *
     * @param address the address as a word
     * @return {@code true} when owned
     */
    public boolean ownsIpv4(int address) {
        return Arrays.binarySearch(ipv4, address) >= 0;
    }

    /**
     * Tells whether an IPv6 address is owned.
     *
     * @param high its high 64 bits
     * @param low its low 64 bits
     * @return {@code true} when owned
     */
    public boolean ownsIpv6(long high, long low) {
        int lo = 0;
        int hi = ipv6.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compareUnsigned(ipv6[2 * mid], high);
            if (c == 0) {
                c = Long.compareUnsigned(ipv6[2 * mid + 1], low);
            }
            if (c == 0) {
                return true;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return false;
    }

    /** Returns how many IPv6 addresses are owned. @return the count */
    public int ipv6Count() {
        return ipv6.length / 2;
    }

    /** Returns how many IPv4 addresses are owned. @return the count */
    public int ipv4Count() {
        return ipv4.length;
    }
}
