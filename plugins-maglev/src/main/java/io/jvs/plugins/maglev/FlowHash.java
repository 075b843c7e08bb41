package io.jvs.plugins.maglev;

import io.jvs.spi.AddressFamily;
import io.jvs.spi.PacketView;

/**
 * The hash of a new flow's fields that picks its Maglev table slot. Deterministic across instances
 * (no per-process seed), allocation-free, and built the same way for IPv4 and IPv6:
 *
 * <pre>
 *   words = the source address words (1 for IPv4, 4 for IPv6, network byte order as ints),
 *           then sourcePort                                if the source port is hashed,
 *           then the destination address words and
 *                destinationPort | protocol &lt;&lt; 16          if the 5-tuple is hashed
 *   h     = {@link #FLOW_SEED} + {@link Xxh64#PRIME_5} + 4 * (number of words)
 *   each pair of words (a, b), in order:  h = {@link Xxh64#mixLane}(h, a &lt;&lt; 32 | b)   (XXH64's 8-byte step)
 *   an odd last word w:                   h = {@link Xxh64#mixWord}(h, w)              (XXH64's 4-byte step)
 *   hash  = {@link Xxh64#avalanche}(h)
 *   slot  = ((hash &gt;&gt;&gt; 32) * M) &gt;&gt;&gt; 32      (multiply-shift: a division-free hash mod M)
 * </pre>
 *
 * <p>The steps and the final mix are XXH64's; the sequence of words is jvs's own, so a non-Java
 * implementation that wants to agree with jvs follows this comment, not a library call. Pairing the
 * words into 64-bit lanes halves the chain of dependent multiplications of a 5-tuple.
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
     * @param destination whether to hash the destination address, port and protocol (5-tuple); only
     *     together with {@code sourcePort}
     * @return the 64-bit flow hash
     */
    public static long hash(PacketView packet, boolean sourcePort, boolean destination) {
        if (packet.family() == AddressFamily.IPV6) {
            return hashIpv6(packet, sourcePort, destination);
        }
        int source = packet.sourceAddressWord(0);
        if (!sourcePort) {
            return Xxh64.avalanche(Xxh64.mixWord(start(1), source));
        }
        if (!destination) {
            return Xxh64.avalanche(Xxh64.mixLane(start(2), lane(source, packet.sourcePort())));
        }
        long h = Xxh64.mixLane(start(4), lane(source, packet.sourcePort()));
        h = Xxh64.mixLane(h, lane(packet.destinationAddressWord(0), portAndProtocol(packet)));
        return Xxh64.avalanche(h);
    }

    private static long hashIpv6(PacketView packet, boolean sourcePort, boolean destination) {
        int words = 4 + (sourcePort ? 1 : 0) + (destination ? 5 : 0);
        long h = Xxh64.mixLane(start(words), lane(packet.sourceAddressWord(0), packet.sourceAddressWord(1)));
        h = Xxh64.mixLane(h, lane(packet.sourceAddressWord(2), packet.sourceAddressWord(3)));
        if (!sourcePort) {
            return Xxh64.avalanche(h);
        }
        if (!destination) {
            return Xxh64.avalanche(Xxh64.mixWord(h, packet.sourcePort()));
        }
        h = Xxh64.mixLane(h, lane(packet.sourcePort(), packet.destinationAddressWord(0)));
        h = Xxh64.mixLane(h, lane(packet.destinationAddressWord(1), packet.destinationAddressWord(2)));
        h = Xxh64.mixLane(h, lane(packet.destinationAddressWord(3), portAndProtocol(packet)));
        return Xxh64.avalanche(h);
    }

    private static long start(int words) {
        return FLOW_SEED + Xxh64.PRIME_5 + 4L * words;
    }

    private static long lane(int first, int second) {
        return (long) first << 32 | (second & 0xFFFFFFFFL);
    }

    private static int portAndProtocol(PacketView packet) {
        return packet.destinationPort() | packet.protocol() << 16;
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
