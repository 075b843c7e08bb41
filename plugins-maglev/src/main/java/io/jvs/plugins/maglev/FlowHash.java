package io.jvs.plugins.maglev;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.PacketView;

/**
 * The hash of a new flow's fields that picks its Maglev table slot. Deterministic across instances
 * (no per-process seed), allocation-free, and the same for IPv4 and IPv6 in construction:
 *
 * <pre>
 *   h = {@link #FLOW_SEED} + {@link Xxh64#PRIME_5} + 4 * (number of words)
 *   for each 32-bit word w, in this order:       h = {@link Xxh64#mixWord}(h, w)
 *     source address words (1 for IPv4, 4 for IPv6, network byte order as ints)
 *     if the source port is hashed:               sourcePort
 *     if the 5-tuple is hashed:                   destination address words, then
 *                                                 destinationPort | protocol &lt;&lt; 16
 *   hash = {@link Xxh64#avalanche}(h)
 *   slot = ((hash &gt;&gt;&gt; 32) * M) &gt;&gt;&gt; 32        (multiply-shift: a division-free hash mod M)
 * </pre>
 *
 * <p>The word step and the final mix are XXH64's; the sequence of words is jvs's own, so a
 * non-Java implementation that wants to agree with jvs follows this comment, not a library call.
 */
public final class FlowHash {

    /** The seed of every flow hash: the ASCII bytes {@code "jvs-flow"} as a big-endian long. */
    public static final long FLOW_SEED = 0x6A76732D666C6F77L;

    private FlowHash() {
    }

    /**
     * Hashes the chosen fields of a packet.
     *
     * @param packet the first packet of the flow
     * @param sourcePort whether to hash the source port
     * @param destination whether to hash the destination address, port and protocol (5-tuple)
     * @return the 64-bit flow hash
     */
    public static long hash(PacketView packet, boolean sourcePort, boolean destination) {
        int addressWords = packet.family() == AddressFamily.IPV6 ? 4 : 1;
        int words = addressWords + (sourcePort ? 1 : 0) + (destination ? addressWords + 1 : 0);
        long h = FLOW_SEED + Xxh64.PRIME_5 + 4L * words;
        for (int i = 0; i < addressWords; i++) {
            h = Xxh64.mixWord(h, packet.sourceAddressWord(i));
        }
        if (sourcePort) {
            h = Xxh64.mixWord(h, packet.sourcePort());
        }
        if (destination) {
            for (int i = 0; i < addressWords; i++) {
                h = Xxh64.mixWord(h, packet.destinationAddressWord(i));
            }
            h = Xxh64.mixWord(h, packet.destinationPort() | packet.protocol() << 16);
        }
        return Xxh64.avalanche(h);
    }

    /**
     * Maps a flow hash to a table slot, uniformly, without a division.
     *
     * @param hash a flow hash
     * @param tableSize the table size M, 1..2^31-1
     * @return a slot, 0 &lt;= slot &lt; tableSize
     */
    public static int slot(long hash, int tableSize) {
        return (int) (((hash >>> 32) * tableSize) >>> 32);
    }
}
