package io.jvs.engine.pipeline;

import io.jvs.engine.service.IpAddress;
import io.jvs.spi.AddressFamily;
import java.util.Map;

/**
 * The MAC addresses of directly reachable hosts (real servers for DR, next hops), configured
 * statically; any other address is reached through the gateway MAC of {@link ForwardingSettings}.
 * Immutable; lookups scan a short array without allocating.
 *
 * <p>A data plane that resolves neighbours itself (DPDK with ARP) builds the table with
 * {@link #resolvingIpv4}: an IPv4 address without a static entry then gets a <em>next-hop token</em>
 * instead of the gateway MAC, which names the address and which the data plane replaces with the
 * resolved MAC before the frame leaves:
 *
 * <pre>
 *   token = 03:ff:a:b:c:d   (group bit set: never a real destination; a.b.c.d the neighbour)
 *   IPv6:   03:fe:s:s:s:s   (s the neighbour's slot in an {@link Ipv6Neighbors}, with {@link #resolving})
 * </pre>
 */
public final class NeighborTable {

    /** A table with no entries: everything goes to the gateway. */
    public static final NeighborTable EMPTY = new NeighborTable(Map.of());

    /** The upper 16 bits of a next-hop token ({@code 03:ff}); the lower 32 are the IPv4 address. */
    public static final long NEXT_HOP_TOKEN = 0x03FF_0000_0000L;
    /** Selects the upper 16 bits of a MAC in a long. */
    public static final long TOKEN_MASK = 0xFFFF_0000_0000L;

    private final int[] words;
    private final long[] macs;
    private final boolean tokens;
    private final Ipv6Neighbors ipv6;
    /** The upper 16 bits of an IPv6 next-hop token ({@code 03:fe}); the lower 32 are a slot. */
    public static final long IPV6_TOKEN = 0x03FE_0000_0000L;

    /**
     * Creates a table.
     *
     * @param entries address to MAC (48 bits in a long)
     */
    public NeighborTable(Map<IpAddress, Long> entries) {
        this(entries, false, null);
    }

    /**
     * Creates a table whose IPv4 misses are next-hop tokens ({@link #NEXT_HOP_TOKEN}), for a data
     * plane that resolves them.
     *
     * @param entries static address to MAC entries, used as they are
     * @return the table
     */
    public static NeighborTable resolvingIpv4(Map<IpAddress, Long> entries) {
        return new NeighborTable(entries, true, null);
    }

    /**
     * Creates a table whose IPv4 misses are next-hop tokens and whose IPv6 misses are IPv6 tokens
     * naming a slot of {@code ipv6} (claimed on first use), for a data plane that resolves both.
     *
     * @param entries static address to MAC entries, used as they are
     * @param ipv6 the IPv6 neighbours the data plane resolves
     * @return the table
     */
    public static NeighborTable resolving(Map<IpAddress, Long> entries, Ipv6Neighbors ipv6) {
        return new NeighborTable(entries, true, ipv6);
    }

    /**
     * Tells whether a MAC address is an IPv6 next-hop token.
     *
     * @param mac the address in the low 48 bits
     * @return {@code true} for {@code 03:fe:..}
     */
    public static boolean isIpv6Token(long mac) {
        return (mac & TOKEN_MASK) == IPV6_TOKEN;
    }

    /**
     * Returns the token naming an IPv6 next hop by its slot.
     *
     * @param slot the slot in the {@link Ipv6Neighbors}
     * @return {@code 03:fe:} and the slot
     */
    public static long ipv6Token(int slot) {
        return IPV6_TOKEN | (slot & 0xFFFF_FFFFL);
    }

    /**
     * Tells whether a MAC address is a next-hop token.
     *
     * @param mac the address in the low 48 bits
     * @return {@code true} for {@code 03:ff:..}
     */
    public static boolean isToken(long mac) {
        return (mac & TOKEN_MASK) == NEXT_HOP_TOKEN;
    }

    /**
     * Returns the token naming an IPv4 next hop.
     *
     * @param ipv4 the address as a word
     * @return {@code 03:ff:} and the address
     */
    public static long token(int ipv4) {
        return NEXT_HOP_TOKEN | (ipv4 & 0xFFFF_FFFFL);
    }

    private NeighborTable(Map<IpAddress, Long> entries, boolean tokens, Ipv6Neighbors ipv6) {
        this.tokens = tokens;
        this.ipv6 = ipv6;
        this.words = new int[entries.size() * 5];
        this.macs = new long[entries.size()];
        int i = 0;
        for (Map.Entry<IpAddress, Long> e : entries.entrySet()) {
            IpAddress a = e.getKey();
            words[i * 5] = a.family();
            words[i * 5 + 1] = a.w0();
            words[i * 5 + 2] = a.w1();
            words[i * 5 + 3] = a.w2();
            words[i * 5 + 4] = a.w3();
            macs[i] = e.getValue();
            i++;
        }
    }

    /**
     * Finds the MAC address of a neighbour.
     *
     * @param family the family
     * @param w0 address word 0
     * @param w1 word 1
     * @param w2 word 2
     * @param w3 word 3
     * @param fallback what to return when the address is not a configured neighbour (and, in a
     *     {@link #resolvingIpv4} table, not IPv4; in a {@link #resolving} table, not IPv4 and not
     *     given a slot because the IPv6 table is full)
     * @return the MAC address, or a next-hop token
     */
    public long macOf(int family, int w0, int w1, int w2, int w3, long fallback) {
        final int[] w = words;
        for (int i = 0, b = 0; i < macs.length; i++, b += 5) {
            if (w[b + 1] == w0 && w[b] == family && w[b + 2] == w1 && w[b + 3] == w2 && w[b + 4] == w3) {
                return macs[i];
            }
        }
        if (tokens && family == AddressFamily.IPV4) {
            return token(w0);
        }
        if (ipv6 != null && family == AddressFamily.IPV6) {
            int slot = ipv6.claim(((long) w0 << 32) | (w1 & 0xFFFF_FFFFL), ((long) w2 << 32) | (w3 & 0xFFFF_FFFFL));
            return slot == Ipv6Neighbors.MISSING ? fallback : ipv6Token(slot);
        }
        return fallback;
    }
}
