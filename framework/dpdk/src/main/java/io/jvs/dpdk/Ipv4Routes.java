package io.jvs.dpdk;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an IPv4 destination is reached from jvs's port: directly (on-link prefixes), through a
 * static route's next hop, or through the default gateway. Longest prefix wins; on-link beats a
 * route of the same length. Immutable; {@link #nextHop} scans short arrays without allocating.
 *
 * <pre>
 *   on-link 198.51.100.0/25          198.51.100.10  -> 198.51.100.10 (ARP for it)
 *   route   192.0.2.0/24 via .254    192.0.2.7      -> 198.51.100.254
 *   gateway 198.51.100.126           203.0.113.9    -> 198.51.100.126
 *   none of them                                     -> 0 (no route)
 * </pre>
 */
public final class Ipv4Routes {

    /** {@link #nextHop}'s answer when nothing reaches the destination. */
    public static final int NO_ROUTE = 0;

    private final int[] prefixes;
    private final int[] masks;
    private final int[] hops;
    private final int gateway;
    private final int[] sources;

    /**
     * One prefix: {@code hop == 0} for on-link.
     *
     * @param address the network address as a word
     * @param length the prefix length, 0..32
     * @param hop the next hop as a word, 0 when on-link
     */
    public record Entry(int address, int length, int hop) {

        /** Checks the length. */
        public Entry {
            if (length < 0 || length > 32) {
                throw new IllegalArgumentException("prefix length " + length + " out of 0..32");
            }
        }
    }

    /**
     * Creates the routes.
     *
     * @param entries on-link prefixes ({@code hop} 0) and static routes
     * @param gateway the default next hop, 0 for none
     * @param ownAddresses jvs's addresses on the segment, as words: the sender address of ARP requests
     */
    public Ipv4Routes(List<Entry> entries, int gateway, List<Integer> ownAddresses) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> a.length() != b.length() ? Integer.compare(b.length(), a.length())
                : Boolean.compare(a.hop() != 0, b.hop() != 0));
        int n = sorted.size();
        prefixes = new int[n];
        masks = new int[n];
        hops = new int[n];
        for (int i = 0; i < n; i++) {
            Entry e = sorted.get(i);
            masks[i] = mask(e.length());
            prefixes[i] = e.address() & masks[i];
            hops[i] = e.hop();
        }
        this.gateway = gateway;
        this.sources = ownAddresses.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    /**
     * Finds the neighbour a packet to a destination goes to.
     *
     * @param destination the destination as a word
     * @return the neighbour to resolve (the destination itself when on-link), or {@link #NO_ROUTE}
     */
    public int nextHop(int destination) {
        for (int i = 0; i < hops.length; i++) {
            if ((destination & masks[i]) == prefixes[i]) {
                return hops[i] == 0 ? destination : hops[i];
            }
        }
        return gateway;
    }

    /**
     * Chooses the sender address of an ARP request for a neighbour: jvs's address on the neighbour's
     * on-link prefix, else the first of jvs's addresses.
     *
     * @param neighbour the neighbour as a word
     * @return the address, 0 when jvs has none
     */
    public int sourceFor(int neighbour) {
        for (int i = 0; i < hops.length; i++) {
            if (hops[i] == 0 && (neighbour & masks[i]) == prefixes[i]) {
                for (int s : sources) {
                    if ((s & masks[i]) == prefixes[i]) {
                        return s;
                    }
                }
            }
        }
        return sources.length == 0 ? 0 : sources[0];
    }
}
