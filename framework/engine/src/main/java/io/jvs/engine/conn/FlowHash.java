package io.jvs.engine.conn;

/**
 * The seeded 64-bit hash of a connection-table key.
 *
 * <p>Each 64-bit word of the key (IPv4: one word with both addresses; IPv6: four words) is xored
 * into the state and mixed with the SplitMix64 finaliser (Stafford's "Mix13": two xor-shift-multiply
 * rounds); the last word carries the ports, the protocol, the address family and a salt that keeps
 * persistence templates apart from connections. The state starts from the table's seed, so that two
 * tables (and two runs) place keys differently and crafted tuples cannot target one probe chain
 * without knowing the seed. No allocation.
 */
final class FlowHash {

    private FlowHash() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long tail(int family, int protocol, int portPair, int salt) {
        return ((long) portPair << 32) | ((long) (salt & 0xff) << 16) | ((long) (protocol & 0xff) << 8) | family;
    }

    static long ipv4(long seed, int source, int destination, long tail) {
        long h = mix(seed ^ (((long) source << 32) | (destination & 0xffffffffL)));
        return mix(h ^ tail);
    }

    static long ipv6(long seed, int s0, int s1, int s2, int s3, int d0, int d1, int d2, int d3, long tail) {
        long h = mix(seed ^ (((long) s0 << 32) | (s1 & 0xffffffffL)));
        h = mix(h ^ (((long) s2 << 32) | (s3 & 0xffffffffL)));
        h = mix(h ^ (((long) d0 << 32) | (d1 & 0xffffffffL)));
        h = mix(h ^ (((long) d2 << 32) | (d3 & 0xffffffffL)));
        return mix(h ^ tail);
    }

    static long of(long seed, FlowKey key, int salt) {
        long tail = tail(key.family, key.protocol, (key.sourcePort << 16) | key.destinationPort, salt);
        int[] s = key.source;
        int[] d = key.destination;
        if (!key.isIpv6()) {
            return ipv4(seed, s[0], d[0], tail);
        }
        return ipv6(seed, s[0], s[1], s[2], s[3], d[0], d[1], d[2], d[3], tail);
    }
}
