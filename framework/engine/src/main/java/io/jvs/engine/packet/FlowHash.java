package io.jvs.engine.packet;

/**
 * Symmetric 32-bit hashes of a 5-tuple for steering both directions of a flow to the same worker:
 * {@code hash(A -> B) == hash(B -> A)}. Each endpoint (address, port) is hashed with MurmurHash3's
 * block mix, the two endpoint hashes are added (order-independent), and the sum, mixed with the
 * protocol, goes through MurmurHash3's finalizer. Allocation-free, stateless.
 *
 * <p>The values are stable across runs and JVMs (no random seed): do not use them where an attacker
 * who knows the algorithm could choose tuples to collide in a table; use them to pick a worker.
 */
public final class FlowHash {
    private static final int C1 = 0xCC9E2D51;
    private static final int C2 = 0x1B873593;
    private static final int SEED = 0x6A76_7331;

    private FlowHash() {
    }

    /**
     * Hashes an IPv4 5-tuple symmetrically.
     *
     * @param protocol the IP protocol
     * @param source the source address
     * @param destination the destination address
     * @param sourcePort 0..65535 (0 for protocols without ports)
     * @param destinationPort 0..65535
     * @return the hash, the same with source and destination swapped
     */
    public static int symmetricIpv4(int protocol, int source, int destination, int sourcePort, int destinationPort) {
        int a = finish(mix(mix(SEED, source), sourcePort));
        int b = finish(mix(mix(SEED, destination), destinationPort));
        return finish((a + b) ^ (protocol * 0x9E3779B1));
    }

    /**
     * Hashes an IPv6 5-tuple symmetrically; addresses as {@link Ipv6Address} words.
     *
     * @param protocol the IP protocol
     * @param s0 source word 0
     * @param s1 source word 1
     * @param s2 source word 2
     * @param s3 source word 3
     * @param d0 destination word 0
     * @param d1 destination word 1
     * @param d2 destination word 2
     * @param d3 destination word 3
     * @param sourcePort 0..65535
     * @param destinationPort 0..65535
     * @return the hash, the same with source and destination swapped
     */
    public static int symmetricIpv6(int protocol, int s0, int s1, int s2, int s3,
            int d0, int d1, int d2, int d3, int sourcePort, int destinationPort) {
        int a = finish(mix(mix(mix(mix(mix(SEED, s0), s1), s2), s3), sourcePort));
        int b = finish(mix(mix(mix(mix(mix(SEED, d0), d1), d2), d3), destinationPort));
        return finish((a + b) ^ (protocol * 0x9E3779B1));
    }

    private static int mix(int h, int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        k *= C2;
        h ^= k;
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xE6546B64;
    }

    private static int finish(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }
}
