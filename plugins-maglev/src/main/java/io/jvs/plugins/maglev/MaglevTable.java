package io.jvs.plugins.maglev;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The Maglev lookup-table builder of Eisenbud et al., "Maglev: A Fast and Reliable Software Network
 * Load Balancer", NSDI 2016, §3.4 (Pseudocode 1), with weights as in Katran's
 * {@code MaglevHashV2}. A pure function: the same keys, weights and size always give the same table,
 * on every machine.
 *
 * <p><b>Permutations.</b> Destination {@code i} prefers the slots
 * {@code offset_i, offset_i + skip_i, offset_i + 2 skip_i, ... (mod M)} where
 * <pre>
 *   offset_i = XXH64(UTF-8 bytes of key_i, {@link #OFFSET_SEED}) mod M
 *   skip_i   = XXH64(UTF-8 bytes of key_i, {@link #SKIP_SEED}) mod (M - 1) + 1
 * </pre>
 * (unsigned 64-bit remainders). M is prime, so every skip is coprime with M and each preference list
 * is a permutation of all slots.
 *
 * <p><b>Filling.</b> Destinations take turns, in list order, claiming their next preferred slot that
 * is still empty, until all M slots are taken. With weights, the turns are spread by credit (Katran
 * {@code MaglevHashV2}): in every round each destination adds its weight to its credit and takes a
 * turn when the credit reaches the largest weight, which then is subtracted. A destination therefore
 * takes {@code floor(rounds * weight / maxWeight)} turns, in proportion to its weight and interleaved
 * with the others; weight 0 takes none. With equal weights this is exactly the paper's algorithm.
 * IPVS {@code ip_vs_mh.c} instead gives each destination {@code weight / gcd} consecutive turns and
 * shifts the weights down to 6 significant bits, which loses proportionality for uneven weights
 * (1 : 1000 becomes 1 : 62); jvs keeps exact proportions.
 *
 * <p><b>Order.</b> The list order breaks ties between turns of the same round, so it matters:
 * callers that need the same table for the same set of destinations, whatever the order they learned
 * them in, sort the keys first ({@link MaglevScheduler} sorts by {@link String#compareTo}). Keys should
 * be distinct: two equal keys have the same preferences.
 *
 * <p><b>Cost.</b> About {@code M ln M} probes into an occupancy bitset of {@code M / 8} bytes (8 KiB
 * for M = 65537, inside the L1 cache), plus one write per slot. Uneven weights add rounds in which only
 * the heavy destinations take turns: at most {@code M * maxWeight / sum(weights)} rounds of N steps.
 */
public final class MaglevTable {

    /** The default table size M: the prime used in the paper's evaluation and by Katran. */
    public static final int DEFAULT_SIZE = 65537;

    /**
     * The paper's rule for a balanced table: with {@code M >= 100 N} each destination's share stays
     * within about 1% of the ideal (NSDI 2016, §3.4 and §5.3).
     */
    public static final int SLOTS_PER_DESTINATION_FOR_BALANCE = 100;

    /** The seed of the offset hash h1: the ASCII bytes {@code "jvs-offs"} as a big-endian long. */
    public static final long OFFSET_SEED = 0x6A76732D6F666673L;

    /** The seed of the skip hash h2: the ASCII bytes {@code "jvs-skip"} as a big-endian long. */
    public static final long SKIP_SEED = 0x6A76732D736B6970L;

    /** The table entry of a slot that no destination owns (only when no destination has a weight). */
    public static final int EMPTY = -1;

    private MaglevTable() {
    }

    /**
     * Builds a lookup table.
     *
     * @param keys the destinations' stable keys ({@code "198.51.100.7:80"}), in turn order
     * @param weights the destinations' weights, 0..65535, parallel to {@code keys}; 0 takes no slot
     * @param tableSize M, a prime
     * @return M entries, each the index in {@code keys} of the slot's owner, or {@link #EMPTY} in every
     *     slot when no weight is above 0
     * @throws IllegalArgumentException when the sizes differ, a weight is out of range or M is not prime
     */
    public static int[] build(List<String> keys, int[] weights, int tableSize) {
        if (keys.size() != weights.length) {
            throw new IllegalArgumentException(keys.size() + " keys but " + weights.length + " weights");
        }
        if (!isPrime(tableSize)) {
            throw new IllegalArgumentException("table size must be prime: " + tableSize);
        }
        int count = 0;
        for (int weight : weights) {
            if (weight < 0 || weight > 65535) {
                throw new IllegalArgumentException("weight out of 0..65535: " + weight);
            }
            if (weight > 0) {
                count++;
            }
        }
        int[] table = new int[tableSize];
        if (count == 0) {
            Arrays.fill(table, EMPTY);
            return table;
        }
        int[] owner = new int[count];
        int[] next = new int[count];
        int[] skip = new int[count];
        int[] weight = new int[count];
        int maxWeight = 0;
        boolean equalWeights = true;
        int j = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] == 0) {
                continue;
            }
            byte[] key = keys.get(i).getBytes(StandardCharsets.UTF_8);
            owner[j] = i;
            next[j] = offset(key, tableSize);
            skip[j] = skip(key, tableSize);
            weight[j] = weights[i];
            equalWeights &= weight[j] == weight[0];
            maxWeight = Math.max(maxWeight, weights[i]);
            j++;
        }
        long[] taken = new long[(tableSize + 63) >>> 6];
        if (equalWeights) {
            fillTakingTurns(table, taken, owner, next, skip);
        } else {
            fillByCredit(table, taken, owner, next, skip, weight, maxWeight);
        }
        return table;
    }

    /**
     * Returns a destination's first preferred slot.
     *
     * @param key the destination key as UTF-8 bytes
     * @param tableSize M
     * @return {@code XXH64(key, OFFSET_SEED) mod M}
     */
    static int offset(byte[] key, int tableSize) {
        return (int) Long.remainderUnsigned(Xxh64.hash(key, OFFSET_SEED), tableSize);
    }

    /**
     * Returns a destination's step between preferred slots.
     *
     * @param key the destination key as UTF-8 bytes
     * @param tableSize M
     * @return {@code XXH64(key, SKIP_SEED) mod (M - 1) + 1}
     */
    static int skip(byte[] key, int tableSize) {
        return (int) Long.remainderUnsigned(Xxh64.hash(key, SKIP_SEED), tableSize - 1) + 1;
    }

    /** Every destination takes one turn per round: the paper's loop. */
    private static void fillTakingTurns(int[] table, long[] taken, int[] owner, int[] next, int[] skip) {
        int size = table.length;
        int count = owner.length;
        int filled = 0;
        while (true) {
            for (int i = 0; i < count; i++) {
                next[i] = claim(table, taken, owner[i], next[i], skip[i]);
                if (++filled == size) {
                    return;
                }
            }
        }
    }

    /** A destination takes a turn each time its credit reaches the largest weight. */
    private static void fillByCredit(int[] table, long[] taken, int[] owner, int[] next, int[] skip, int[] weight,
            int maxWeight) {
        int size = table.length;
        int count = owner.length;
        int[] credit = new int[count];
        int filled = 0;
        while (true) {
            for (int i = 0; i < count; i++) {
                int c = credit[i] + weight[i];
                if (c < maxWeight) {
                    credit[i] = c;
                    continue;
                }
                credit[i] = c - maxWeight;
                next[i] = claim(table, taken, owner[i], next[i], skip[i]);
                if (++filled == size) {
                    return;
                }
            }
        }
    }

    /**
     * Claims the first empty slot of a preference list from {@code slot} on.
     *
     * @return the preference after the claimed slot
     */
    private static int claim(int[] table, long[] taken, int owner, int slot, int skip) {
        int size = table.length;
        int c = slot;
        while ((taken[c >>> 6] & (1L << c)) != 0) {
            c += skip;
            if (c >= size) {
                c -= size;
            }
        }
        taken[c >>> 6] |= 1L << c;
        table[c] = owner;
        c += skip;
        return c >= size ? c - size : c;
    }

    /**
     * Tells whether a number is prime (trial division; at most about 2,900 divisions for any int).
     *
     * @param n the number
     * @return {@code true} when prime
     */
    public static boolean isPrime(int n) {
        if (n < 2) {
            return false;
        }
        if (n % 2 == 0) {
            return n == 2;
        }
        for (int d = 3; (long) d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the largest prime not above {@code n}, to suggest a valid size.
     *
     * @param n a number at least 2
     * @return the prime
     */
    public static int primeAtMost(int n) {
        int p = n;
        while (!isPrime(p)) {
            p--;
        }
        return p;
    }

    /**
     * Returns the smallest prime not below {@code n}, to suggest a valid size.
     *
     * @param n a number, at most 2147483647
     * @return the prime
     */
    public static int primeAtLeast(int n) {
        int p = Math.max(2, n);
        while (!isPrime(p)) {
            p++;
        }
        return p;
    }
}
