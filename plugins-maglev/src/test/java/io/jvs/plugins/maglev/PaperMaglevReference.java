package io.jvs.plugins.maglev;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Literal, unoptimised ports of the table-filling loops that {@link MaglevTable} must agree with:
 * Pseudocode 1 of the Maglev paper (NSDI 2016, §3.4) for equal weights, with an explicit permutation
 * matrix, and Katran's {@code MaglevHashV2::generateHashRing} for weights. Offsets and skips are
 * computed with {@link BigInteger} arithmetic rather than unsigned {@code long} remainders.
 */
final class PaperMaglevReference {

    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private PaperMaglevReference() {
    }

    static long offset(String key, int m) {
        return unsigned(Xxh64.hash(key.getBytes(StandardCharsets.UTF_8), MaglevTable.OFFSET_SEED))
                .mod(BigInteger.valueOf(m)).longValue();
    }

    static long skip(String key, int m) {
        return unsigned(Xxh64.hash(key.getBytes(StandardCharsets.UTF_8), MaglevTable.SKIP_SEED))
                .mod(BigInteger.valueOf(m - 1)).longValue() + 1;
    }

    /** Pseudocode 1: permutation[i][j] = (offset + j * skip) mod M; next[i]; entry[] = -1. */
    static int[] paper(List<String> keys, int m) {
        int n = keys.size();
        int[] entry = new int[m];
        Arrays.fill(entry, -1);
        if (n == 0) {
            return entry;
        }
        long[][] permutation = new long[n][m];
        for (int i = 0; i < n; i++) {
            long offset = offset(keys.get(i), m);
            long skip = skip(keys.get(i), m);
            for (int j = 0; j < m; j++) {
                permutation[i][j] = (offset + (long) j * skip) % m;
            }
        }
        int[] next = new int[n];
        int filled = 0;
        while (true) {
            for (int i = 0; i < n; i++) {
                long c = permutation[i][next[i]];
                while (entry[(int) c] >= 0) {
                    next[i] = next[i] + 1;
                    c = permutation[i][next[i]];
                }
                entry[(int) c] = i;
                next[i] = next[i] + 1;
                filled = filled + 1;
                if (filled == m) {
                    return entry;
                }
            }
        }
    }

    /** Katran MaglevHashV2: cumulative weight against the largest weight decides each turn. */
    static int[] katranV2(List<String> keys, int[] weights, int m) {
        int n = keys.size();
        int[] result = new int[m];
        Arrays.fill(result, -1);
        int maxWeight = Arrays.stream(weights).max().orElse(0);
        if (maxWeight == 0) {
            return result;
        }
        long[] offset = new long[n];
        long[] skip = new long[n];
        for (int i = 0; i < n; i++) {
            offset[i] = offset(keys.get(i), m);
            skip[i] = skip(keys.get(i), m);
        }
        long[] next = new long[n];
        long[] cumWeight = new long[n];
        int runs = 0;
        while (true) {
            for (int i = 0; i < n; i++) {
                cumWeight[i] += weights[i];
                if (weights[i] > 0 && cumWeight[i] >= maxWeight) {
                    cumWeight[i] -= maxWeight;
                    long cur = (offset[i] + next[i] * skip[i]) % m;
                    while (result[(int) cur] >= 0) {
                        next[i] += 1;
                        cur = (offset[i] + next[i] * skip[i]) % m;
                    }
                    result[(int) cur] = i;
                    next[i] += 1;
                    runs++;
                    if (runs == m) {
                        return result;
                    }
                }
            }
        }
    }

    private static BigInteger unsigned(long value) {
        BigInteger b = BigInteger.valueOf(value);
        return value < 0 ? b.add(TWO_TO_64) : b;
    }
}
