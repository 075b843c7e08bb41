package io.jvs.engine.pipeline;

import io.jvs.engine.service.IpAddress;
import java.util.Map;

/**
 * The MAC addresses of directly reachable hosts (real servers for DR, next hops), configured
 * statically; any other address is reached through the gateway MAC of {@link ForwardingSettings}.
 * Immutable; lookups scan a short array without allocating (a data plane with ARP/ND replaces it
 * with a learning table).
 */
public final class NeighborTable {

    /** A table with no entries: everything goes to the gateway. */
    public static final NeighborTable EMPTY = new NeighborTable(Map.of());

    private final int[] words;
    private final long[] macs;

    /**
     * Creates a table.
     *
     * @param entries address to MAC (48 bits in a long)
     */
    public NeighborTable(Map<IpAddress, Long> entries) {
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
     * @param fallback what to return when the address is not a configured neighbour
     * @return the MAC address
     */
    public long macOf(int family, int w0, int w1, int w2, int w3, long fallback) {
        final int[] w = words;
        for (int i = 0, b = 0; i < macs.length; i++, b += 5) {
            if (w[b + 1] == w0 && w[b] == family && w[b + 2] == w1 && w[b + 3] == w2 && w[b + 4] == w3) {
                return macs[i];
            }
        }
        return fallback;
    }
}
